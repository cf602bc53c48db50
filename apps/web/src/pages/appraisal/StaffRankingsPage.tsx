import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '@cs/api-client';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { UserSearchSelect } from './UserSearchSelect';
import { MANAGER_ROLES } from './types';

type Ranking = Schemas['StaffRankingResponse'];
type RankedEntry = Ranking['entries'][number];
const RANKINGS_KEY = ['appraisal', 'staff-rankings'] as const;

function quarterOptions(): { value: string; label: string }[] {
  const now = dayjs();
  return Array.from({ length: 6 }, (_, i) => {
    const d = now.subtract(i * 3, 'month');
    const key = `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
    return { value: key, label: key };
  });
}

export default function StaffRankingsPage() {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const { hasRole } = useAuth();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Ranking | null>(null);
  const list = useCursorList<Ranking>([...RANKINGS_KEY], (cursor) =>
    unwrap<Page<Ranking>>(api.GET('/api/v1/service-staff-rankings', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader
        title={t('appraisal.staff.title')}
        subtitle={t('appraisal.staff.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {hasRole(MANAGER_ROLES) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('appraisal.staff.create')}
              </Button>
            )}
          </>
        }
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Ranking>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('appraisal.staff.empty')} /> }}
            onRow={(ranking) => ({ onClick: () => setShown(ranking), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('appraisal.staff.quarter'), dataIndex: 'quarter', width: 110 },
              { title: t('appraisal.staff.titleLabel'), dataIndex: 'title' },
              { title: t('appraisal.staff.people'), key: 'people', width: 90, render: (_, r) => r.entries.length },
              {
                title: t('appraisal.staff.tiers'),
                key: 'tiers',
                render: (_, r) => (
                  <Flex gap={4} wrap>
                    {r.tiers.map((tier) => (
                      <Tag key={tier.name}>
                        {tier.name}: {tier.fromRank}–{tier.toRank}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
              { title: t('admin.users.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dateTime(v) },
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
      {shown && (
        <Drawer open width={520} title={`${shown.quarter} · ${shown.title}`} onClose={() => setShown(null)}>
          <Table<RankedEntry>
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={shown.entries}
            columns={[
              { title: t('appraisal.cycle.rank'), dataIndex: 'rank', width: 64 },
              { title: t('appraisal.staff.person'), dataIndex: 'userName' },
              { title: t('appraisal.staff.score'), dataIndex: 'score', width: 90 },
              {
                title: t('appraisal.staff.tier'),
                dataIndex: 'tier',
                width: 100,
                render: (tier: string | null) => (tier ? <Tag color="gold">{tier}</Tag> : ''),
              },
            ]}
          />
        </Drawer>
      )}
      {creating && <CreateRankingModal onClose={() => setCreating(false)} onCreated={setShown} />}
    </>
  );
}

interface RankingForm {
  quarter: string;
  title?: string;
  entries: { userId: string; score: number }[];
}

function CreateRankingModal({ onClose, onCreated }: { onClose: () => void; onCreated: (ranking: Ranking) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RankingForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const options = quarterOptions();
  const save = useMutation({
    mutationFn: (v: RankingForm) =>
      unwrap<Ranking>(
        api.POST('/api/v1/service-staff-rankings', {
          body: { quarter: v.quarter, title: v.title?.trim() || undefined, entries: v.entries },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (ranking) => {
      await queryClient.invalidateQueries({ queryKey: RANKINGS_KEY });
      onClose();
      onCreated(ranking);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['quarter', 'title'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  return (
    <Modal
      open
      width={640}
      title={t('appraisal.staff.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('appraisal.staff.tiersHint')}</Typography.Paragraph>
      <Form<RankingForm>
        form={form}
        layout="vertical"
        name="staff-ranking"
        initialValues={{ quarter: options[1]?.value, entries: [{}] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Flex gap={12}>
          <Form.Item name="quarter" label={t('appraisal.staff.quarter')} rules={[required]} style={{ width: 160 }}>
            <Select options={options} />
          </Form.Item>
          <Form.Item name="title" label={t('appraisal.staff.titleLabel')} style={{ flex: 1 }}>
            <Input maxLength={120} placeholder="Service staff" />
          </Form.Item>
        </Flex>
        <Form.List name="entries">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item name={[field.name, 'userId']} rules={[required]} style={{ flex: 1 }}>
                    <UserSearchSelect />
                  </Form.Item>
                  <Form.Item name={[field.name, 'score']} rules={[required]} style={{ width: 120 }}>
                    <InputNumber min={0} max={100000} precision={2} placeholder={t('appraisal.staff.score')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    disabled={fields.length <= 1}
                    aria-label={t('common.delete')}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('appraisal.staff.addPerson')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
