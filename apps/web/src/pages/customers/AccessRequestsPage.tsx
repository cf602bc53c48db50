import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Input, Modal, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { type AccessRequest, CUSTOMERS_KEY } from './customers-api';
import { LevelTag } from './shared';

type View = 'pending' | 'all' | 'mine';

export default function AccessRequestsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole, me } = useAuth();
  const { dateTime } = useBusinessTime();
  const queryClient = useQueryClient();
  const isManager = hasRole(['cs_manager']);
  const [view, setView] = useState<View>(isManager ? 'pending' : 'mine');
  const [deciding, setDeciding] = useState<{ request: AccessRequest; decision: 'approve' | 'reject' } | null>(null);
  const [note, setNote] = useState('');
  const list = useCursorList<AccessRequest>(['access-requests', view], (cursor) =>
    unwrap<Page<AccessRequest>>(
      api.GET('/api/v1/access-requests', {
        params: {
          query: compactQuery({
            status: view === 'pending' ? ('pending' as const) : undefined,
            mine: view === 'mine' ? ('true' as const) : undefined,
            cursor,
            limit: 50,
          }),
        },
      }),
    ),
  );
  const decide = useMutation({
    mutationFn: ({ request, decision }: { request: AccessRequest; decision: 'approve' | 'reject' }) =>
      decision === 'approve'
        ? unwrap(
            api.POST('/api/v1/access-requests/{id}/approve', {
              params: { path: { id: request.id } },
              body: { note: note.trim() || undefined },
            }),
          )
        : unwrap(
            api.POST('/api/v1/access-requests/{id}/reject', {
              params: { path: { id: request.id } },
              body: { note: note.trim() || undefined },
            }),
          ),
    onSuccess: async (_, { decision }) => {
      await queryClient.invalidateQueries({ queryKey: ['access-requests'] });
      await queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      void message.success(decision === 'approve' ? t('customers.requests.approved') : t('customers.requests.rejected'));
      setDeciding(null);
      setNote('');
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const statusColor = { pending: 'processing', approved: 'green', rejected: 'red' } as const;

  return (
    <>
      <PageHeader
        title={t('customers.requests.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      <Segmented<View>
        style={{ marginBottom: 12 }}
        value={view}
        onChange={setView}
        options={[
          { value: 'pending', label: t('customers.requests.pending') },
          { value: 'mine', label: t('customers.requests.mine') },
          { value: 'all', label: t('customers.requests.all') },
        ]}
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<AccessRequest>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1000 }}
            data-testid="access-requests-table"
            locale={{ emptyText: <Empty description={t('customers.requests.empty')} /> }}
            columns={[
              {
                title: t('customers.requests.customer'),
                dataIndex: 'customerName',
                render: (name: string, r) => (
                  <Flex gap={4}>
                    <Link to={`/customers/${r.customerId}`}>{name}</Link>
                    <LevelTag level={r.confidentiality} />
                  </Flex>
                ),
              },
              { title: t('customers.requests.requester'), dataIndex: 'requesterName', width: 120 },
              { title: t('customers.requests.reason'), dataIndex: 'reason' },
              {
                title: t('customers.requests.duration'),
                dataIndex: 'durationHours',
                width: 90,
                render: (h: number) => t('customers.requests.hours', { count: h }),
              },
              {
                title: t('customers.requests.statusLabel'),
                dataIndex: 'status',
                width: 200,
                render: (s: AccessRequest['status'], r) => (
                  <Flex vertical gap={2}>
                    <Tag color={statusColor[s]}>{t(`customers.requests.status.${s}`)}</Tag>
                    {r.expiresAt && (
                      <span style={{ fontSize: 12 }}>
                        {t('customers.requests.expiresAt')} {dateTime(r.expiresAt)}
                      </span>
                    )}
                    {r.decisionNote && <span style={{ fontSize: 12 }}>{r.decisionNote}</span>}
                  </Flex>
                ),
              },
              { title: t('customers.requests.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 190,
                fixed: 'right',
                render: (_, r) =>
                  r.status === 'pending' && isManager && r.requesterId !== me?.id ? (
                    <Flex gap={4}>
                      <Button
                        size="small"
                        type="primary"
                        icon={<CheckOutlined />}
                        onClick={() => setDeciding({ request: r, decision: 'approve' })}
                        data-testid="approve-access"
                      >
                        {t('customers.requests.approve')}
                      </Button>
                      <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ request: r, decision: 'reject' })}>
                        {t('customers.requests.reject')}
                      </Button>
                    </Flex>
                  ) : null,
              },
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
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? `${deciding.decision === 'approve' ? t('customers.requests.approve') : t('customers.requests.reject')} · ${deciding.request.customerName}`
            : ''
        }
        onCancel={() => setDeciding(null)}
        onOk={() => deciding && decide.mutate(deciding)}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={decide.isPending}
        okButtonProps={{ danger: deciding?.decision === 'reject' }}
      >
        <Input.TextArea
          rows={3}
          maxLength={1000}
          placeholder={t('customers.requests.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}
