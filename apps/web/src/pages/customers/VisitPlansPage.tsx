import {
  CheckOutlined,
  CloseOutlined,
  FileTextOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';
import { PLAN_STATUSES, type PlannedVisit, type PlanStatus, type VisitPlan } from './customers-api';
import { CustomerPicker } from './shared';
import { VisitReportModal } from './VisitReportForm';

const STATUS_COLORS: Record<PlanStatus, string> = { draft: 'default', submitted: 'processing', approved: 'success', rejected: 'error' };
const VISIT_COLORS: Record<PlannedVisit['status'], string> = { planned: 'default', scheduled: 'blue', done: 'green', cancelled: 'default' };

/** The plan board: one column per status; a plan opens in a drawer with its visits and actions. */
export default function VisitPlansPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title={t('customers.plans.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['visit-plans'] })}>
              {t('common.reload')}
            </Button>
            {hasRole(['agent', 'cs_manager']) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-create">
                {t('customers.plans.create')}
              </Button>
            )}
          </>
        }
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(220px, 1fr))', gap: 12, overflowX: 'auto' }}>
        {PLAN_STATUSES.map((status) => (
          <PlanColumn key={status} status={status} onOpen={setOpenId} />
        ))}
      </div>
      {creating && <PlanModal onClose={() => setCreating(false)} onCreated={setOpenId} />}
      {openId && <PlanDrawer id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}

function PlanColumn({ status, onOpen }: { status: PlanStatus; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const list = useCursorList<VisitPlan>(['visit-plans', 'board', status], (cursor) =>
    unwrap<Page<VisitPlan>>(api.GET('/api/v1/visit-plans', { params: { query: compactQuery({ status, cursor, limit: 30 }) } })),
  );
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <Badge status={STATUS_COLORS[status] as 'default'} />
          {t(`customers.plans.status.${status}`)}
        </Flex>
      }
      styles={{ body: { padding: 8, background: '#fafafa', minHeight: 200 } }}
      data-testid={`plan-column-${status}`}
    >
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : list.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.plans.empty')} />
      ) : (
        <Flex vertical gap={8}>
          {list.items.map((plan) => (
            <Card key={plan.id} size="small" hoverable onClick={() => onOpen(plan.id)} data-testid="plan-card">
              <Typography.Text strong>{plan.title}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {plan.draftingUnitName} · {plan.visits.length} {t('customers.plans.visits')}
                </Typography.Text>
              </div>
            </Card>
          ))}
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </Flex>
      )}
    </Card>
  );
}

interface PlanValues {
  title: string;
  visits: { customerId: string; plannedOn: Dayjs }[];
}

function PlanModal({ plan, onClose, onCreated }: { plan?: VisitPlan; onClose: () => void; onCreated?: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanValues>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: PlanValues) => {
      const body = {
        title: v.title.trim(),
        visits: (v.visits ?? []).map((x) => ({ customerId: x.customerId, plannedOn: x.plannedOn.format(DATE_FORMAT) })),
      };
      return plan
        ? unwrap<VisitPlan>(
            api.PATCH('/api/v1/visit-plans/{id}', { params: { path: { id: plan.id } }, body: { ...body, version: plan.version } }),
          )
        : unwrap<VisitPlan>(api.POST('/api/v1/visit-plans', { body, headers: { 'Idempotency-Key': idempotencyKey } }));
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['visit-plans'] });
      void message.success(t('common.saved'));
      onCreated?.(saved.id);
      onClose();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void queryClient.invalidateQueries({ queryKey: ['visit-plans'] });
      if (!applyFieldErrors(form, error, ['title', 'visits'])) void message.error(errorMessage(error, t));
    },
  });
  return (
    <Modal
      open
      title={plan ? plan.title : t('customers.plans.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={680}
      destroyOnHidden
    >
      <Form<PlanValues>
        form={form}
        name="visit-plan"
        layout="vertical"
        initialValues={
          plan
            ? {
                title: plan.title,
                visits: plan.visits.map((v) => ({ customerId: v.customerId, plannedOn: dayjs(v.plannedOn, DATE_FORMAT) })),
              }
            : { visits: [{}] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="title"
          label={t('customers.plans.planTitle')}
          rules={[{ required: true, whitespace: true, message: t('customers.plans.titleRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Typography.Text strong>{t('customers.plans.visits')}</Typography.Text>
        <Form.List name="visits">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline" style={{ marginTop: 8 }}>
                  <Form.Item name={[field.name, 'customerId']} rules={[{ required: true }]} style={{ flex: 1, marginBottom: 0 }}>
                    <CustomerPicker />
                  </Form.Item>
                  <Form.Item name={[field.name, 'plannedOn']} rules={[{ required: true }]} style={{ width: 160, marginBottom: 0 }}>
                    <DatePicker placeholder={t('customers.plans.plannedOn')} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block style={{ marginTop: 8 }}>
                {t('customers.plans.addVisit')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function PlanDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const [reporting, setReporting] = useState<PlannedVisit | null>(null);
  const one = useQuery({
    queryKey: ['visit-plans', 'one', id],
    queryFn: () => unwrap<VisitPlan>(api.GET('/api/v1/visit-plans/{id}', { params: { path: { id } } })),
  });
  const plan = one.data;
  const act = useMutation({
    mutationFn: ({ action, p }: { action: 'submit' | 'approve' | 'reject'; p: VisitPlan }) => {
      const opts = { params: { path: { id: p.id } }, body: { version: p.version, note: note.trim() || undefined } };
      if (action === 'submit') return unwrap<VisitPlan>(api.POST('/api/v1/visit-plans/{id}/submit', opts));
      if (action === 'approve') return unwrap<VisitPlan>(api.POST('/api/v1/visit-plans/{id}/approve', opts));
      return unwrap<VisitPlan>(api.POST('/api/v1/visit-plans/{id}/reject', opts));
    },
    onSuccess: async (_, { action }) => {
      await queryClient.invalidateQueries({ queryKey: ['visit-plans'] });
      void message.success(t(`customers.plans.${action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : 'rejected'}`));
      setRejecting(false);
      setNote('');
    },
    onError: (error) => {
      if (isStaleVersion(error)) void queryClient.invalidateQueries({ queryKey: ['visit-plans'] });
      void message.error(errorMessage(error, t));
    },
  });
  const canDraft = hasRole(['agent', 'cs_manager']);
  const isOps = hasRole(['ops_manager']);
  return (
    <Drawer open onClose={onClose} size={640} title={plan?.title ?? t('common.loading')} data-testid="plan-drawer">
      {one.isError ? (
        <ErrorAlert error={one.error} onRetry={() => void one.refetch()} />
      ) : !plan ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('customers.plans.statusLabel')}>
              <Tag color={STATUS_COLORS[plan.status]}>{t(`customers.plans.status.${plan.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('customers.plans.drafterLabel')}>
              {t('customers.plans.drafter', { unit: plan.draftingUnitName, name: plan.createdByName ?? '—' })}
            </Descriptions.Item>
            {plan.decidedByName && (
              <Descriptions.Item label={t('customers.plans.decision')}>
                {t('customers.plans.decided', { name: plan.decidedByName, time: dateTime(plan.decidedAt) })}
                {plan.decisionNote && <div>{plan.decisionNote}</div>}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table<PlannedVisit>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={plan.visits}
            locale={{ emptyText: <Empty description={t('customers.plans.needsVisit')} /> }}
            columns={[
              { title: t('customers.plans.plannedOn'), dataIndex: 'plannedOn', width: 120 },
              {
                title: t('customers.plans.customer'),
                dataIndex: 'customerName',
                render: (n: string, v) => <Link to={`/customers/${v.customerId}`}>{n}</Link>,
              },
              {
                title: t('customers.plans.statusLabel'),
                dataIndex: 'status',
                width: 100,
                render: (s: PlannedVisit['status']) => <Tag color={VISIT_COLORS[s]}>{t(`customers.plans.visitStatus.${s}`)}</Tag>,
              },
              {
                title: t('common.actions'),
                key: 'a',
                width: 120,
                render: (_, v) =>
                  v.status === 'scheduled' && hasRole(['agent', 'cs_manager', 'team_leader']) ? (
                    <Button size="small" icon={<FileTextOutlined />} onClick={() => setReporting(v)}>
                      {t('customers.plans.fileReport')}
                    </Button>
                  ) : null,
              },
            ]}
          />
          <Flex gap={8} wrap>
            {canDraft && (plan.status === 'draft' || plan.status === 'rejected') && (
              <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
            )}
            {canDraft && plan.status === 'draft' && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={act.isPending}
                onClick={() => act.mutate({ action: 'submit', p: plan })}
                data-testid="plan-submit"
              >
                {t('customers.plans.submit')}
              </Button>
            )}
            {isOps && plan.status === 'submitted' && (
              <>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={act.isPending}
                  onClick={() => act.mutate({ action: 'approve', p: plan })}
                  data-testid="plan-approve"
                >
                  {t('customers.plans.approve')}
                </Button>
                <Button danger icon={<CloseOutlined />} onClick={() => setRejecting(true)}>
                  {t('customers.plans.reject')}
                </Button>
              </>
            )}
          </Flex>
        </Flex>
      )}
      {editing && plan && <PlanModal plan={plan} onClose={() => setEditing(false)} />}
      {reporting && (
        <VisitReportModal
          customerId={reporting.customerId}
          customerName={reporting.customerName}
          planVisitId={reporting.id}
          onClose={() => setReporting(null)}
        />
      )}
      <Modal
        open={rejecting}
        title={t('customers.plans.reject')}
        onCancel={() => setRejecting(false)}
        onOk={() => {
          if (!note.trim()) {
            void message.warning(t('customers.plans.noteRequired'));
            return;
          }
          if (plan) act.mutate({ action: 'reject', p: plan });
        }}
        okButtonProps={{ danger: true }}
        confirmLoading={act.isPending}
      >
        <Input.TextArea
          rows={3}
          placeholder={t('customers.plans.rejectNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={1000}
        />
      </Modal>
    </Drawer>
  );
}
