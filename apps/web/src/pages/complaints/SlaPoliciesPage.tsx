/**
 * SLA policies admin: which complaints a policy matches (kind/severity/channel, priority), its clock
 * (24×7 or a business calendar) and its escalation ladder (tiers with handler level and deadline).
 * Edits send the version read; a stale one answers 409 and the list is reloaded.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, describeError } from '../../api/errors';
import { type SlaPolicyBody, useCalendars, useSaveSlaPolicy, useSlaPolicies } from './api';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_SEVERITIES,
  SLA_CLOCKS,
  SLA_HANDLER_LEVELS,
  type ComplaintChannel,
  type ComplaintKind,
  type ComplaintSeverity,
  type SlaClock,
  type SlaHandlerLevel,
  type SlaPolicyResponse,
} from './types';
import { EditorDrawer } from './components/EditorDrawer';
import { SamplingRuleCard } from './components/SamplingRuleCard';

interface TierValues {
  handlerLevel: SlaHandlerLevel;
  hours: number;
}

interface PolicyValues {
  name: string;
  code?: string;
  description?: string;
  source?: string;
  clock: SlaClock;
  calendarId?: string;
  tiers: TierValues[];
  warnBeforeMinutes: number;
  kinds?: ComplaintKind[];
  severities?: ComplaintSeverity[];
  channels?: ComplaintChannel[];
  priority: number;
  active: boolean;
}

const FIELDS = [
  'name',
  'code',
  'description',
  'source',
  'clock',
  'calendarId',
  'tiers',
  'warnBeforeMinutes',
  'match',
  'priority',
  'active',
];

/** "4 h", "1 d 0 h", "30 min" for a number of minutes. */
export function formatMinutes(
  minutes: number,
  t: (key: 'complaints.units.d' | 'complaints.units.h' | 'complaints.units.min') => string,
): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return (
    [d && `${d}${t('complaints.units.d')}`, h && `${h}${t('complaints.units.h')}`, m && `${m}${t('complaints.units.min')}`]
      .filter(Boolean)
      .join(' ') || '0'
  );
}

function toValues(policy: SlaPolicyResponse | null): Partial<PolicyValues> {
  if (!policy) {
    return {
      clock: 'calendar',
      warnBeforeMinutes: 60,
      priority: 0,
      active: true,
      tiers: [
        { handlerLevel: 'receiving_unit', hours: 4 },
        { handlerLevel: 'platform', hours: 24 },
        { handlerLevel: 'hq', hours: 48 },
      ],
    };
  }
  return {
    name: policy.name,
    code: policy.code ?? undefined,
    description: policy.description ?? undefined,
    source: policy.source ?? undefined,
    clock: policy.clock,
    calendarId: policy.calendarId ?? undefined,
    tiers: policy.tiers.map((tier) => ({ handlerLevel: tier.handlerLevel, hours: tier.deadlineMinutes / 60 })),
    warnBeforeMinutes: policy.warnBeforeMinutes,
    kinds: policy.match.kinds as ComplaintKind[] | undefined,
    severities: policy.match.severities as ComplaintSeverity[] | undefined,
    channels: policy.match.channels as ComplaintChannel[] | undefined,
    priority: policy.priority,
    active: policy.active,
  };
}

function toBody(values: PolicyValues, creating: boolean): SlaPolicyBody {
  const nonEmpty = <T,>(list?: T[]) => (list && list.length > 0 ? list : undefined);
  return {
    name: values.name.trim(),
    code: creating ? values.code?.trim() || undefined : undefined,
    description: values.description?.trim() || undefined,
    source: values.source?.trim() || undefined,
    clock: values.clock,
    calendarId: values.clock === 'business' ? values.calendarId : undefined,
    tiers: values.tiers.map((tier, index) => ({
      tier: index + 1,
      handlerLevel: tier.handlerLevel,
      deadlineMinutes: Math.round(tier.hours * 60),
    })),
    warnBeforeMinutes: values.warnBeforeMinutes,
    match: { kinds: nonEmpty(values.kinds), severities: nonEmpty(values.severities), channels: nonEmpty(values.channels) },
    priority: values.priority,
    active: values.active,
  };
}

function PolicyDrawer({ policy, onClose }: { policy: SlaPolicyResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PolicyValues>();
  const save = useSaveSlaPolicy();
  const calendars = useCalendars();
  const [error, setError] = useState<unknown>(null);
  const clock = Form.useWatch('clock', form);

  const submit = async (values: PolicyValues) => {
    setError(null);
    try {
      await save.mutateAsync({ id: policy?.id, version: policy?.version, body: toBody(values, !policy) });
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, FIELDS);
      setError(e);
    }
  };

  return (
    <EditorDrawer
      width={640}
      title={policy ? t('complaints.policies.edit', { name: policy.name }) : t('complaints.policies.create')}
      saving={save.isPending}
      error={error}
      onSave={() => form.submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={toValues(policy)} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('complaints.policies.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
          <Input />
        </Form.Item>
        {!policy && (
          <Form.Item
            name="code"
            label={t('complaints.policies.code')}
            rules={[{ pattern: /^[a-z0-9][a-z0-9-]{0,59}$/, message: t('complaints.policies.codeRule') }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('complaints.policies.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="source" label={t('complaints.policies.source')}>
          <Input placeholder="[000 §16]" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="clock" label={t('complaints.policies.clock')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={SLA_CLOCKS.map((c) => ({ value: c, label: t(`complaints.clock.${c}`) }))} />
          </Form.Item>
          {clock === 'business' && (
            <Form.Item name="calendarId" label={t('complaints.policies.calendar')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={calendars.isLoading}
                options={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                notFoundContent={calendars.isError ? describeError(calendars.error, t).title : undefined}
              />
            </Form.Item>
          )}
        </Flex>
        <Typography.Text strong>{t('complaints.policies.tiers')}</Typography.Text>
        <Form.List
          name="tiers"
          rules={[
            {
              validator: (_, tiers?: TierValues[]) =>
                tiers && tiers.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('complaints.policies.tierNeeded'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Tag>{t('complaints.tierN', { tier: index + 1 })}</Tag>
                  <Form.Item name={[field.name, 'handlerLevel']} rules={[{ required: true }]} style={{ width: 200 }}>
                    <Select options={SLA_HANDLER_LEVELS.map((l) => ({ value: l, label: t(`complaints.handlerLevel.${l}`) }))} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'hours']}
                    rules={[
                      { required: true, message: t('common.required') },
                      ({ getFieldValue }) => ({
                        validator: (_, hours?: number) => {
                          const previous = index > 0 ? (getFieldValue(['tiers', index - 1, 'hours']) as number | undefined) : 0;
                          return hours === undefined || hours > (previous ?? 0)
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('complaints.policies.laterThanPrevious')));
                        },
                      }),
                    ]}
                  >
                    <InputNumber
                      min={0.25}
                      step={1}
                      addonAfter={clock === 'business' ? t('complaints.policies.businessHours') : t('complaints.units.h')}
                    />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ handlerLevel: 'hq', hours: 48 })} style={{ marginBottom: 12 }}>
                {t('complaints.policies.addTier')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        <Form.Item
          name="warnBeforeMinutes"
          label={t('complaints.policies.warnBefore')}
          extra={clock === 'business' ? t('complaints.policies.warnBusiness') : undefined}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} addonAfter={t('complaints.units.min')} />
        </Form.Item>
        <Typography.Text strong>{t('complaints.policies.match')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('complaints.policies.matchHint')}</Typography.Paragraph>
        <Form.Item name="kinds" label={t('complaints.fields.kind')}>
          <Select mode="multiple" allowClear options={COMPLAINT_KINDS.map((k) => ({ value: k, label: t(`complaints.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="severities" label={t('complaints.fields.severity')}>
          <Select
            mode="multiple"
            allowClear
            options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severity.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="channels" label={t('complaints.fields.channel')}>
          <Select mode="multiple" allowClear options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channel.${c}`) }))} />
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="priority" label={t('complaints.policies.priority')} rules={[{ required: true }]}>
            <InputNumber min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="active" label={t('complaints.policies.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </EditorDrawer>
  );
}

export default function SlaPoliciesPage() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<SlaPolicyResponse | null | 'new'>(null);
  const calendarName = (id: string | null) => (id ? (calendars.data?.items.find((c) => c.id === id)?.name ?? '…') : t('common.none'));
  const tr = (key: 'complaints.units.d' | 'complaints.units.h' | 'complaints.units.min') => t(key);

  return (
    <div>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.policies.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('complaints.policies.create')}
        </Button>
      </Flex>
      <SamplingRuleCard />
      {policies.isError ? (
        <Alert type="error" showIcon title={describeError(policies.error, t).title} description={describeError(policies.error, t).detail} />
      ) : (
        <Table<SlaPolicyResponse>
          size="small"
          rowKey="id"
          loading={policies.isLoading}
          dataSource={policies.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('complaints.policies.empty') }}
          columns={[
            {
              title: t('complaints.policies.name'),
              dataIndex: 'name',
              render: (name: string, p) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {name} {!p.active && <Tag>{t('complaints.policies.inactive')}</Tag>}
                  </span>
                  {p.source && <Typography.Text type="secondary">{p.source}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t('complaints.policies.clock'),
              dataIndex: 'clock',
              width: 160,
              render: (clock: SlaClock, p) => (
                <span>
                  {t(`complaints.clock.${clock}`)}
                  {clock === 'business' && <div>{calendarName(p.calendarId)}</div>}
                </span>
              ),
            },
            {
              title: t('complaints.policies.tiers'),
              dataIndex: 'tiers',
              render: (_: unknown, p) => (
                <Space wrap size={4}>
                  {p.tiers.map((tier) => (
                    <Tag key={tier.tier}>
                      {tier.tier}. {t(`complaints.handlerLevel.${tier.handlerLevel}`)} {formatMinutes(tier.deadlineMinutes, tr)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('complaints.policies.match'),
              dataIndex: 'match',
              render: (_: unknown, p) => {
                const parts = [
                  ...(p.match.kinds ?? []).map((k) => t(`complaints.kind.${k as 'complaint'}`)),
                  ...(p.match.severities ?? []).map((s) => t(`complaints.severity.${s as 'general'}`)),
                  ...(p.match.channels ?? []).map((c) => t(`complaints.channel.${c as 'phone'}`)),
                ];
                return parts.length ? (
                  parts.join(' · ')
                ) : (
                  <Typography.Text type="secondary">{t('complaints.policies.matchAll')}</Typography.Text>
                );
              },
            },
            { title: t('complaints.policies.priority'), dataIndex: 'priority', width: 70 },
            {
              title: t('common.actions'),
              width: 80,
              render: (_: unknown, p) => (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {editing && <PolicyDrawer policy={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
