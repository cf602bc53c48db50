import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Appointment, Vacancy } from './types';

/** Days ahead in which a term counts as ending soon (the scheduler reminds at the same horizon). */
const HORIZON_DAYS = 30;

/** Home-page card: team-leader terms ending within 30 days and open vacancies. */
export default function TermsExpiringCard() {
  const { t } = useTranslation();
  const active = useQuery({
    queryKey: ['appraisal', 'appointments', 'home'],
    queryFn: () =>
      unwrap<Page<Appointment>>(api.GET('/api/v1/team-leader-appointments', { params: { query: { status: 'active', limit: 200 } } })),
  });
  const vacancies = useQuery({
    queryKey: ['appraisal', 'vacancies', 'home'],
    queryFn: () => unwrap<Page<Vacancy>>(api.GET('/api/v1/team-leader-vacancies', { params: { query: { status: 'open', limit: 200 } } })),
  });
  const ending = (active.data?.items ?? [])
    .filter((a) => a.daysToTermEnd !== null && a.daysToTermEnd <= HORIZON_DAYS)
    .sort((a, b) => (a.daysToTermEnd ?? 0) - (b.daysToTermEnd ?? 0));
  const openCount = vacancies.data?.items.length ?? 0;
  return (
    <Card
      title={t('appraisal.home.title')}
      extra={
        <Link to="/appraisal/vacancies">
          <Tag color={openCount > 0 ? 'orange' : 'default'}>{t('appraisal.home.openVacancies', { count: openCount })}</Tag>
        </Link>
      }
      data-testid="appraisal-home-card"
    >
      {active.isError ? (
        <ErrorAlert error={active.error} onRetry={() => void active.refetch()} />
      ) : active.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : ending.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.home.none')} />
      ) : (
        <List
          size="small"
          dataSource={ending.slice(0, 8)}
          renderItem={(a) => (
            <List.Item
              extra={<Typography.Text type="warning">{t('appraisal.leaders.daysLeft', { count: a.daysToTermEnd ?? 0 })}</Typography.Text>}
            >
              <Link to="/appraisal/team-leaders">
                {a.userName} · {a.teamName}
              </Link>{' '}
              <Typography.Text type="secondary">{a.endsOn}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
