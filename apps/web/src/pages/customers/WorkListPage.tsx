import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Segmented, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import type { CustomerKind, Grade, WorkListItem } from './customers-api';
import { GradeTag } from './shared';

type Reason = WorkListItem['reason'];

/** Archives due a visit (monthly/quarterly cadence) or a quarterly re-verification. */
export default function WorkListPage() {
  const { t } = useTranslation();
  const [reason, setReason] = useState<Reason>('visit_due');
  const list = useCursorList<WorkListItem>(['customers', 'work-list', reason], (cursor) =>
    unwrap<Page<WorkListItem>>(
      api.GET('/api/v1/customers/work-list', { params: { query: { ...compactQuery({ cursor }), reason, limit: 50 } } }),
    ),
  );
  return (
    <>
      <PageHeader
        title={t('customers.workList.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      <Segmented<Reason>
        style={{ marginBottom: 12 }}
        value={reason}
        onChange={setReason}
        options={[
          { value: 'visit_due', label: t('customers.workList.visitDue') },
          { value: 'reverification_due', label: t('customers.workList.reverificationDue') },
        ]}
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<WorkListItem>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('customers.workList.empty')} /> }}
            columns={[
              { title: t('customers.workList.dueOn'), dataIndex: 'dueOn', width: 120 },
              {
                title: t('customers.fields.name'),
                dataIndex: 'name',
                render: (name: string, c) => <Link to={`/customers/${c.id}`}>{name}</Link>,
              },
              { title: t('customers.fields.kind'), dataIndex: 'kind', width: 160, render: (k: CustomerKind) => t(`customers.kinds.${k}`) },
              { title: t('customers.fields.owningUnit'), dataIndex: 'owningUnitName', width: 160 },
              { title: t('customers.fields.grade'), dataIndex: 'grade', width: 90, render: (g: Grade | null) => <GradeTag grade={g} /> },
              {
                title: t('customers.fields.projectDeliveredOn'),
                dataIndex: 'projectDeliveredOn',
                width: 140,
                render: (d: string | null) => d ?? '—',
              },
              { title: t('customers.fields.lastVisitOn'), dataIndex: 'lastVisitOn', width: 120, render: (d: string | null) => d ?? '—' },
            ]}
          />
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </>
      )}
    </>
  );
}
