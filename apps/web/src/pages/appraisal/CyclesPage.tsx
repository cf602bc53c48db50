import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { type Appointment, type Cycle, type CycleDetail, MANAGER_ROLES, type Scheme } from './types';

const CYCLES_KEY = ['appraisal', 'cycles'] as const;
const SCHEMES_KEY = ['appraisal', 'schemes'] as const;
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export function useSchemes() {
  return useQuery({
    queryKey: SCHEMES_KEY,
    queryFn: () => unwrap<Page<Scheme>>(api.GET('/api/v1/appraisal-schemes', { params: { query: { limit: 200 } } })),
  });
}

export default function CyclesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { dateTime } = useBusinessTime();
  const { hasRole } = useAuth();
  const canManage = hasRole(MANAGER_ROLES);
  const [creating, setCreating] = useState<'cycle' | 'scheme' | null>(null);
  const list = useCursorList<Cycle>([...CYCLES_KEY], (cursor) =>
    unwrap<Page<Cycle>>(api.GET('/api/v1/appraisal-cycles', { params: { query: { cursor, limit: 50 } } })),
  );
  return (
    <>
      <PageHeader
        title={t('appraisal.cycles.title')}
        subtitle={t('appraisal.cycles.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {canManage && (
              <>
                <Button icon={<PlusOutlined />} onClick={() => setCreating('scheme')} data-testid="scheme-create">
                  {t('appraisal.cycles.newScheme')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('cycle')} data-testid="cycle-create">
                  {t('appraisal.cycles.newCycle')}
                </Button>
              </>
            )}
          </>
        }
      />
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Cycle>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: <Empty description={t('appraisal.cycles.empty')} /> }}
            onRow={(cycle) => ({ onClick: () => void navigate(`/appraisal/cycles/${cycle.id}`), style: { cursor: 'pointer' } })}
            data-testid="cycles-table"
            columns={[
              { title: t('appraisal.cycles.year'), dataIndex: 'year', width: 90 },
              { title: t('appraisal.cycles.scheme'), dataIndex: 'schemeName' },
              { title: t('appraisal.cycles.members'), dataIndex: 'memberCount', width: 100 },
              { title: t('appraisal.cycles.scored'), key: 'scored', width: 100, render: (_, c) => `${c.scoredCount} / ${c.memberCount}` },
              {
                title: t('appraisal.cycles.status'),
                dataIndex: 'status',
                width: 110,
                render: (s: Cycle['status']) => <Tag color={s === 'open' ? 'processing' : 'success'}>{t(`appraisal.cycles.${s}`)}</Tag>,
              },
              { title: t('appraisal.cycles.openedBy'), dataIndex: 'openedBy', width: 140 },
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
      {creating === 'cycle' && <CycleModal onClose={() => setCreating(null)} />}
      {creating === 'scheme' && <SchemeModal onClose={() => setCreating(null)} />}
    </>
  );
}

function CycleModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ year: number; schemeId: string; appointmentIds: string[] }>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const schemes = useSchemes();
  const active = useQuery({
    queryKey: ['appraisal', 'appointments', 'active-all'],
    queryFn: () =>
      unwrap<Page<Appointment>>(api.GET('/api/v1/team-leader-appointments', { params: { query: { status: 'active', limit: 200 } } })),
  });
  const save = useMutation({
    mutationFn: (v: { year: number; schemeId: string; appointmentIds: string[] }) =>
      unwrap<CycleDetail>(api.POST('/api/v1/appraisal-cycles', { body: v, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: async (cycle) => {
      void message.success(t('appraisal.cycles.created', { year: cycle.year }));
      await queryClient.invalidateQueries({ queryKey: CYCLES_KEY });
      onClose();
      void navigate(`/appraisal/cycles/${cycle.id}`);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['year', 'schemeId', 'appointmentIds'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  return (
    <Modal
      open
      width={640}
      title={t('appraisal.cycles.newCycle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {active.isError && <ErrorAlert error={active.error} />}
      <Form
        form={form}
        layout="vertical"
        name="cycle"
        initialValues={{ year: new Date().getFullYear() }}
        onFinish={(v) => save.mutate(v)}
        key={active.data ? 'loaded' : 'loading'}
      >
        <Flex gap={12}>
          <Form.Item name="year" label={t('appraisal.cycles.year')} rules={[required]} style={{ width: 140 }}>
            <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="schemeId" label={t('appraisal.cycles.scheme')} rules={[required]} style={{ flex: 1 }}>
            <Select loading={schemes.isPending} options={(schemes.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="appointmentIds"
          label={t('appraisal.cycles.appointments')}
          extra={t('appraisal.cycles.appointmentsHint')}
          initialValue={(active.data?.items ?? []).map((a) => a.id)}
          rules={[{ required: true, type: 'array', min: 1, message: t('appraisal.leaders.required') }]}
        >
          <Select
            mode="multiple"
            loading={active.isPending}
            optionFilterProp="label"
            maxTagCount="responsive"
            options={(active.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.userName} · ${a.teamName}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface SchemeForm {
  name: string;
  dimensions: { key: string; name: string; weight: number; minimum?: number | null }[];
  vetoItems: { key: string; name: string }[];
}

function SchemeModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SchemeForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const dimensions = Form.useWatch('dimensions', form) ?? [];
  const sum = dimensions.reduce((total, d) => total + (typeof d?.weight === 'number' ? Math.round(d.weight * 100) : 0), 0) / 100;
  const save = useMutation({
    mutationFn: (v: SchemeForm) =>
      unwrap<Scheme>(
        api.POST('/api/v1/appraisal-schemes', {
          body: {
            name: v.name.trim(),
            dimensions: v.dimensions.map((d) => ({
              key: d.key,
              name: d.name.trim(),
              weight: d.weight,
              ...(typeof d.minimum === 'number' ? { minimum: d.minimum } : {}),
            })),
            vetoItems: (v.vetoItems ?? []).map((x) => ({ key: x.key, name: x.name.trim() })),
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (scheme) => {
      void message.success(t('appraisal.cycles.schemeCreated', { name: scheme.name }));
      await queryClient.invalidateQueries({ queryKey: SCHEMES_KEY });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['name'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  const keyRule = { pattern: KEY, message: t('appraisal.cycles.keyInvalid') };
  return (
    <Modal
      open
      width={760}
      title={t('appraisal.cycles.newScheme')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<SchemeForm>
        form={form}
        layout="vertical"
        name="scheme"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          dimensions: [
            { key: 'production', name: '生产管理 3.1', weight: 40, minimum: 60 },
            { key: 'coaching', name: '辅导与沟通 3.2', weight: 30 },
            { key: 'team_building', name: '团队建设 3.3', weight: 30 },
          ],
          vetoItems: [{ key: 'major_complaint', name: '重大投诉' }],
        }}
      >
        <Form.Item name="name" label={t('appraisal.cycles.schemeName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Typography.Text strong>{t('appraisal.cycles.dimensions')}</Typography.Text>{' '}
        <Typography.Text type={sum === 100 ? 'success' : 'danger'}>{t('appraisal.cycles.weightSum', { sum })}</Typography.Text>
        <Form.List name="dimensions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" style={{ marginTop: 8 }}>
                  <Form.Item name={[field.name, 'key']} rules={[required, keyRule]} style={{ width: 140, marginBottom: 0 }}>
                    <Input placeholder={t('appraisal.cycles.dimensionKey')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ ...required, whitespace: true }]} style={{ flex: 1, marginBottom: 0 }}>
                    <Input placeholder={t('appraisal.cycles.dimensionName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']} rules={[required]} style={{ width: 110, marginBottom: 0 }}>
                    <InputNumber min={0.01} max={100} placeholder={t('appraisal.cycles.weight')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'minimum']} style={{ width: 110, marginBottom: 0 }}>
                    <InputNumber min={0} max={100} placeholder={t('appraisal.cycles.minimum')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    disabled={fields.length <= 1}
                    aria-label={t('common.delete')}
                  />
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add({ weight: 0 })} icon={<PlusOutlined />} style={{ marginTop: 8 }}>
                {t('appraisal.cycles.addDimension')}
              </Button>
            </>
          )}
        </Form.List>
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('appraisal.cycles.vetoItems')}</Typography.Text>
        </div>
        <Form.List name="vetoItems">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" style={{ marginTop: 8 }}>
                  <Form.Item name={[field.name, 'key']} rules={[required, keyRule]} style={{ width: 160, marginBottom: 0 }}>
                    <Input placeholder={t('appraisal.cycles.vetoKey')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ ...required, whitespace: true }]} style={{ flex: 1, marginBottom: 0 }}>
                    <Input placeholder={t('appraisal.cycles.vetoName')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Flex>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} style={{ marginTop: 8 }}>
                {t('appraisal.cycles.addVeto')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
