import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { SatisfactionReport } from './api';

/** Home card for agents: how many survey calls wait on the work list. */
export function PendingCallsWidget() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pending = useQuery({
    queryKey: ['surveys', 'invitations', 'widget'],
    queryFn: () => unwrap(api.GET('/api/v1/survey-invitations', { params: { query: { status: 'pending', limit: 100 } } })),
  });
  const count = pending.data ? `${pending.data.items.length}${pending.data.nextCursor ? '+' : ''}` : '—';
  return (
    <Card
      title={t('surveys.nav.workList')}
      loading={pending.isPending}
      extra={
        <Button type="link" onClick={() => void navigate('/surveys/work')}>
          {t('surveys.work.answer')}
        </Button>
      }
    >
      {pending.isError ? <ErrorAlert error={pending.error} /> : <Statistic title={t('surveys.statuses.pending')} value={count} />}
    </Card>
  );
}

/** Home card for managers: this quarter's coverage and satisfaction in their unit against the targets. */
export function QuarterSatisfactionWidget() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const period = `${dayjs().year()}-Q${Math.floor(dayjs().month() / 3) + 1}`;
  const report = useQuery({
    queryKey: ['surveys', 'report', period, undefined],
    queryFn: () => unwrap<SatisfactionReport>(api.GET('/api/v1/reports/satisfaction', { params: { query: { period } } })),
  });
  const value = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}%`);
  return (
    <Card
      title={`${t('surveys.dashboard.title')} · ${period}`}
      loading={report.isPending}
      extra={
        <Button type="link" onClick={() => void navigate('/surveys/dashboard')}>
          {t('surveys.campaigns.metrics')}
        </Button>
      }
    >
      {report.isError ? (
        <ErrorAlert error={report.error} />
      ) : (
        <Row gutter={16}>
          <Col span={12}>
            <Statistic title={t('surveys.dashboard.coverage')} value={value(report.data?.coverage)} />
            <Typography.Text type="secondary">
              {t('surveys.dashboard.target', { value: report.data?.targets.coverage ?? 95 })}
            </Typography.Text>
          </Col>
          <Col span={12}>
            <Statistic title={t('surveys.dashboard.satisfaction')} value={value(report.data?.satisfactionRate)} />
            <Typography.Text type="secondary">
              {t('surveys.dashboard.target', { value: report.data?.targets.satisfaction ?? 95 })}
            </Typography.Text>
          </Col>
        </Row>
      )}
    </Card>
  );
}
