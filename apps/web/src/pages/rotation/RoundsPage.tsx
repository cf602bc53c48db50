import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Empty, Form, Input, Modal, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/auth-context';
import { DATE_FORMAT } from '../../i18n/time';
import { ROUNDS_KEY, type RotationRoundResponse, type RotationRoundSummary } from './rotation-api';

export const ROUND_COLOR: Record<RotationRoundSummary['status'], string> = {
  draft: 'default',
  planned: 'processing',
  approved: 'gold',
  applied: 'green',
};

export default function RoundsPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [creating, setCreating] = useState(false);
  const list = useCursorList<RotationRoundSummary>([...ROUNDS_KEY, 'list'], (cursor) =>
    unwrap<Page<RotationRoundSummary>>(api.GET('/api/v1/rotation-rounds', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader
        title={t('rotation.rounds.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {hasRole(['channel_engineer', 'channel_manager']) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">
                {t('rotation.rounds.create')}
              </Button>
            )}
          </>
        }
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<RotationRoundSummary>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('rotation.rounds.empty')} /> }}
            data-testid="rounds-table"
            columns={[
              {
                title: t('rotation.rounds.name'),
                dataIndex: 'name',
                render: (name: string, r) => <Link to={`/rotation/rounds/${r.id}`}>{name}</Link>,
              },
              { title: t('rotation.rounds.effectiveOn'), dataIndex: 'effectiveOn', width: 130 },
              {
                title: t('rotation.rounds.status'),
                dataIndex: 'status',
                width: 130,
                render: (s: RotationRoundSummary['status']) => <Tag color={ROUND_COLOR[s]}>{t(`rotation.roundStatus.${s}`)}</Tag>,
              },
              { title: t('rotation.rounds.lines'), dataIndex: 'lineCount', width: 90, align: 'right' },
              {
                title: t('rotation.rounds.violations'),
                dataIndex: 'violationCount',
                width: 90,
                align: 'right',
                render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
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
      {creating && <CreateRoundModal onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateRoundModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; effectiveOn: Dayjs; orgUnitId?: string }>();
  const [key] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: { name: string; effectiveOn: Dayjs; orgUnitId?: string }) =>
      unwrap<RotationRoundResponse>(
        api.POST('/api/v1/rotation-rounds', {
          body: { name: v.name.trim(), effectiveOn: v.effectiveOn.format(DATE_FORMAT), orgUnitId: v.orgUnitId },
          headers: { 'Idempotency-Key': key },
        }),
      ),
    onSuccess: async (round) => {
      await queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
      onClose();
      void navigate(`/rotation/rounds/${round.id}`);
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });
  return (
    <Modal
      open
      title={t('rotation.rounds.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <Form form={form} name="round" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('rotation.rounds.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('rotation.rounds.effectiveOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('rotation.rounds.unit')}>
          <OrgUnitSelect allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
