import { ArrowLeftOutlined, CheckOutlined, EditOutlined, KeyOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { entityPath } from '../../routes';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';
import { CustomerFormModal } from './CustomerForm';
import {
  type AccessRequest,
  type Contact,
  CUSTOMER_KINDS,
  type CustomerDetail,
  type CustomerKind,
  FREQUENCIES,
  type ShipmentFrequency,
  customerKey,
  CUSTOMERS_KEY,
  formatYuan,
  type Grade,
  GRADES,
  type ShipmentCheck,
  useCustomer,
  type VisitReport,
} from './customers-api';
import { GradeTag, LevelTag, maskedValue } from './shared';
import { VisitReportModal } from './VisitReportForm';

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const queryClient = useQueryClient();
  const customer = useCustomer(id);
  const [editing, setEditing] = useState(false);
  const [grading, setGrading] = useState(false);

  const verify = useMutation({
    mutationFn: (c: CustomerDetail) =>
      unwrap(api.POST('/api/v1/customers/{id}/verify', { params: { path: { id: c.id } }, body: { version: c.version } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      void message.success(t('customers.detail.verified'));
    },
    onError: (error) => {
      if (isStaleVersion(error)) void queryClient.invalidateQueries({ queryKey: customerKey(id) });
      void message.error(errorMessage(error, t));
    },
  });

  if (customer.isPending) return <Skeleton active />;
  if (customer.isError) return <ErrorAlert error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  const canWrite = hasRole(['agent', 'cs_manager']);

  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <Link to="/customers" aria-label={t('customers.detail.back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="customer-name">{c.name}</span>
            <GradeTag grade={c.grade} />
            <LevelTag level={c.confidentiality} />
            {c.hqFiled && <Tag color="purple">{t('customers.fields.hqFiled')}</Tag>}
          </Flex>
        }
        subtitle={`${c.owningUnitName} · ${t(`customers.kinds.${c.kind}`)}`}
        extra={
          canWrite && (
            <>
              <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate(c)} loading={verify.isPending}>
                {t('customers.detail.verify')}
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('customers.detail.edit')}
              </Button>
            </>
          )
        }
      />
      <AccessBanner customer={c} />
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'profile',
            label: t('customers.detail.profile'),
            children: (
              <Flex vertical gap={16}>
                <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
                  <Descriptions.Item label={t('customers.fields.address')}>{maskedValue(c, 'address', c.address)}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.phones')}>{c.phones.join(' / ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.annualBusinessVolume')}>
                    {formatYuan(c.annualBusinessVolume)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.monthlyShipmentVolume')}>{c.monthlyShipmentVolume}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.shipmentFrequency')}>
                    {t(`customers.frequencies.${c.shipmentFrequency}`)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.projectDeliveredOn')}>{c.projectDeliveredOn ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.lastVisitOn')}>{c.lastVisitOn ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.nextVisitDueOn')}>{c.nextVisitDueOn}</Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.reverificationDueOn')}>
                    {c.reverificationDueOn} <Typography.Text type="secondary">({dateTime(c.verifiedAt)})</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('customers.fields.suggestions')} span={3}>
                    {maskedValue(c, 'suggestions', c.suggestions)}
                  </Descriptions.Item>
                </Descriptions>
                <ContactsCard customer={c} canWrite={canWrite} />
              </Flex>
            ),
          },
          {
            key: 'grade',
            label: t('customers.detail.grade.title'),
            children: <GradeCard customer={c} onChange={() => setGrading(true)} canWrite={canWrite} />,
          },
          {
            key: 'complaints',
            label: `${t('customers.detail.complaints.title')} (${c.recentComplaints.length})`,
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={c.recentComplaints}
                locale={{ emptyText: <Empty description={t('customers.detail.complaints.empty')} /> }}
                columns={[
                  {
                    title: t('customers.detail.complaints.number'),
                    dataIndex: 'number',
                    width: 140,
                    render: (n: string, r: CustomerDetail['recentComplaints'][number]) => {
                      const path = entityPath('complaint', r.id);
                      return path ? <Link to={path}>{n}</Link> : n;
                    },
                  },
                  { title: t('customers.detail.complaints.subject'), dataIndex: 'subject' },
                  {
                    title: t('customers.detail.complaints.status'),
                    dataIndex: 'status',
                    width: 120,
                    render: (s: string) => <Tag>{s}</Tag>,
                  },
                  {
                    title: t('customers.detail.complaints.receivedAt'),
                    dataIndex: 'receivedAt',
                    width: 180,
                    render: (v: string) => dateTime(v),
                  },
                ]}
              />
            ),
          },
          {
            key: 'visits',
            label: t('customers.detail.visits.title'),
            children: <VisitsCard customer={c} canWrite={hasRole(['agent', 'cs_manager', 'team_leader'])} />,
          },
          {
            key: 'checks',
            label: t('customers.detail.checks.title'),
            children: <ChecksCard customer={c} canWrite={hasRole(['agent', 'cs_manager', 'team_leader'])} />,
          },
        ]}
      />
      {editing && <CustomerFormModal customer={c} onClose={() => setEditing(false)} />}
      {grading && <GradeModal customer={c} onClose={() => setGrading(false)} />}
    </>
  );
}

function AccessBanner({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const [requesting, setRequesting] = useState(false);
  const { access } = customer;
  if (access.cleared) {
    if (customer.confidentiality === 'secret' && access.via === 'role') return null;
    return (
      <Alert
        type="success"
        showIcon
        data-testid="access-cleared"
        title={`${t('customers.detail.access.cleared')}${access.via === 'grant' ? t('customers.detail.access.viaGrant', { time: dateTime(access.grantExpiresAt) }) : t('customers.detail.access.viaRole')}`}
      />
    );
  }
  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="access-banner"
        title={t('customers.detail.access.notCleared', { level: t(`customers.levels.${customer.confidentiality}`) })}
        action={
          access.pendingRequestId ? (
            <Tag color="processing" data-testid="access-pending">
              {t('customers.detail.access.pending')}
            </Tag>
          ) : (
            <Button size="small" icon={<KeyOutlined />} onClick={() => setRequesting(true)} data-testid="request-access">
              {t('customers.detail.access.request')}
            </Button>
          )
        }
      />
      {requesting && <RequestAccessModal customer={customer} onClose={() => setRequesting(false)} />}
    </>
  );
}

function RequestAccessModal({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string; durationHours: number }>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: { reason: string; durationHours: number }) =>
      unwrap<AccessRequest>(
        api.POST('/api/v1/customers/{id}/access-requests', {
          params: { path: { id: customer.id } },
          headers: { 'Idempotency-Key': idempotencyKey },
          body: { reason: v.reason.trim(), durationHours: v.durationHours },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
      await queryClient.invalidateQueries({ queryKey: ['access-requests'] });
      void message.success(t('customers.detail.access.requested'));
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['reason', 'durationHours'])) void message.error(errorMessage(error, t));
    },
  });
  return (
    <Modal
      open
      title={t('customers.detail.access.requestTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} name="access-request" layout="vertical" initialValues={{ durationHours: 72 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('customers.detail.access.reason')}
          rules={[{ required: true, whitespace: true, message: t('customers.detail.access.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="durationHours" label={t('customers.detail.access.duration')} rules={[{ required: true }]}>
          <InputNumber min={1} max={720} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContactsCard({ customer, canWrite }: { customer: CustomerDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <Card
      size="small"
      title={t('customers.detail.contacts.title')}
      extra={
        canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="contact-add">
            {t('customers.detail.contacts.add')}
          </Button>
        )
      }
    >
      <Table<Contact>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={customer.contacts}
        scroll={{ x: 900 }}
        data-testid="contacts-table"
        locale={{ emptyText: <Empty description={t('customers.detail.contacts.empty')} /> }}
        columns={[
          {
            title: t('customers.detail.contacts.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Flex gap={4}>
                {name}
                {r.isPrincipal && <Tag color="blue">{t('customers.detail.contacts.isPrincipal')}</Tag>}
              </Flex>
            ),
          },
          { title: t('customers.detail.contacts.title_'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
          { title: t('customers.detail.contacts.phone'), key: 'phone', render: (_, r) => maskedValue(r, 'phone', r.phone) },
          {
            title: t('customers.detail.contacts.personalPhone'),
            key: 'personalPhone',
            render: (_, r) => maskedValue(r, 'personalPhone', r.personalPhone),
          },
          { title: t('customers.detail.contacts.email'), key: 'email', render: (_, r) => maskedValue(r, 'email', r.email) },
          {
            title: t('customers.detail.contacts.birthday'),
            key: 'birthday',
            render: (_, r) => <span data-testid="contact-birthday">{maskedValue(r, 'birthday', r.birthday)}</span>,
          },
          { title: t('customers.detail.contacts.hobbies'), key: 'hobbies', render: (_, r) => maskedValue(r, 'hobbies', r.hobbies) },
        ]}
      />
      {adding && <ContactModal customerId={customer.id} onClose={() => setAdding(false)} />}
    </Card>
  );
}

interface ContactValues {
  name: string;
  title?: string;
  phone?: string;
  personalPhone?: string;
  email?: string;
  birthday?: Dayjs | null;
  hobbies?: string;
  isPrincipal?: boolean;
}

function ContactModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactValues>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: ContactValues) =>
      unwrap<Contact>(
        api.POST('/api/v1/customers/{id}/contacts', {
          params: { path: { id: customerId } },
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            name: v.name.trim(),
            title: v.title?.trim() || undefined,
            phone: v.phone?.trim() || undefined,
            personalPhone: v.personalPhone?.trim() || undefined,
            email: v.email?.trim() || undefined,
            birthday: v.birthday ? v.birthday.format(DATE_FORMAT) : undefined,
            hobbies: v.hobbies?.trim() || undefined,
            isPrincipal: v.isPrincipal ?? false,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customerKey(customerId) });
      void message.success(t('customers.detail.contacts.added'));
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['name', 'title', 'phone', 'personalPhone', 'email', 'birthday', 'hobbies'])) {
        void message.error(errorMessage(error, t));
      }
    },
  });
  return (
    <Modal
      open
      title={t('customers.detail.contacts.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form<ContactValues> form={form} name="contact" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item name="name" label={t('customers.detail.contacts.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="title" label={t('customers.detail.contacts.title_')}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="phone" label={t('customers.detail.contacts.phone')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="personalPhone" label={t('customers.detail.contacts.personalPhone')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="email" label={t('customers.detail.contacts.email')} rules={[{ type: 'email' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="birthday" label={t('customers.detail.contacts.birthday')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="hobbies" label={t('customers.detail.contacts.hobbies')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="isPrincipal" valuePropName="checked">
          <Checkbox>{t('customers.detail.contacts.isPrincipal')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

type GradeFactor = CustomerDetail['suggestedGrade']['factors'][number] & {
  factor: 'volume' | 'frequency' | 'shipments' | 'trend' | 'complaints' | 'kind';
};

/** The factor's input in the console's language (the API's `note` is English). */
function factorNote(f: CustomerDetail['suggestedGrade']['factors'][number], t: TFunction): string {
  const value = f.value;
  switch (f.factor) {
    case 'volume':
      return t('customers.detail.grade.notes.volume', { value: formatYuan(value ?? '0') });
    case 'frequency':
      return value && (FREQUENCIES as string[]).includes(value) ? t(`customers.frequencies.${value as ShipmentFrequency}`) : f.note;
    case 'shipments':
      return t('customers.detail.grade.notes.shipments', { value });
    case 'trend':
      return value === null ? t('customers.detail.grade.notes.trendUnknown') : t('customers.detail.grade.notes.trend', { value });
    case 'complaints':
      return t('customers.detail.grade.notes.complaints', { value });
    case 'kind':
      return value && (CUSTOMER_KINDS as string[]).includes(value) ? t(`customers.kinds.${value as CustomerKind}`) : f.note;
    default:
      return f.note;
  }
}

function GradeCard({ customer, onChange, canWrite }: { customer: CustomerDetail; onChange: () => void; canWrite: boolean }) {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const s = customer.suggestedGrade;
  const data = customer.volumes.map((v) => ({
    period: v.period,
    annual: Number(v.annualBusinessVolume),
    monthly: v.monthlyShipmentVolume,
  }));
  return (
    <Flex vertical gap={16}>
      <Flex gap={16} wrap>
        <Card
          size="small"
          title={t('customers.detail.grade.stored')}
          style={{ flex: '1 1 300px' }}
          extra={
            canWrite && (
              <Button size="small" onClick={onChange}>
                {t('customers.detail.grade.set')}
              </Button>
            )
          }
        >
          <Flex vertical gap={4}>
            <span data-testid="stored-grade">
              <GradeTag grade={customer.grade} />
            </span>
            {customer.gradeReason && <Typography.Text>{customer.gradeReason}</Typography.Text>}
            {customer.gradeSetByName && (
              <Typography.Text type="secondary">
                {t('customers.detail.grade.setBy', { name: customer.gradeSetByName, time: dateTime(customer.gradeSetAt) })}
              </Typography.Text>
            )}
          </Flex>
        </Card>
        <Card size="small" title={t('customers.detail.grade.suggested')} style={{ flex: '1 1 300px' }}>
          <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
            <span data-testid="suggested-grade">
              <GradeTag grade={s.grade} />
            </span>
            <Typography.Text type="secondary">{t('customers.detail.grade.score', { score: s.score })}</Typography.Text>
          </Flex>
          <List
            size="small"
            dataSource={s.factors}
            renderItem={(f) => (
              <List.Item
                extra={
                  <Tag color={f.points > 0 ? 'green' : f.points < 0 ? 'red' : 'default'}>{f.points > 0 ? `+${f.points}` : f.points}</Tag>
                }
              >
                {t(`customers.detail.grade.factors.${f.factor as GradeFactor['factor']}`)}: {factorNote(f, t)}
              </List.Item>
            )}
          />
        </Card>
      </Flex>
      <Card size="small" title={t('customers.detail.volumes.title')}>
        {data.length === 0 ? (
          <Empty description={t('customers.detail.volumes.empty')} />
        ) : (
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="period" />
              <YAxis yAxisId="annual" />
              <YAxis yAxisId="monthly" orientation="right" />
              <ChartTooltip />
              <Legend />
              <Line yAxisId="annual" type="monotone" dataKey="annual" name={t('customers.detail.volumes.annual')} stroke="#722ed1" />
              <Line yAxisId="monthly" type="monotone" dataKey="monthly" name={t('customers.detail.volumes.monthly')} stroke="#13c2c2" />
            </LineChart>
          </ResponsiveContainer>
        )}
      </Card>
    </Flex>
  );
}

function GradeModal({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ grade: Grade; gradeReason: string }>();
  const save = useMutation({
    mutationFn: (v: { grade: Grade; gradeReason: string }) =>
      unwrap(
        api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: { version: customer.version, grade: v.grade, gradeReason: v.gradeReason.trim() },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
      if (!applyFieldErrors(form, error, ['grade', 'gradeReason'])) void message.error(errorMessage(error, t));
    },
  });
  return (
    <Modal
      open
      title={t('customers.form.gradeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        name="grade"
        layout="vertical"
        initialValues={{ grade: customer.grade ?? customer.suggestedGrade.grade }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="grade" label={t('customers.fields.grade')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={GRADES.map((g) => ({ value: g, label: g }))} />
        </Form.Item>
        <Form.Item
          name="gradeReason"
          label={t('customers.fields.gradeReason')}
          rules={[{ required: true, whitespace: true, message: t('customers.form.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VisitsCard({ customer, canWrite }: { customer: CustomerDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const list = useCursorList<VisitReport>(['visit-reports', customer.id], (cursor) =>
    unwrap<Page<VisitReport>>(
      api.GET('/api/v1/visit-reports', { params: { query: compactQuery({ customerId: customer.id, cursor, limit: 20 }) } }),
    ),
  );
  const complete = useMutation({
    mutationFn: ({ reportId, followUpId }: { reportId: string; followUpId: string }) =>
      unwrap(api.POST('/api/v1/visit-reports/{id}/follow-ups/{followUpId}/complete', { params: { path: { id: reportId, followUpId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['visit-reports'] }),
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {canWrite && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('customers.detail.visits.add')}
          </Button>
        )}
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <List<VisitReport>
          loading={list.isPending}
          dataSource={list.items}
          locale={{ emptyText: <Empty description={t('customers.detail.visits.empty')} /> }}
          renderItem={(r) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap={8} wrap>
                  <Typography.Text strong>{r.visitedOn}</Typography.Text>
                  <Typography.Text type="secondary">{r.visitorName}</Typography.Text>
                  {r.planVisitId && <Tag color="blue">{t('customers.detail.visits.planned')}</Tag>}
                  {r.attendees && <Typography.Text type="secondary">· {r.attendees}</Typography.Text>}
                </Flex>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{r.findings}</Typography.Paragraph>
                {r.followUps.map((f) => (
                  <Flex key={f.id} gap={8} align="center">
                    <Tag color={f.status === 'done' ? 'green' : 'orange'}>
                      {f.status === 'done' ? t('customers.detail.visits.done') : t('customers.detail.visits.open')}
                    </Tag>
                    <span>
                      {f.department}: {f.description}
                      {f.dueOn ? ` (${f.dueOn})` : ''}
                    </span>
                    {f.status === 'open' && canWrite && (
                      <Button
                        size="small"
                        icon={<CheckOutlined />}
                        loading={complete.isPending}
                        onClick={() => complete.mutate({ reportId: r.id, followUpId: f.id })}
                      >
                        {t('customers.detail.visits.complete')}
                      </Button>
                    )}
                  </Flex>
                ))}
              </Flex>
            </List.Item>
          )}
        />
      )}
      <LoadMore
        shown={list.items.length}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
      {adding && <VisitReportModal customerId={customer.id} customerName={customer.name} onClose={() => setAdding(false)} />}
    </>
  );
}

interface CheckValues {
  checkedOn: Dayjs;
  result: 'ok' | 'issues';
  trackingNumbers?: string;
  findings: string;
}

function ChecksCard({ customer, canWrite }: { customer: CustomerDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<CheckValues>();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const list = useCursorList<ShipmentCheck>(['shipment-checks', customer.id], (cursor) =>
    unwrap<Page<ShipmentCheck>>(
      api.GET('/api/v1/shipment-checks', { params: { query: compactQuery({ customerId: customer.id, cursor, limit: 20 }) } }),
    ),
  );
  const save = useMutation({
    mutationFn: (v: CheckValues) =>
      unwrap<ShipmentCheck>(
        api.POST('/api/v1/shipment-checks', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            customerId: customer.id,
            checkedOn: v.checkedOn.format(DATE_FORMAT),
            result: v.result,
            findings: v.findings.trim(),
            trackingNumbers: (v.trackingNumbers ?? '').split(/[\s,，]+/).filter(Boolean),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['shipment-checks'] });
      void message.success(t('customers.detail.checks.saved'));
      setAdding(false);
      setIdempotencyKey(newIdempotencyKey());
      form.resetFields();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['checkedOn', 'result', 'trackingNumbers', 'findings']))
        void message.error(errorMessage(error, t));
    },
  });
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {canWrite && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('customers.detail.checks.add')}
          </Button>
        )}
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ShipmentCheck>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: <Empty description={t('customers.detail.checks.empty')} /> }}
          columns={[
            { title: t('customers.detail.checks.checkedOn'), dataIndex: 'checkedOn', width: 120 },
            {
              title: t('customers.detail.checks.result'),
              dataIndex: 'result',
              width: 100,
              render: (r: 'ok' | 'issues') => <Tag color={r === 'ok' ? 'green' : 'red'}>{t(`customers.detail.checks.${r}`)}</Tag>,
            },
            {
              title: t('customers.detail.checks.trackingNumbers'),
              dataIndex: 'trackingNumbers',
              width: 200,
              render: (n: string[]) => n.join(', ') || '—',
            },
            { title: t('customers.detail.checks.findings'), dataIndex: 'findings' },
            { title: t('customers.detail.checks.inspector'), dataIndex: 'inspectorName', width: 120 },
          ]}
        />
      )}
      <LoadMore
        shown={list.items.length}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
      <Modal
        open={adding}
        title={t('customers.detail.checks.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
      >
        <Form<CheckValues>
          form={form}
          name="shipment-check"
          layout="vertical"
          initialValues={{ checkedOn: dayjs(), result: 'ok' }}
          onFinish={(v) => save.mutate(v)}
        >
          <Flex gap={16}>
            <Form.Item name="checkedOn" label={t('customers.detail.checks.checkedOn')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="result" label={t('customers.detail.checks.result')} rules={[{ required: true }]}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'ok', label: t('customers.detail.checks.ok') },
                  { value: 'issues', label: t('customers.detail.checks.issues') },
                ]}
              />
            </Form.Item>
          </Flex>
          <Form.Item
            name="trackingNumbers"
            label={t('customers.detail.checks.trackingNumbers')}
            extra={t('customers.detail.checks.trackingHint')}
          >
            <Input />
          </Form.Item>
          <Form.Item name="findings" label={t('customers.detail.checks.findings')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
