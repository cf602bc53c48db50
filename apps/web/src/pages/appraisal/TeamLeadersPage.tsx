import {
  DollarOutlined,
  ExclamationCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  SwapOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
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
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT } from '../../i18n/time';
import { MONEY_INPUT, toMoney } from './money';
import { UserSearchSelect } from './UserSearchSelect';
import {
  ADJUSTMENT_REASONS,
  type AdjustmentReason,
  type AllowanceSchedule,
  type Appointment,
  type AppointmentChanged,
  type AppointmentStatus,
  MANAGER_ROLES,
  STATUS_COLORS,
  type Team,
  TRANSFER_KINDS,
  type TransferKind,
} from './types';

export const APPOINTMENTS_KEY = ['appraisal', 'appointments'] as const;
const REMINDER_DAYS = 30;

export default function TeamLeadersPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const canManage = hasRole(MANAGER_ROLES);
  const [status, setStatus] = useState<AppointmentStatus | undefined>('active');
  const [dialog, setDialog] = useState<
    { kind: 'appoint' } | { kind: 'team' } | { kind: 'adjust' | 'loss' | 'allowance'; appointment: Appointment } | null
  >(null);
  const list = useCursorList<Appointment>([...APPOINTMENTS_KEY, { status }], (cursor) =>
    unwrap<Page<Appointment>>(
      api.GET('/api/v1/team-leader-appointments', { params: { query: compactQuery({ status, cursor, limit: 50 }) } }),
    ),
  );

  return (
    <>
      <PageHeader
        title={t('appraisal.leaders.title')}
        subtitle={t('appraisal.leaders.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {canManage && (
              <>
                <Button icon={<UsergroupAddOutlined />} onClick={() => setDialog({ kind: 'team' })} data-testid="team-create">
                  {t('appraisal.leaders.newTeam')}
                </Button>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setDialog({ kind: 'appoint' })}
                  data-testid="appointment-create"
                >
                  {t('appraisal.leaders.appoint')}
                </Button>
              </>
            )}
          </>
        }
      />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('appraisal.leaders.filterStatus')}
          style={{ width: 160 }}
          value={status}
          onChange={(value?: AppointmentStatus) => setStatus(value)}
          options={(['active', 'ended', 'terminated'] as const).map((s) => ({ value: s, label: t(`appraisal.status.${s}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Appointment>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1240 }}
            locale={{ emptyText: <Empty description={t('appraisal.leaders.empty')} /> }}
            data-testid="appointments-table"
            columns={[
              { title: t('appraisal.leaders.leader'), dataIndex: 'userName', width: 120, fixed: 'left' },
              { title: t('appraisal.leaders.team'), dataIndex: 'teamName', width: 130 },
              {
                title: t('appraisal.leaders.postType'),
                dataIndex: 'postType',
                width: 70,
                render: (p: Appointment['postType']) => t(`appraisal.postType.${p}`),
              },
              {
                title: t('appraisal.leaders.term'),
                key: 'term',
                width: 230,
                render: (_, a) => (
                  <Flex vertical gap={2}>
                    <span>
                      {a.startsOn} ~ {a.endsOn}
                      {a.termExtensions > 0 && <Tag style={{ marginLeft: 4 }}>+{a.termExtensions}</Tag>}
                    </span>
                    {a.daysToTermEnd !== null && (
                      <Typography.Text type={a.daysToTermEnd <= REMINDER_DAYS ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                        {t('appraisal.leaders.daysLeft', { count: a.daysToTermEnd })}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('appraisal.leaders.status'),
                key: 'status',
                width: 190,
                render: (_, a) => (
                  <Flex vertical gap={2} align="start">
                    <Tag color={STATUS_COLORS[a.status]}>{t(`appraisal.status.${a.status}`)}</Tag>
                    {a.endReason && a.endedOn && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('appraisal.leaders.ended', { date: a.endedOn, reason: t(`appraisal.endReason.${a.endReason}`) })}
                        {a.transfer ? ` · ${t(`appraisal.transfer.${a.transfer}`)}` : ''}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              { title: t('appraisal.leaders.allowance'), dataIndex: 'monthlyAllowance', width: 100, align: 'right' },
              { title: t('appraisal.leaders.dueThisMonth'), dataIndex: 'allowanceDueThisMonth', width: 110, align: 'right' },
              {
                title: t('appraisal.leaders.dGrades'),
                dataIndex: 'dGradesInCurrentTerm',
                width: 90,
                render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : '0'),
              },
              {
                title: t('appraisal.leaders.promotion'),
                dataIndex: 'promotionPriority',
                width: 100,
                render: (p: boolean) => (p ? <Tag color="green">{t('common.yes')}</Tag> : t('common.none')),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 150,
                fixed: 'right',
                render: (_, a) => (
                  <Flex gap={4} wrap>
                    <Tooltip title={t('appraisal.leaders.allowanceSchedule')}>
                      <Button size="small" icon={<DollarOutlined />} onClick={() => setDialog({ kind: 'allowance', appointment: a })} />
                    </Tooltip>
                    {canManage && a.status === 'active' && (
                      <>
                        <Tooltip title={t('appraisal.leaders.adjust')}>
                          <Button size="small" icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'adjust', appointment: a })} />
                        </Tooltip>
                        <Tooltip title={t('appraisal.leaders.majorLoss')}>
                          <Button
                            size="small"
                            danger
                            icon={<ExclamationCircleOutlined />}
                            onClick={() => setDialog({ kind: 'loss', appointment: a })}
                          />
                        </Tooltip>
                      </>
                    )}
                  </Flex>
                ),
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
      {dialog?.kind === 'appoint' && <AppointModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'team' && <TeamModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'adjust' && <AdjustModal appointment={dialog.appointment} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'loss' && <MajorLossModal appointment={dialog.appointment} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'allowance' && <AllowanceDrawer appointment={dialog.appointment} onClose={() => setDialog(null)} />}
    </>
  );
}

interface AppointForm {
  teamId: string;
  userId: string;
  postType: 'inbound' | 'outbound';
  term: [Dayjs, Dayjs];
  monthlyAllowance: string;
}

function AppointModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AppointForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const teams = useQuery({
    queryKey: ['appraisal', 'teams'],
    queryFn: () => unwrap<Page<Team>>(api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })),
  });
  const [failure, setFailure] = useState<unknown>(null);
  const save = useMutation({
    mutationFn: (v: AppointForm) =>
      unwrap<Appointment>(
        api.POST('/api/v1/team-leader-appointments', {
          body: {
            teamId: v.teamId,
            userId: v.userId,
            postType: v.postType,
            startsOn: v.term[0].format(DATE_FORMAT),
            endsOn: v.term[1].format(DATE_FORMAT),
            monthlyAllowance: toMoney(v.monthlyAllowance),
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (saved) => {
      void message.success(t('appraisal.leaders.appointed', { name: saved.userName }));
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['teamId', 'userId', 'postType', 'monthlyAllowance'])) setFailure(e);
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  const year = dayjs().year();
  return (
    <Modal
      open
      width={600}
      title={t('appraisal.leaders.appoint')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {failure !== null && <ErrorAlert error={failure} style={{ marginBottom: 12 }} />}
      <Form<AppointForm>
        form={form}
        layout="vertical"
        name="appointment"
        initialValues={{ postType: 'inbound', term: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)], monthlyAllowance: '800.00' }}
        onFinish={(v) => {
          setFailure(null);
          save.mutate(v);
        }}
      >
        <Form.Item name="teamId" label={t('appraisal.leaders.team')} rules={[required]}>
          <Select
            loading={teams.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(teams.data?.items ?? []).map((team) => ({
              value: team.id,
              label: `${team.name} · ${team.orgUnitName}`,
              disabled: team.currentLeader !== null,
            }))}
            onChange={(id: string) => {
              const team = teams.data?.items.find((x) => x.id === id);
              if (team) form.setFieldValue('postType', team.postType);
            }}
          />
        </Form.Item>
        <Form.Item name="userId" label={t('appraisal.leaders.user')} extra={t('appraisal.leaders.userHint')} rules={[required]}>
          <UserSearchSelect />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="postType" label={t('appraisal.leaders.postType')} rules={[required]}>
            <Radio.Group options={(['inbound', 'outbound'] as const).map((p) => ({ value: p, label: t(`appraisal.postType.${p}`) }))} />
          </Form.Item>
          <Form.Item
            name="monthlyAllowance"
            label={t('appraisal.leaders.monthlyAllowance')}
            rules={[required, { pattern: MONEY_INPUT, message: t('appraisal.leaders.allowanceInvalid') }]}
            style={{ flex: 1 }}
          >
            <Input inputMode="decimal" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="term"
          label={`${t('appraisal.leaders.startsOn')} ~ ${t('appraisal.leaders.endsOn')}`}
          extra={t('appraisal.leaders.termHint')}
          rules={[required]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} format={DATE_FORMAT} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; orgUnitId: string; postType: 'inbound' | 'outbound' }>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: { name: string; orgUnitId: string; postType: 'inbound' | 'outbound' }) =>
      unwrap<Team>(api.POST('/api/v1/teams', { body: { ...v, name: v.name.trim() }, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: async (team) => {
      void message.success(t('appraisal.leaders.teamCreated', { name: team.name }));
      await queryClient.invalidateQueries({ queryKey: ['appraisal', 'teams'] });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['name', 'orgUnitId', 'postType'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  return (
    <Modal
      open
      title={t('appraisal.leaders.newTeam')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="team" initialValues={{ postType: 'inbound' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('appraisal.leaders.teamName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('appraisal.leaders.teamUnit')} rules={[required]}>
          <OrgUnitSelect />
        </Form.Item>
        <Form.Item name="postType" label={t('appraisal.leaders.postType')} rules={[required]}>
          <Radio.Group options={(['inbound', 'outbound'] as const).map((p) => ({ value: p, label: t(`appraisal.postType.${p}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AdjustForm {
  action: 'adjust' | 'dismiss';
  reason: AdjustmentReason;
  transfer: TransferKind;
  transferNote?: string;
  note?: string;
  effectiveOn?: Dayjs | null;
}

function AdjustModal({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AdjustForm>();
  const save = useMutation({
    mutationFn: (v: AdjustForm) =>
      unwrap<AppointmentChanged>(
        api.POST('/api/v1/team-leader-appointments/{id}/adjustment', {
          params: { path: { id: appointment.id } },
          body: {
            action: v.action,
            reason: v.reason,
            transfer: v.transfer,
            transferNote: v.transferNote?.trim() || undefined,
            note: v.note?.trim() || undefined,
            effectiveOn: v.effectiveOn ? v.effectiveOn.format(DATE_FORMAT) : undefined,
            version: appointment.version,
          },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('appraisal.leaders.adjusted'));
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
      onClose();
    },
    onError: async (e) => {
      if (isStaleVersion(e)) {
        void message.warning(t('errors.staleVersion'));
        await queryClient.invalidateQueries({ queryKey: APPOINTMENTS_KEY });
        onClose();
        return;
      }
      if (!applyFieldErrors(form, e, ['action', 'reason', 'transfer', 'transferNote', 'note', 'effectiveOn']))
        void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  return (
    <Modal
      open
      width={560}
      title={`${t('appraisal.leaders.adjust')} · ${appointment.userName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<AdjustForm>
        form={form}
        layout="vertical"
        name="adjust"
        initialValues={{ action: 'adjust', transfer: 'lateral' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="action" label={t('appraisal.leaders.action')} rules={[required]}>
          <Radio.Group
            options={[
              { value: 'adjust', label: t('appraisal.leaders.actionAdjust') },
              { value: 'dismiss', label: t('appraisal.leaders.actionDismiss') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('appraisal.leaders.reasonLabel')} rules={[required]}>
          <Select options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`appraisal.reason.${r}`) }))} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="transfer" label={t('appraisal.leaders.transferLabel')} rules={[required]}>
            <Radio.Group options={TRANSFER_KINDS.map((k) => ({ value: k, label: t(`appraisal.transfer.${k}`) }))} />
          </Form.Item>
          <Form.Item name="transferNote" label={t('appraisal.leaders.transferNote')} style={{ flex: 1 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Flex>
        <Form.Item name="effectiveOn" label={t('appraisal.leaders.effectiveOn')}>
          <DatePicker format={DATE_FORMAT} />
        </Form.Item>
        <Form.Item name="note" label={t('appraisal.leaders.note')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MajorLossModal({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ occurredOn: Dayjs; description: string; lossAmount?: string }>();
  const save = useMutation({
    mutationFn: (v: { occurredOn: Dayjs; description: string; lossAmount?: string }) =>
      unwrap<AppointmentChanged>(
        api.POST('/api/v1/team-leader-appointments/{id}/major-losses', {
          params: { path: { id: appointment.id } },
          body: {
            occurredOn: v.occurredOn.format(DATE_FORMAT),
            description: v.description.trim(),
            lossAmount: v.lossAmount ? toMoney(v.lossAmount) : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('appraisal.leaders.majorLossRecorded'));
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['occurredOn', 'description', 'lossAmount'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  return (
    <Modal
      open
      title={`${t('appraisal.leaders.majorLoss')} · ${appointment.userName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('appraisal.leaders.majorLossHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" name="major-loss" initialValues={{ occurredOn: dayjs() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="occurredOn" label={t('appraisal.leaders.occurredOn')} rules={[required]}>
          <DatePicker format={DATE_FORMAT} />
        </Form.Item>
        <Form.Item name="description" label={t('appraisal.leaders.lossDescription')} rules={[{ ...required, whitespace: true }]}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Form.Item
          name="lossAmount"
          label={t('appraisal.leaders.lossAmount')}
          rules={[{ pattern: MONEY_INPUT, message: t('appraisal.leaders.allowanceInvalid') }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AllowanceDrawer({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const schedule = useQuery({
    queryKey: ['appraisal', 'allowance', appointment.id],
    queryFn: () =>
      unwrap<AllowanceSchedule>(api.GET('/api/v1/team-leader-appointments/{id}/allowance', { params: { path: { id: appointment.id } } })),
  });
  return (
    <Drawer open width={440} title={`${t('appraisal.leaders.allowanceSchedule')} · ${appointment.userName}`} onClose={onClose}>
      {schedule.isError ? (
        <ErrorAlert error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="month"
          loading={schedule.isPending}
          pagination={false}
          dataSource={schedule.data?.months ?? []}
          columns={[
            { title: t('appraisal.leaders.month'), dataIndex: 'month' },
            {
              title: t('appraisal.leaders.payable'),
              dataIndex: 'payable',
              render: (p: boolean) => (p ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
            },
            { title: t('appraisal.leaders.amount'), dataIndex: 'amount', align: 'right' },
          ]}
          summary={() =>
            schedule.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('appraisal.leaders.total')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong>{schedule.data.total}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
    </Drawer>
  );
}
