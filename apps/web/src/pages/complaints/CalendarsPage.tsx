/**
 * Business calendars admin: working hours per weekday, public holidays and adjusted working days
 * (调休). Hours are typed as "09:00-12:00, 13:00-18:00" (empty = day off) and dates one per line or
 * separated by commas, which is faster to type and paste (e.g. from the State Council notice) than
 * clicking through date pickers. The API validates the calendar again and names any problem.
 */
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, describeError } from '../../api/errors';
import { type CalendarBody, useCalendars, useSaveCalendar } from './api';
import type { CalendarResponse, WorkingPeriod } from './types';
import { EditorDrawer } from './components/EditorDrawer';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const TIME = '([01]\\d|2[0-3]):[0-5]\\d|24:00';
const PERIOD = new RegExp(`^(${TIME})\\s*-\\s*(${TIME})$`);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "09:00-12:00, 13:00-18:00" → periods; null when a part is malformed. */
export function parsePeriods(text: string | undefined): WorkingPeriod[] | null {
  const parts = (text ?? '')
    .split(/[,，;；]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const periods: WorkingPeriod[] = [];
  for (const part of parts) {
    const match = PERIOD.exec(part);
    if (!match) return null;
    const [start, end] = part.split('-').map((s) => s.trim()) as [string, string];
    if (start >= end) return null;
    periods.push({ start, end });
  }
  return periods;
}

export function formatPeriods(periods: readonly WorkingPeriod[] | null | undefined): string {
  return (periods ?? []).map((p) => `${p.start}-${p.end}`).join(', ');
}

/** Dates separated by new lines, commas or spaces; null when one is not YYYY-MM-DD. */
export function parseDates(text: string | undefined): string[] | null {
  const dates = (text ?? '').split(/[\s,，;；]+/).filter(Boolean);
  if (dates.some((d) => !DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))) return null;
  return [...new Set(dates)].sort();
}

interface CalendarValues {
  name: string;
  code?: string;
  description?: string;
  timeZone: string;
  week: Record<string, string>;
  holidays?: string;
  adjustedWorkdays?: string;
  adjustedWorkdayHours?: string;
}

const FIELDS = ['name', 'code', 'description', 'timeZone', 'weekHours', 'holidays', 'adjustedWorkdays', 'adjustedWorkdayHours'];

function toValues(calendar: CalendarResponse | null): Partial<CalendarValues> {
  if (!calendar) {
    return {
      timeZone: 'Asia/Shanghai',
      week: Object.fromEntries(WEEKDAYS.map((d) => [d, Number(d) <= 5 ? '09:00-12:00, 13:00-18:00' : ''])),
    };
  }
  return {
    name: calendar.name,
    code: calendar.code ?? undefined,
    description: calendar.description ?? undefined,
    timeZone: calendar.timeZone,
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, formatPeriods(calendar.weekHours[d])])),
    holidays: calendar.holidays.join('\n'),
    adjustedWorkdays: calendar.adjustedWorkdays.join('\n'),
    adjustedWorkdayHours: formatPeriods(calendar.adjustedWorkdayHours),
  };
}

function CalendarDrawer({ calendar, onClose }: { calendar: CalendarResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CalendarValues>();
  const save = useSaveCalendar();
  const [error, setError] = useState<unknown>(null);

  const periodsRule = {
    validator: (_: unknown, v?: string) =>
      parsePeriods(v) ? Promise.resolve() : Promise.reject(new Error(t('complaints.calendars.periodsRule'))),
  };
  const datesRule = {
    validator: (_: unknown, v?: string) =>
      parseDates(v) ? Promise.resolve() : Promise.reject(new Error(t('complaints.calendars.datesRule'))),
  };

  const submit = async (values: CalendarValues) => {
    const adjustedHours = parsePeriods(values.adjustedWorkdayHours) ?? [];
    const body: CalendarBody = {
      name: values.name.trim(),
      code: calendar ? undefined : values.code?.trim() || undefined,
      description: values.description?.trim() || undefined,
      timeZone: values.timeZone.trim(),
      weekHours: Object.fromEntries(WEEKDAYS.map((d) => [d, parsePeriods(values.week[d]) ?? []])),
      holidays: parseDates(values.holidays) ?? [],
      adjustedWorkdays: parseDates(values.adjustedWorkdays) ?? [],
      adjustedWorkdayHours: adjustedHours.length > 0 ? adjustedHours : undefined,
    };
    setError(null);
    try {
      await save.mutateAsync({ id: calendar?.id, version: calendar?.version, body });
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, FIELDS);
      setError(e);
    }
  };

  return (
    <EditorDrawer
      width={620}
      title={calendar ? t('complaints.calendars.edit', { name: calendar.name }) : t('complaints.calendars.create')}
      saving={save.isPending}
      error={error}
      onSave={() => form.submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" initialValues={toValues(calendar)} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('complaints.calendars.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
          <Input />
        </Form.Item>
        {!calendar && (
          <Form.Item
            name="code"
            label={t('complaints.policies.code')}
            rules={[{ pattern: /^[a-z0-9][a-z0-9-]{0,59}$/, message: t('complaints.policies.codeRule') }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('complaints.policies.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('complaints.calendars.timeZone')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Typography.Text strong>{t('complaints.calendars.weekHours')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('complaints.calendars.periodsHint')}</Typography.Paragraph>
        {WEEKDAYS.map((d) => (
          <Form.Item
            key={d}
            name={['week', d]}
            label={t(`complaints.calendars.weekday.${d}`)}
            rules={[periodsRule]}
            style={{ marginBottom: 8 }}
          >
            <Input placeholder={t('complaints.calendars.dayOff')} />
          </Form.Item>
        ))}
        <Form.Item
          name="holidays"
          label={t('complaints.calendars.holidays')}
          rules={[datesRule]}
          extra={t('complaints.calendars.datesHint')}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <Form.Item
          name="adjustedWorkdays"
          label={t('complaints.calendars.adjustedWorkdays')}
          rules={[datesRule]}
          extra={t('complaints.calendars.adjustedHint')}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item
          name="adjustedWorkdayHours"
          label={t('complaints.calendars.adjustedWorkdayHours')}
          rules={[periodsRule]}
          extra={t('complaints.calendars.adjustedHoursHint')}
        >
          <Input />
        </Form.Item>
      </Form>
    </EditorDrawer>
  );
}

export default function CalendarsPage() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  const [editing, setEditing] = useState<CalendarResponse | null | 'new'>(null);

  return (
    <div>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.calendars.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('complaints.calendars.create')}
        </Button>
      </Flex>
      {calendars.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(calendars.error, t).title}
          description={describeError(calendars.error, t).detail}
        />
      ) : (
        <Table<CalendarResponse>
          size="small"
          rowKey="id"
          loading={calendars.isLoading}
          dataSource={calendars.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('complaints.calendars.empty') }}
          columns={[
            { title: t('complaints.calendars.name'), dataIndex: 'name' },
            { title: t('complaints.calendars.timeZone'), dataIndex: 'timeZone', width: 140 },
            {
              title: t('complaints.calendars.weekHours'),
              render: (_: unknown, c) => (
                <Space wrap size={4}>
                  {WEEKDAYS.map((d) => (
                    <Tag key={d} color={(c.weekHours[d] ?? []).length ? 'blue' : 'default'}>
                      {t(`complaints.calendars.weekdayShort.${d}`)} {formatPeriods(c.weekHours[d]) || t('complaints.calendars.off')}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('complaints.calendars.holidays'), width: 90, render: (_: unknown, c) => c.holidays.length },
            { title: t('complaints.calendars.adjustedWorkdays'), width: 110, render: (_: unknown, c) => c.adjustedWorkdays.length },
            {
              title: t('common.actions'),
              width: 80,
              render: (_: unknown, c) => (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {editing && <CalendarDrawer calendar={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
