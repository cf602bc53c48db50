import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Segmented, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { WorkListItem } from './customers-api';

type Reason = WorkListItem['reason'];

/** Home-page card: the most overdue visits and re-verifications of the user's scope. */
export default function WorkListWidget() {
  const { t } = useTranslation();
  const [reason, setReason] = useState<Reason>('visit_due');
  const due = useQuery({
    queryKey: ['customers', 'work-list', 'widget', reason],
    queryFn: () => unwrap<Page<WorkListItem>>(api.GET('/api/v1/customers/work-list', { params: { query: { reason, limit: 5 } } })),
  });
  return (
    <Card
      title={t('customers.workList.title')}
      extra={<Link to="/customers/work-list">{t('customers.workList.all')}</Link>}
      data-testid="customers-work-list-widget"
    >
      <Segmented<Reason>
        size="small"
        style={{ marginBottom: 8 }}
        value={reason}
        onChange={setReason}
        options={[
          { value: 'visit_due', label: t('customers.workList.visitDue') },
          { value: 'reverification_due', label: t('customers.workList.reverificationDue') },
        ]}
      />
      {due.isError ? (
        <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />
      ) : (
        <List<WorkListItem>
          size="small"
          loading={due.isPending}
          dataSource={due.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.workList.empty')} /> }}
          renderItem={(c) => (
            <List.Item extra={<Tag color="orange">{c.dueOn}</Tag>}>
              <Link to={`/customers/${c.id}`}>{c.name}</Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
