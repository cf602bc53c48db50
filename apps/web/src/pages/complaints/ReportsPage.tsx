/**
 * Complaint reports: the monthly closed-case statistics (客诉案件统计表) and the quarterly summary
 * (季度客户投诉汇总), as figures, charts and CSV/XLSX downloads of the same report.
 */
import { DownloadOutlined } from '@ant-design/icons';
import type { Schemas } from '@cs/api-client';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { describeError, errorMessage } from '../../api/errors';
import { useOrgTree } from '../../api/org-units';
import type { OrgTreeNode } from '../../api/types';
import { useBusinessTime } from '../../i18n/time';
import { type ReportFormat, downloadComplaintReport, useMonthlyReport, useQuarterlyReport } from './api';

dayjs.extend(quarterOfYear);

type KeyCount = Schemas['KeyCount'];
type UnitCount = Schemas['UnitCount'];
type Period = 'monthly' | 'quarterly';

const COLORS = ['#1677ff', '#fa8c16', '#f5222d', '#52c41a', '#722ed1', '#13c2c2', '#eb2f96', '#faad14', '#2f54eb'];

function hours(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} h`;
}

function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

function treeData(nodes: readonly OrgTreeNode[]): { value: string; title: string; children: ReturnType<typeof treeData> }[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, children: treeData(n.children) }));
}

/** A bar chart of counts; `label` turns a key into its display name. */
function CountChart({
  title,
  data,
  label,
  testId,
}: {
  title: string;
  data: { name: string; count: number }[];
  label?: (key: string) => string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const rows = data.map((d) => ({ name: label ? label(d.name) : d.name, count: d.count }));
  return (
    <Card size="small" title={title} data-testid={testId}>
      {rows.every((r) => r.count === 0) ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.reports.noData')} />
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {/* Many categories (channels): slanted labels so they do not overlap at 1366 px. */}
            <XAxis
              dataKey="name"
              interval={0}
              tick={{ fontSize: 11 }}
              angle={rows.length > 5 ? -30 : 0}
              textAnchor={rows.length > 5 ? 'end' : 'middle'}
              height={rows.length > 5 ? 56 : 30}
            />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" name={t('complaints.reports.count')} fill={COLORS[0]} isAnimationActive={false}>
              <LabelList dataKey="count" position="top" fontSize={11} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </Card>
  );
}

const keyed = (list: readonly KeyCount[]) => list.map((d) => ({ name: d.key, count: d.count }));
const byUnit = (list: readonly UnitCount[]) => list.map((d) => ({ name: d.unitName, count: d.count }));

function MonthlyReportView({ report }: { report: Schemas['MonthlyComplaintReport'] }) {
  const { t } = useTranslation();
  const totals = report.totals;
  return (
    <>
      <Row gutter={[12, 12]} data-testid="report-totals">
        {(
          [
            ['closedCases', totals.closedCases],
            ['invalidCases', totals.invalidCases],
            ['escalatedCases', totals.escalatedCases],
            ['breachedCases', totals.breachedCases],
            ['answeredOnTime', totals.answeredOnTime],
          ] as const
        ).map(([key, value]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`total-${key}`}>
              <Statistic title={t(`complaints.reports.totals.${key}`)} value={value} valueStyle={{ fontSize: 22 }} />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t('complaints.reports.totals.onTimeRate')} value={percent(totals.onTimeRate)} valueStyle={{ fontSize: 22 }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.byKind')}
            data={keyed(report.byKind)}
            label={(k) => t(`complaints.kind.${k as 'complaint'}`)}
            testId="chart-kind"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.bySeverity')}
            data={keyed(report.bySeverity)}
            label={(k) => t(`complaints.severity.${k as 'general'}`)}
            testId="chart-severity"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.byChannel')}
            data={keyed(report.byChannel)}
            label={(k) => t(`complaints.channel.${k as 'phone'}`)}
            testId="chart-channel"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart title={t('complaints.reports.byUnit')} data={byUnit(report.byUnit)} testId="chart-unit" />
        </Col>
      </Row>
      <Card size="small" title={t('complaints.reports.responsibilityByUnit')} style={{ marginTop: 12 }}>
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          dataSource={report.responsibilityByUnit}
          locale={{ emptyText: t('complaints.reports.noResponsibility') }}
          columns={[
            { title: t('complaints.responsibility.unit'), dataIndex: 'unitName' },
            { title: t('complaints.reports.cases'), dataIndex: 'cases', align: 'right' },
            {
              title: t('complaints.responsibility.compensation'),
              dataIndex: 'compensation',
              align: 'right',
              render: (v: string) => `¥${v}`,
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('complaints.reports.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2} align="right">
                ¥{totals.compensationTotal}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
    </>
  );
}

function QuarterlyReportView({ report }: { report: Schemas['QuarterlyComplaintReport'] }) {
  const { t } = useTranslation();
  const totals = report.totals;
  const tta = report.timeToAnswer;
  return (
    <>
      <Row gutter={[12, 12]} data-testid="report-totals">
        {(
          [
            ['received', totals.received],
            ['answered', totals.answered],
            ['unanswered', totals.unanswered],
            ['closed', totals.closed],
            ['escalations', totals.escalations],
            ['breached', totals.breached],
            ['hqReported', totals.hqReported],
            ['invalid', totals.invalid],
          ] as const
        ).map(([key, value]) => (
          <Col key={key} xs={12} md={6} xl={3}>
            <Card size="small" data-testid={`total-${key}`}>
              <Statistic title={t(`complaints.reports.totals.${key}`)} value={value} valueStyle={{ fontSize: 22 }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.reports.slaByTier')} data-testid="chart-sla">
            {report.slaByTier.every((tier) => tier.eligible === 0) ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.reports.noData')} />
            ) : (
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  data={report.slaByTier.map((tier) => ({
                    name: t('complaints.tierN', { tier: tier.tier }),
                    within: tier.withinDeadline,
                    late: tier.eligible - tier.withinDeadline,
                    rate: tier.rate,
                  }))}
                  margin={{ top: 8, right: 8, left: -16, bottom: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="name" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar
                    dataKey="within"
                    stackId="a"
                    name={t('complaints.reports.withinDeadline')}
                    fill="#52c41a"
                    isAnimationActive={false}
                  />
                  <Bar dataKey="late" stackId="a" name={t('complaints.reports.late')} fill="#f5222d" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            )}
            <Space wrap>
              {report.slaByTier.map((tier) => (
                <Typography.Text key={tier.tier} type="secondary">
                  {t('complaints.tierN', { tier: tier.tier })}: {percent(tier.rate)} ({tier.withinDeadline}/{tier.eligible})
                </Typography.Text>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.reports.timeToAnswer')} data-testid="chart-tta">
            {tta.answered === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.reports.noData')} />
            ) : (
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  data={[
                    { name: t('complaints.reports.mean'), hours: tta.meanHours ?? 0 },
                    { name: 'P50', hours: tta.p50Hours ?? 0 },
                    { name: 'P90', hours: tta.p90Hours ?? 0 },
                  ]}
                  margin={{ top: 8, right: 8, left: -16, bottom: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="name" />
                  <YAxis unit="h" />
                  <Tooltip formatter={(v) => `${Number(v).toFixed(1)} h`} />
                  <Bar dataKey="hours" name={t('complaints.reports.hours')} fill={COLORS[4]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            )}
            <Typography.Text type="secondary">
              {t('complaints.reports.answeredCount', { count: tta.answered })}
              {tta.answered > 0 &&
                ` · ${t('complaints.reports.mean')} ${hours(tta.meanHours)} · P50 ${hours(tta.p50Hours)} · P90 ${hours(tta.p90Hours)}`}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.byKind')}
            data={keyed(report.byKind)}
            label={(k) => t(`complaints.kind.${k as 'complaint'}`)}
            testId="chart-kind"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.bySeverity')}
            data={keyed(report.bySeverity)}
            label={(k) => t(`complaints.severity.${k as 'general'}`)}
            testId="chart-severity"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart
            title={t('complaints.reports.byChannel')}
            data={keyed(report.byChannel)}
            label={(k) => t(`complaints.channel.${k as 'phone'}`)}
            testId="chart-channel"
          />
        </Col>
        <Col xs={24} lg={12}>
          <CountChart title={t('complaints.reports.byUnit')} data={byUnit(report.byUnit)} testId="chart-unit" />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.reports.repeat')}>
            <Typography.Paragraph>
              {t('complaints.reports.repeatSummary', { customers: report.repeat.customers, complaints: report.repeat.complaints })}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="customerKey"
              pagination={false}
              dataSource={report.repeat.top}
              locale={{ emptyText: t('complaints.reports.noData') }}
              columns={[
                {
                  title: t('complaints.fields.caller'),
                  render: (_: unknown, r: Schemas['RepeatCustomer']) => r.callerName ?? r.customerKey,
                },
                { title: t('complaints.reports.count'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.reports.compensation')}>
            <Space size="large">
              <Statistic title={t('complaints.reports.approvedTotal')} value={`¥${report.compensation.approvedTotal}`} />
              <Statistic title={t('complaints.reports.pendingTotal')} value={`¥${report.compensation.pendingTotal}`} />
            </Space>
            <Table
              size="small"
              rowKey="unitId"
              pagination={false}
              dataSource={report.compensation.byUnit}
              locale={{ emptyText: t('complaints.reports.noResponsibility') }}
              columns={[
                { title: t('complaints.responsibility.unit'), dataIndex: 'unitName' },
                { title: t('complaints.reports.cases'), dataIndex: 'cases', align: 'right' },
                {
                  title: t('complaints.responsibility.compensation'),
                  dataIndex: 'compensation',
                  align: 'right',
                  render: (v: string) => `¥${v}`,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { dateTime, timeZone } = useBusinessTime();
  const [params, setParams] = useSearchParams();
  // The current month/quarter in the business time zone (not the workstation's).
  const today = dayjs().tz(timeZone);
  const period: Period = params.get('period') === 'quarterly' ? 'quarterly' : 'monthly';
  const month = params.get('month') ?? today.format('YYYY-MM');
  const quarter = params.get('quarter') ?? `${today.year()}-Q${today.quarter()}`;
  const unitId = params.get('unitId') ?? undefined;
  const tree = useOrgTree();
  const monthly = useMonthlyReport(month, unitId, period === 'monthly');
  const quarterly = useQuarterlyReport(quarter, unitId, period === 'quarterly');
  const active = period === 'monthly' ? monthly : quarterly;
  const [exporting, setExporting] = useState<ReportFormat | null>(null);

  const set = (entries: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    Object.entries(entries).forEach(([k, v]) => (v ? next.set(k, v) : next.delete(k)));
    setParams(next, { replace: true });
  };

  const exportAs = async (format: ReportFormat) => {
    setExporting(format);
    try {
      await downloadComplaintReport(period, period === 'monthly' ? month : quarter, format, unitId);
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setExporting(null);
    }
  };

  const quarterValue: Dayjs = dayjs(`${quarter.slice(0, 4)}-${String((Number(quarter.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`);

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.reports.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            value={period}
            onChange={(v) => set({ period: v as Period })}
            options={[
              { value: 'monthly', label: t('complaints.reports.monthly') },
              { value: 'quarterly', label: t('complaints.reports.quarterly') },
            ]}
          />
          {period === 'monthly' ? (
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
              data-testid="report-month"
            />
          ) : (
            <DatePicker
              picker="quarter"
              allowClear={false}
              value={quarterValue}
              onChange={(d) => d && set({ quarter: `${d.year()}-Q${d.quarter()}` })}
            />
          )}
          <TreeSelect
            allowClear
            style={{ width: 200 }}
            placeholder={t('complaints.reports.myUnit')}
            value={unitId}
            treeData={treeData(tree.data ?? [])}
            treeDefaultExpandAll
            onChange={(v?: string) => set({ unitId: v })}
          />
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')} data-testid="export-csv">
            CSV
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting === 'xlsx'}
            onClick={() => void exportAs('xlsx')}
            data-testid="export-xlsx"
          >
            XLSX
          </Button>
        </Space>
      </Flex>
      {active.isLoading ? (
        <Skeleton active />
      ) : active.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(active.error, t).title}
          description={describeError(active.error, t).detail}
          action={<Button onClick={() => void active.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('complaints.reports.scope', {
              unit: (period === 'monthly' ? monthly.data?.unit.name : quarterly.data?.unit.name) ?? '',
              from: dateTime(active.data?.from).slice(0, 10),
              generated: dateTime(active.data?.generatedAt),
            })}
          </Typography.Paragraph>
          {period === 'monthly' && monthly.data && <MonthlyReportView report={monthly.data} />}
          {period === 'quarterly' && quarterly.data && <QuarterlyReportView report={quarterly.data} />}
        </>
      )}
    </div>
  );
}
