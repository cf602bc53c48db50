import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page, UserResponse } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/auth-context';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';
import { type FieldStaffCategory, type FieldStaffResponse, STAFF_KEY, STATUS_COLOR, useAllRegions } from './rotation-api';

const CATEGORIES: FieldStaffCategory[] = ['customer_manager', 'spare_parts', 'technician'];
type Action = { kind: 'assign' | 'score' | 'error'; staff: FieldStaffResponse };

export default function FieldStaffPage() {
  const { t } = useTranslation();
  const { timeZone } = useBusinessTime();
  const { hasRole } = useAuth();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const [category, setCategory] = useState<FieldStaffCategory | undefined>();
  const [registering, setRegistering] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const asOfText = asOf?.format(DATE_FORMAT);
  const list = useCursorList<FieldStaffResponse>([...STAFF_KEY, asOfText, category], (cursor) =>
    unwrap<Page<FieldStaffResponse>>(
      api.GET('/api/v1/field-staff', { params: { query: compactQuery({ cursor, limit: 100, asOf: asOfText, category }) } }),
    ),
  );
  const canEdit = hasRole(['channel_engineer', 'channel_manager']);

  return (
    <>
      <PageHeader
        title={t('rotation.staff.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
                {t('rotation.staff.register')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
        <Typography.Text>{t('rotation.staff.asOf')}</Typography.Text>
        <DatePicker value={asOf} onChange={setAsOf} placeholder={dayjs().tz(timeZone).format(DATE_FORMAT)} />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('rotation.staff.category')}
          value={category}
          onChange={setCategory}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`rotation.categories.${c}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<FieldStaffResponse>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description={t('rotation.staff.empty')} /> }}
            data-testid="field-staff-table"
            columns={[
              { title: t('rotation.staff.name'), dataIndex: 'displayName', width: 120, fixed: 'left' },
              {
                title: t('rotation.staff.category'),
                dataIndex: 'category',
                width: 120,
                render: (c: FieldStaffCategory) => t(`rotation.categories.${c}`),
              },
              {
                title: t('rotation.staff.regions'),
                key: 'regions',
                width: 180,
                render: (_, s) =>
                  s.currentAssignment?.regions.map((r) => r.name).join('、') || (
                    <Typography.Text type="secondary">{t('rotation.staff.none')}</Typography.Text>
                  ),
              },
              {
                title: t('rotation.staff.since'),
                key: 'since',
                width: 110,
                render: (_, s) => s.currentAssignment?.since ?? t('common.none'),
              },
              {
                title: t('rotation.staff.tenure'),
                dataIndex: 'monthsInRegion',
                width: 90,
                align: 'right',
                render: (m: number | null) => m ?? t('common.none'),
              },
              {
                title: t('rotation.staff.flag'),
                key: 'flag',
                width: 130,
                render: (_, s) => (
                  <Tooltip title={s.rotation.reasons.map((r) => r.text).join('; ')}>
                    <Tag color={STATUS_COLOR[s.rotation.status]} data-testid="rotation-flag">
                      {t(`rotation.status.${s.rotation.status}`)}
                    </Tag>
                  </Tooltip>
                ),
              },
              {
                title: t('rotation.staff.scores'),
                key: 'scores',
                width: 220,
                render: (_, s) => (
                  <Flex wrap gap={2}>
                    {s.recentScores.map((score) => (
                      <Tooltip key={score.month} title={score.month}>
                        <Tag color={score.score < 60 ? 'red' : undefined}>{score.score}</Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                ),
              },
              { title: t('rotation.staff.errors'), dataIndex: 'majorErrorCount', width: 90, align: 'right' },
              {
                title: t('rotation.staff.reportFlags'),
                dataIndex: 'reportingFlagCount',
                width: 110,
                align: 'right',
                render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
              },
              ...(canEdit
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, s: FieldStaffResponse) => (
                        <Dropdown
                          menu={{
                            items: [
                              { key: 'assign', label: t('rotation.staff.assign') },
                              { key: 'score', label: t('rotation.staff.addScore') },
                              { key: 'error', label: t('rotation.staff.addError') },
                            ],
                            onClick: ({ key }) => setAction({ kind: key as Action['kind'], staff: s }),
                          }}
                        >
                          <Button size="small">{t('common.edit')}</Button>
                        </Dropdown>
                      ),
                    },
                  ]
                : []),
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
      {registering && <RegisterModal onClose={() => setRegistering(false)} />}
      {action && <ActionModal action={action} onClose={() => setAction(null)} />}
    </>
  );
}

function useSaved(onClose: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rotation'] });
      message.success(t('common.saved'));
      onClose();
    },
    onError: (error: unknown) => message.error(errorMessage(error, t)),
  };
}

function RegisterModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ userId: string; category: FieldStaffCategory; channelEngineerId?: string }>();
  const [key] = useState(newIdempotencyKey);
  const users = useQuery({
    queryKey: ['rotation', 'users', 'field_staff'],
    queryFn: () => unwrap<Page<UserResponse>>(api.GET('/api/v1/users', { params: { query: { role: 'field_staff', limit: 200 } } })),
  });
  const engineers = useQuery({
    queryKey: ['rotation', 'users', 'channel_engineer'],
    queryFn: () => unwrap<Page<UserResponse>>(api.GET('/api/v1/users', { params: { query: { role: 'channel_engineer', limit: 200 } } })),
  });
  const save = useMutation({
    mutationFn: (body: { userId: string; category: FieldStaffCategory; channelEngineerId?: string }) =>
      unwrap(api.POST('/api/v1/field-staff', { body, headers: { 'Idempotency-Key': key } })),
    ...useSaved(onClose),
  });
  return (
    <Modal open title={t('rotation.staff.register')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="userId" label={t('rotation.staff.user')} extra={t('rotation.staff.userHint')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={users.isPending}
            options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t('rotation.staff.category')} rules={[{ required: true }]}>
          <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`rotation.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item name="channelEngineerId" label={t('rotation.staff.engineer')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(engineers.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActionModal({ action, onClose }: { action: Action; onClose: () => void }) {
  const { t } = useTranslation();
  const regions = useAllRegions();
  const [form] = Form.useForm<{
    regionIds?: string[];
    since?: Dayjs;
    month?: Dayjs;
    score?: number;
    occurredOn?: Dayjs;
    description?: string;
  }>();
  const [key] = useState(newIdempotencyKey);
  const id = action.staff.id;
  const save = useMutation({
    mutationFn: async (v: {
      regionIds?: string[];
      since?: Dayjs;
      month?: Dayjs;
      score?: number;
      occurredOn?: Dayjs;
      description?: string;
    }) => {
      const headers = { 'Idempotency-Key': key };
      const path = { id };
      if (action.kind === 'assign') {
        return unwrap(
          api.POST('/api/v1/field-staff/{id}/assignments', {
            params: { path },
            headers,
            body: { regionIds: v.regionIds ?? [], since: v.since?.format(DATE_FORMAT) ?? '' },
          }),
        );
      }
      if (action.kind === 'score') {
        return unwrap(
          api.POST('/api/v1/field-staff/{id}/monthly-scores', {
            params: { path },
            headers,
            body: { month: v.month?.format('YYYY-MM') ?? '', score: v.score ?? 0 },
          }),
        );
      }
      return unwrap(
        api.POST('/api/v1/field-staff/{id}/major-errors', {
          params: { path },
          headers,
          body: { occurredOn: v.occurredOn?.format(DATE_FORMAT) ?? '', description: v.description ?? '' },
        }),
      );
    },
    ...useSaved(onClose),
  });
  const title = { assign: t('rotation.staff.assign'), score: t('rotation.staff.addScore'), error: t('rotation.staff.addError') }[
    action.kind
  ];
  return (
    <Modal
      open
      title={`${title} · ${action.staff.displayName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {action.kind === 'assign' && (
          <>
            <Form.Item name="regionIds" label={t('rotation.staff.regions')} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              />
            </Form.Item>
            <Form.Item name="since" label={t('rotation.staff.assignSince')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </>
        )}
        {action.kind === 'score' && (
          <>
            <Form.Item name="month" label={t('rotation.staff.month')} rules={[{ required: true }]}>
              <DatePicker picker="month" />
            </Form.Item>
            <Form.Item name="score" label={t('rotation.staff.score')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={2} />
            </Form.Item>
          </>
        )}
        {action.kind === 'error' && (
          <>
            <Form.Item name="occurredOn" label={t('rotation.staff.occurredOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="description" label={t('rotation.staff.description')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
