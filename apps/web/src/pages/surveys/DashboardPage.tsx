import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Input, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import type { SatisfactionReport, SurveyCampaign, SurveyMetrics } from './api';

const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;
const COLORS = { coverage: '#1677ff', satisfaction: '#52c41a', dissatisfaction: '#f5222d', score: '#faad14' };

const currentQuarter = (): string => `${dayjs().year()}-Q${Math.floor(dayjs().month() / 3) + 1}`;
const pct = (v: number | null): string => (v === null ? '—' : `${v.toFixed(2)}%`);

function TargetStatistic({
  title,
  value,
  target,
  met,
  testId,
}: {
  title: string;
  value: number | null;
  target: number;
  met: boolean | null;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={title}
        value={value === null ? '—' : value}
        precision={value === null ? undefined : 2}
        suffix={value === null ? undefined : '%'}
      />
      <Space size={6} style={{ marginTop: 4 }}>
        <Typography.Text type="secondary">{t('surveys.dashboard.target', { value: target })}</Typography.Text>
        {met !== null && <Tag color={met ? 'green' : 'red'}>{met ? t('surveys.dashboard.met') : t('surveys.dashboard.notMet')}</Tag>}
      </Space>
    </Card>
  );
}

function MetricsView({ metrics }: { metrics: SurveyMetrics }) {
  const { t } = useTranslation();
  const coverageLabel = t('surveys.dashboard.coverage');
  const satisfactionLabel = t('surveys.dashboard.satisfaction');
  const unitData = metrics.byUnit.map((u) => ({ name: u.unitName, [coverageLabel]: u.coverage, [satisfactionLabel]: u.satisfactionRate }));
  const monthData = metrics.byMonth.map((m) => ({
    name: m.month,
    [coverageLabel]: m.coverage,
    [satisfactionLabel]: m.satisfactionRate,
    [t('surveys.dashboard.dissatisfaction')]: m.dissatisfactionRate,
  }));
  const distribution = metrics.scoreDistribution.map((d) => ({ name: String(d.score), [t('surveys.dashboard.count')]: d.count }));
  const targetLines = (
    <>
      <ReferenceLine y={metrics.targets.coverage} stroke={COLORS.coverage} strokeDasharray="4 4" />
      <ReferenceLine y={metrics.targets.satisfaction} stroke={COLORS.satisfaction} strokeDasharray="4 4" />
    </>
  );
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}>
          <Card size="small" data-testid="metric-invitations">
            <Statistic title={t('surveys.dashboard.invitations')} value={metrics.invitations} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small" data-testid="metric-responses">
            <Statistic title={t('surveys.dashboard.responses')} value={metrics.responses} />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <TargetStatistic
            testId="metric-coverage"
            title={coverageLabel}
            value={metrics.coverage}
            target={metrics.targets.coverage}
            met={metrics.coverageMet}
          />
        </Col>
        <Col xs={12} md={4}>
          <TargetStatistic
            testId="metric-satisfaction"
            title={satisfactionLabel}
            value={metrics.satisfactionRate}
            target={metrics.targets.satisfaction}
            met={metrics.satisfactionMet}
          />
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic
              title={t('surveys.dashboard.meanScore')}
              value={metrics.meanScore ?? '—'}
              precision={metrics.meanScore === null ? undefined : 2}
            />
          </Card>
        </Col>
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic title={t('surveys.dashboard.nps')} value={metrics.nps ?? '—'} precision={metrics.nps === null ? undefined : 2} />
          </Card>
        </Col>
      </Row>
      {metrics.invitations === 0 ? (
        <Empty description={t('surveys.dashboard.noData')} />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('surveys.dashboard.byUnitChart')}>
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={unitData}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis domain={[0, 100]} unit="%" />
                  <Tooltip />
                  <Legend />
                  {targetLines}
                  <Bar dataKey={coverageLabel} fill={COLORS.coverage} />
                  <Bar dataKey={satisfactionLabel} fill={COLORS.satisfaction} />
                </BarChart>
              </ResponsiveContainer>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('surveys.dashboard.byMonthChart')}>
              <ResponsiveContainer width="100%" height={260}>
                <LineChart data={monthData}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis domain={[0, 100]} unit="%" />
                  <Tooltip />
                  <Legend />
                  {targetLines}
                  <Line dataKey={coverageLabel} stroke={COLORS.coverage} connectNulls />
                  <Line dataKey={satisfactionLabel} stroke={COLORS.satisfaction} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('surveys.dashboard.distribution')}>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={distribution}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey={t('surveys.dashboard.count')} fill={COLORS.score} />
                </BarChart>
              </ResponsiveContainer>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('surveys.dashboard.dissatisfactionTrend')}>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={monthData}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis unit="%" />
                  <Tooltip />
                  <Line dataKey={t('surveys.dashboard.dissatisfaction')} stroke={COLORS.dissatisfaction} connectNulls />
                </LineChart>
              </ResponsiveContainer>
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('surveys.dashboard.byUnitTable')}>
              <Table
                size="small"
                rowKey="unitId"
                pagination={false}
                dataSource={metrics.byUnit}
                data-testid="metrics-by-unit"
                columns={[
                  { title: t('surveys.dashboard.unit'), dataIndex: 'unitName' },
                  { title: t('surveys.dashboard.invitations'), dataIndex: 'invitations', width: 90 },
                  { title: t('surveys.dashboard.responses'), dataIndex: 'responses', width: 90 },
                  { title: coverageLabel, dataIndex: 'coverage', width: 100, render: pct },
                  { title: satisfactionLabel, dataIndex: 'satisfactionRate', width: 100, render: pct },
                  { title: t('surveys.dashboard.meanScore'), dataIndex: 'meanScore', width: 90, render: (v: number | null) => v ?? '—' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaignId') ?? undefined;
  const [mode, setMode] = useState<'campaign' | 'report'>(campaignId ? 'campaign' : 'report');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [periodInput, setPeriodInput] = useState(currentQuarter);
  const period = PERIOD_PATTERN.test(periodInput) ? periodInput : null;

  const campaigns = useQuery({
    queryKey: ['surveys', 'campaigns', 'options'],
    enabled: mode === 'campaign',
    queryFn: () => unwrap(api.GET('/api/v1/survey-campaigns', { params: { query: { limit: 200, status: 'launched' } } })),
  });
  const campaignMetrics = useQuery({
    queryKey: ['surveys', 'metrics', campaignId],
    enabled: mode === 'campaign' && Boolean(campaignId),
    // Answers arrive from other people and from the public link: always re-read on opening.
    staleTime: 0,
    queryFn: () => unwrap<SurveyMetrics>(api.GET('/api/v1/survey-campaigns/{id}/metrics', { params: { path: { id: campaignId! } } })),
  });
  const report = useQuery({
    queryKey: ['surveys', 'report', period, unitId],
    enabled: mode === 'report' && period !== null,
    staleTime: 0,
    queryFn: () =>
      unwrap<SatisfactionReport>(
        api.GET('/api/v1/reports/satisfaction', { params: { query: { period: period!, ...(unitId ? { unitId } : {}) } } }),
      ),
  });
  const exportReport = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      const { data, response } = await api.GET('/api/v1/reports/satisfaction', {
        params: { query: { period: period!, format, ...(unitId ? { unitId } : {}) } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`${response.status}`);
      download(data as Blob, `satisfaction-${period}${unitId ? '' : `-${me?.orgUnit.name ?? ''}`}.${format}`);
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  const active = mode === 'campaign' ? campaignMetrics : report;
  return (
    <>
      <PageHeader
        title={t('surveys.dashboard.title')}
        extra={
          mode === 'report' && (
            <>
              <Button
                icon={<DownloadOutlined />}
                disabled={!period}
                loading={exportReport.isPending && exportReport.variables === 'csv'}
                onClick={() => exportReport.mutate('csv')}
              >
                {t('surveys.dashboard.exportCsv')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                disabled={!period}
                loading={exportReport.isPending && exportReport.variables === 'xlsx'}
                onClick={() => exportReport.mutate('xlsx')}
              >
                {t('surveys.dashboard.exportXlsx')}
              </Button>
            </>
          )
        }
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          optionType="button"
          value={mode}
          onChange={(e) => setMode(e.target.value as 'campaign' | 'report')}
          options={[
            { value: 'report', label: t('surveys.dashboard.byReport') },
            { value: 'campaign', label: t('surveys.dashboard.byCampaign') },
          ]}
        />
        {mode === 'campaign' ? (
          <Select
            style={{ width: 320 }}
            placeholder={t('surveys.dashboard.pickCampaign')}
            value={campaignId}
            loading={campaigns.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(id: string) => setParams({ campaignId: id })}
            options={(campaigns.data?.items ?? []).map((c: SurveyCampaign) => ({ value: c.id, label: c.name }))}
            data-testid="dashboard-campaign"
          />
        ) : (
          <>
            <OrgUnitSelect
              value={unitId}
              onChange={setUnitId}
              allowClear
              placeholder={me?.orgUnit.name ?? t('surveys.dashboard.unit')}
              style={{ width: 240 }}
            />
            <Input
              style={{ width: 160 }}
              value={periodInput}
              onChange={(e) => setPeriodInput(e.target.value.trim())}
              status={period ? undefined : 'error'}
              placeholder={t('surveys.dashboard.periodHint')}
              title={t('surveys.dashboard.periodHint')}
              data-testid="dashboard-period"
            />
          </>
        )}
      </Space>
      {active.isError && <ErrorAlert error={active.error} onRetry={() => void active.refetch()} style={{ marginBottom: 12 }} />}
      {mode === 'campaign' && !campaignId ? (
        <Empty description={t('surveys.dashboard.pickCampaign')} />
      ) : active.isPending && active.fetchStatus !== 'idle' ? (
        <Spin />
      ) : active.data ? (
        <MetricsView metrics={active.data} />
      ) : null}
    </>
  );
}
