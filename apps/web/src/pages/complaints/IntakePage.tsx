/**
 * Fast, keyboard-first intake. Focus starts in the caller's phone; the phone looks up the customer
 * archive and the caller's recent complaints while the agent keeps typing; Tab walks the fields in
 * call order; Alt+1..4 pick the kind, Alt+G/B/S the severity; Ctrl+Enter (⌘+Enter) submits.
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { InputRef } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyFieldErrors, describeError } from '../../api/errors';
import { useAuth } from '../../auth/auth-context';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { useBusinessTime } from '../../i18n/time';
import { type IntakeBody, newIdempotencyKey, useComplaintPage, useCreateComplaint, useCustomerLookup } from './api';
import { SlaCountdown } from './components/SlaCountdown';
import { fromWallClock, toWallClock } from './components/wall-clock';
import { SeverityTag, StatusTag } from './components/labels';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_SEVERITIES,
  type ComplaintChannel,
  type ComplaintKind,
  type ComplaintResponse,
  type ComplaintSeverity,
} from './types';
import { ActionError } from './components/ActionError';

interface IntakeForm {
  callerPhone?: string;
  callerName?: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  severity: ComplaintSeverity;
  subject: string;
  description: string;
  category?: string;
  receivedAt?: Dayjs;
  multiPlatform: boolean;
  /** Internal complaints: the unit complained about. */
  respondentUnitId?: string;
  /** Order / waybill numbers, separated by commas or spaces. */
  relatedOrders?: string;
}

const FIELD_NAMES = [
  'respondentUnitId',
  'relatedOrders',
  'callerPhone',
  'callerName',
  'kind',
  'channel',
  'severity',
  'subject',
  'description',
  'category',
  'receivedAt',
  'multiPlatform',
];
const INITIAL: Partial<IntakeForm> = { kind: 'complaint', channel: 'phone', severity: 'general', multiPlatform: false };
const SEVERITY_KEYS: Record<string, ComplaintSeverity> = { KeyG: 'general', KeyB: 'batch', KeyS: 'serious' };

/** "SF123, YT456 ZT789" → ["SF123", "YT456", "ZT789"]; undefined when empty. */
function splitOrders(text: string | undefined): string[] | undefined {
  const orders = [...new Set((text ?? '').split(/[\s,，;；]+/).filter(Boolean))];
  return orders.length > 0 ? orders : undefined;
}

/** Waits until the value has not changed for `ms` (the lookup fires once the agent pauses). */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

export default function IntakePage() {
  const { t } = useTranslation();
  const { dateTime, timeZone } = useBusinessTime();
  const { me } = useAuth();
  const [form] = Form.useForm<IntakeForm>();
  const phoneRef = useRef<InputRef>(null);
  const create = useCreateComplaint();
  const [created, setCreated] = useState<ComplaintResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One key per submission: a retry of the same, unchanged form reuses it (no duplicate on a lost answer).
  const attempt = useRef<{ key: string; body: string } | null>(null);

  // Kept in state (not read from the form) so the caller panel stays on the result screen.
  const [phoneText, setPhoneText] = useState('');
  const kind = Form.useWatch('kind', form);
  const phone = phoneText.replace(/[\s-]/g, '');
  const debouncedPhone = useDebounced(phone, 300);
  const lookup = useCustomerLookup(debouncedPhone);
  const matches = useMemo(() => lookup.data ?? [], [lookup.data]);
  const [pickedCustomerId, setPickedCustomerId] = useState<string | null>(null);
  const customer = matches.find((m) => m.id === pickedCustomerId) ?? matches[0] ?? null;
  const recentFilters = customer ? { customerId: customer.id, limit: 5 } : { callerPhone: debouncedPhone, limit: 5 };
  const recent = useComplaintPage(recentFilters, debouncedPhone.length >= 5 && !lookup.isLoading);

  useEffect(() => {
    phoneRef.current?.focus();
  }, []);

  const startNew = () => {
    setCreated(null);
    setError(null);
    attempt.current = null;
    form.resetFields();
    setPhoneText('');
    setPickedCustomerId(null);
    setTimeout(() => phoneRef.current?.focus(), 0);
  };

  const submit = async () => {
    let values: IntakeForm;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages next to the fields
    }
    const body: IntakeBody = {
      kind: values.kind,
      channel: values.channel,
      severity: values.severity,
      subject: values.subject.trim(),
      description: values.description.trim(),
      category: values.category?.trim() || undefined,
      callerPhone: phone || undefined,
      callerName: values.callerName?.trim() || undefined,
      customerId: customer?.id,
      receivedAt: values.receivedAt ? fromWallClock(values.receivedAt, timeZone) : undefined,
      multiPlatform: Boolean(values.multiPlatform),
      respondentUnitId: values.kind === 'internal' ? values.respondentUnitId : undefined,
      relatedOrders: splitOrders(values.relatedOrders),
    };
    const serialized = JSON.stringify(body);
    if (attempt.current?.body !== serialized) attempt.current = { key: newIdempotencyKey(), body: serialized };
    setError(null);
    try {
      const complaint = await create.mutateAsync({ body, idempotencyKey: attempt.current.key });
      setCreated(complaint);
      attempt.current = null;
    } catch (e) {
      applyFieldErrors(form, e, FIELD_NAMES);
      setError(e);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      if (created) startNew();
      else void submit();
      return;
    }
    if (event.altKey && !created) {
      // event.code, not event.key: Alt+letter types a symbol on some layouts (macOS).
      const digit = /^Digit([1-9])$/.exec(event.code);
      const kind = digit ? COMPLAINT_KINDS[Number(digit[1]) - 1] : undefined;
      if (kind) {
        event.preventDefault();
        form.setFieldValue('kind', kind);
      }
      const severity = SEVERITY_KEYS[event.code];
      if (severity) {
        event.preventDefault();
        form.setFieldValue('severity', severity);
      }
    }
  };

  const recentItems = useMemo(() => recent.data?.items ?? [], [recent.data]);

  return (
    <div onKeyDown={onKeyDown}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.intake.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('complaints.intake.shortcuts')}</Typography.Text>
      </Flex>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          {created ? (
            <Card>
              <Result
                status="success"
                title={
                  <>
                    {t('complaints.intake.created')} <span data-testid="intake-number">{created.number}</span>
                  </>
                }
                subTitle={
                  <Space direction="vertical">
                    <span>
                      <SeverityTag severity={created.severity} /> {t(`complaints.kind.${created.kind}`)} · {created.subject}
                    </span>
                    <span>
                      {t('complaints.intake.deadline')}: {dateTime(created.dueAt)} <SlaCountdown deadline={created.dueAt} />
                    </span>
                    {created.hqReported && <Alert type="warning" showIcon title={t('complaints.intake.hqReported')} />}
                  </Space>
                }
                extra={[
                  <Button key="new" type="primary" onClick={startNew} autoFocus>
                    {t('complaints.intake.next')}
                  </Button>,
                  <Link key="open" to={`/complaints/${created.id}`}>
                    <Button>{t('complaints.intake.open')}</Button>
                  </Link>,
                ]}
              />
            </Card>
          ) : (
            <Card>
              <ActionError error={error} />
              <Form
                form={form}
                layout="vertical"
                initialValues={INITIAL}
                requiredMark="optional"
                onValuesChange={(changed: Partial<IntakeForm>) => {
                  if ('callerPhone' in changed) setPhoneText(changed.callerPhone ?? '');
                }}
              >
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item
                      name="callerPhone"
                      label={t('complaints.fields.callerPhone')}
                      rules={[{ pattern: /^[+\d][\d\s-]{4,31}$/, message: t('complaints.intake.phoneInvalid') }]}
                    >
                      <Input ref={phoneRef} inputMode="tel" autoComplete="off" data-testid="intake-phone" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item
                      name="callerName"
                      label={t('complaints.fields.callerName')}
                      dependencies={['callerPhone']}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_, value?: string) =>
                            value?.trim() || getFieldValue('callerPhone') || customer
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('complaints.intake.callerRequired'))),
                        }),
                      ]}
                    >
                      <Input autoComplete="off" maxLength={120} placeholder={customer?.name} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="kind" label={t('complaints.fields.kind')} rules={[{ required: true }]}>
                  <Radio.Group optionType="button" buttonStyle="solid">
                    {COMPLAINT_KINDS.map((kind, i) => (
                      <Radio.Button key={kind} value={kind}>
                        {t(`complaints.kind.${kind}`)} <Typography.Text type="secondary">Alt+{i + 1}</Typography.Text>
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
                {kind === 'internal' && (
                  <Form.Item
                    name="respondentUnitId"
                    label={t('complaints.fields.respondentUnit')}
                    rules={[{ required: true, message: t('complaints.intake.respondentRequired') }]}
                    extra={t('complaints.intake.respondentHint')}
                  >
                    <OrgUnitSelect id="respondentUnitId" allow={(unit) => unit.id !== me?.orgUnit.id} />
                  </Form.Item>
                )}
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="channel" label={t('complaints.fields.channel')} rules={[{ required: true }]}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channel.${c}`) }))}
                        data-testid="intake-channel"
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="severity" label={t('complaints.fields.severity')} rules={[{ required: true }]}>
                      <Radio.Group optionType="button">
                        {COMPLAINT_SEVERITIES.map((s) => (
                          <Radio.Button key={s} value={s}>
                            {t(`complaints.severity.${s}`)}
                          </Radio.Button>
                        ))}
                      </Radio.Group>
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item
                  name="subject"
                  label={t('complaints.fields.subject')}
                  rules={[{ required: true, whitespace: true, message: t('complaints.intake.subjectRequired') }, { max: 200 }]}
                >
                  <Input maxLength={200} autoComplete="off" data-testid="intake-subject" />
                </Form.Item>
                <Form.Item
                  name="description"
                  label={t('complaints.fields.description')}
                  rules={[{ required: true, whitespace: true, message: t('complaints.intake.descriptionRequired') }]}
                >
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="intake-description" />
                </Form.Item>
                <Form.Item name="relatedOrders" label={t('complaints.fields.relatedOrders')}>
                  <Input autoComplete="off" placeholder={t('complaints.intake.relatedOrdersHint')} />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={8}>
                    <Form.Item name="category" label={t('complaints.fields.category')}>
                      <Input maxLength={60} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item name="receivedAt" label={t('complaints.fields.receivedAt')} tooltip={t('complaints.intake.receivedAtHint')}>
                      <DatePicker
                        showTime
                        style={{ width: '100%' }}
                        disabledDate={(d) => d.isAfter(toWallClock(Date.now(), timeZone), 'day')}
                        placeholder={t('complaints.intake.now')}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="multiPlatform" valuePropName="checked" label=" ">
                      <Checkbox>{t('complaints.fields.multiPlatform')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" onClick={() => void submit()} loading={create.isPending} data-testid="intake-submit">
                  {t('complaints.intake.submit')} (Ctrl+Enter)
                </Button>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('complaints.intake.caller')} size="small">
            {debouncedPhone.length < 5 ? (
              <Typography.Text type="secondary">{t('complaints.intake.typePhone')}</Typography.Text>
            ) : lookup.isLoading ? (
              <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
            ) : lookup.isError ? (
              <Alert type="warning" showIcon title={describeError(lookup.error, t).title} />
            ) : customer ? (
              <>
                {matches.length > 1 && (
                  <Radio.Group
                    value={customer.id}
                    onChange={(e) => setPickedCustomerId(e.target.value as string)}
                    options={matches.map((m) => ({ value: m.id, label: m.name }))}
                    style={{ marginBottom: 8 }}
                  />
                )}
                <Descriptions size="small" column={1} data-testid="intake-customer">
                  <Descriptions.Item label={t('complaints.intake.customer')}>
                    <Tag color="blue">{customer.name}</Tag>
                    {customer.hqFiled && <Tag color="gold">{t('complaints.intake.hqFiled')}</Tag>}
                  </Descriptions.Item>
                  {customer.matchedContactName && (
                    <Descriptions.Item label={t('complaints.intake.contact')}>{customer.matchedContactName}</Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('complaints.intake.owningUnit')}>{customer.owningUnitName}</Descriptions.Item>
                  {customer.grade && <Descriptions.Item label={t('complaints.intake.grade')}>{customer.grade}</Descriptions.Item>}
                </Descriptions>
              </>
            ) : (
              <Typography.Text type="secondary">{t('complaints.intake.noCustomer')}</Typography.Text>
            )}
          </Card>
          <Card title={t('complaints.intake.recent')} size="small" style={{ marginTop: 12 }}>
            {debouncedPhone.length < 5 ? (
              <Typography.Text type="secondary">{t('complaints.intake.typePhone')}</Typography.Text>
            ) : recent.isError ? (
              <Alert
                type="error"
                showIcon
                title={describeError(recent.error, t).title}
                description={describeError(recent.error, t).detail}
              />
            ) : (
              <Table<ComplaintResponse>
                size="small"
                rowKey="id"
                pagination={false}
                loading={recent.isLoading}
                dataSource={recentItems}
                locale={{ emptyText: t('complaints.intake.noRecent') }}
                columns={[
                  {
                    title: t('complaints.fields.number'),
                    dataIndex: 'number',
                    render: (n: string, c) => <Link to={`/complaints/${c.id}`}>{n}</Link>,
                  },
                  { title: t('complaints.fields.subject'), dataIndex: 'subject', ellipsis: true },
                  {
                    title: t('complaints.fields.severity'),
                    dataIndex: 'severity',
                    render: (s: ComplaintSeverity) => <SeverityTag severity={s} />,
                  },
                  { title: t('complaints.fields.status'), dataIndex: 'status', render: (_: unknown, c) => <StatusTag status={c.status} /> },
                  { title: t('complaints.fields.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => dateTime(v).slice(0, 16) },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
