import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Row, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '@cs/api-client';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';
import { DUTY_COLOR } from './rotation-api';

type WeeklyReport = Schemas['WeeklyReportResponse'];
type ExpenseClaim = Schemas['ExpenseClaimResponse'];
const MY_REPORTS_KEY = ['rotation', 'my-reports'] as const;

/** Field staff: submit the weekly report (due Monday 13:00) and the monthly expense claim (due the 10th). */
export default function MyReportsPage() {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const weekly = useQuery({
    queryKey: [...MY_REPORTS_KEY, 'weekly'],
    queryFn: () => unwrap<Page<WeeklyReport>>(api.GET('/api/v1/weekly-reports', { params: { query: { limit: 20 } } })),
  });
  const claims = useQuery({
    queryKey: [...MY_REPORTS_KEY, 'claims'],
    queryFn: () => unwrap<Page<ExpenseClaim>>(api.GET('/api/v1/expense-claims', { params: { query: { limit: 12 } } })),
  });
  return (
    <>
      <PageHeader title={t('rotation.mine.title')} subtitle={t('rotation.weekly.hint')} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rotation.mine.weekly')} style={{ marginBottom: 16 }}>
            <WeeklyForm />
            {weekly.isError ? (
              <ErrorAlert error={weekly.error} onRetry={() => void weekly.refetch()} />
            ) : (
              <Table<WeeklyReport>
                rowKey="id"
                size="small"
                loading={weekly.isPending}
                dataSource={weekly.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={t('rotation.mine.noReports')} /> }}
                data-testid="my-weekly-reports"
                columns={[
                  { title: t('rotation.mine.weekStart'), dataIndex: 'weekStart', width: 110 },
                  { title: t('rotation.mine.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => dateTime(v) },
                  {
                    title: t('rotation.mine.status'),
                    dataIndex: 'status',
                    width: 90,
                    render: (s: WeeklyReport['status']) => <Tag color={DUTY_COLOR[s]}>{t(`rotation.duty.${s}`)}</Tag>,
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rotation.mine.claims')}>
            <ClaimForm />
            {claims.isError ? (
              <ErrorAlert error={claims.error} onRetry={() => void claims.refetch()} />
            ) : (
              <Table<ExpenseClaim>
                rowKey="id"
                size="small"
                loading={claims.isPending}
                dataSource={claims.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: <Empty description={t('rotation.mine.noClaims')} /> }}
                columns={[
                  { title: t('rotation.staff.month'), dataIndex: 'month', width: 90 },
                  { title: t('rotation.mine.amount'), dataIndex: 'amount', align: 'right', width: 110 },
                  { title: t('rotation.mine.due'), dataIndex: 'dueAt', render: (v: string) => dateTime(v) },
                  {
                    title: t('rotation.mine.status'),
                    dataIndex: 'status',
                    width: 90,
                    render: (s: ExpenseClaim['status']) => <Tag color={DUTY_COLOR[s]}>{t(`rotation.duty.${s}`)}</Tag>,
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function WeeklyForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ week: Dayjs; summary: string; faultyUnitStock?: number }>();
  const [key, setKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: { week: Dayjs; summary: string; faultyUnitStock?: number }) => {
      // The picked week's Monday (ISO weeks start on Monday).
      const monday = v.week.subtract((v.week.day() + 6) % 7, 'day');
      return unwrap(
        api.POST('/api/v1/weekly-reports', {
          body: { weekStart: monday.format(DATE_FORMAT), summary: v.summary.trim(), faultyUnitStock: v.faultyUnitStock ?? undefined },
          headers: { 'Idempotency-Key': key },
        }),
      );
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      form.resetFields();
      setKey(newIdempotencyKey());
      await queryClient.invalidateQueries({ queryKey: MY_REPORTS_KEY });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['summary', 'faultyUnitStock'])) message.error(errorMessage(error, t));
    },
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ week: dayjs().subtract(7, 'day') }}>
      <Form.Item name="week" label={t('rotation.mine.week')} rules={[{ required: true }]}>
        <DatePicker picker="week" />
      </Form.Item>
      <Form.Item name="summary" label={t('rotation.mine.summary')} rules={[{ required: true, whitespace: true, max: 10000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="faultyUnitStock" label={t('rotation.mine.faultyStock')}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginBottom: 12 }}>
        {t('rotation.mine.submit')}
      </Button>
    </Form>
  );
}

function ClaimForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ month: Dayjs; amount: number; description?: string }>();
  const [key, setKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: { month: Dayjs; amount: number; description?: string }) =>
      unwrap(
        api.POST('/api/v1/expense-claims', {
          body: { month: v.month.format('YYYY-MM'), amount: v.amount.toFixed(2), description: v.description?.trim() || undefined },
          headers: { 'Idempotency-Key': key },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      form.resetFields();
      setKey(newIdempotencyKey());
      await queryClient.invalidateQueries({ queryKey: MY_REPORTS_KEY });
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ month: dayjs().subtract(1, 'month') }}>
      <Form.Item name="month" label={t('rotation.staff.month')} rules={[{ required: true }]}>
        <DatePicker picker="month" />
      </Form.Item>
      <Form.Item name="amount" label={t('rotation.mine.amount')} rules={[{ required: true }]}>
        <InputNumber min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="description" label={t('rotation.staff.description')}>
        <Input />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('rotation.mine.claimHint')}
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginBottom: 12 }}>
        {t('rotation.mine.submit')}
      </Button>
    </Form>
  );
}
