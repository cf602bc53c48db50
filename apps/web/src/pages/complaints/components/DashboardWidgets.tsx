/**
 * Complaint widgets: my open queue and the unit's figures (open, due within the hour, breached,
 * 30-day on-time rate) from `/reports/complaints/dashboard`, the soonest deadlines with live
 * countdowns, the breached complaints, and the 30-day intake volume. Used by the complaints
 * dashboard page and, as two cards, by the shell's home page.
 */
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { describeError } from '../../../api/errors';
import { useComplaintDashboard, useComplaintPage, useQueueCounts } from '../api';
import type { ComplaintResponse } from '../types';
import { SlaCountdown } from './SlaCountdown';
import { SeverityTag, TierTag } from './labels';

function ComplaintLine({ complaint }: { complaint: ComplaintResponse }) {
  return (
    <List.Item extra={<SlaCountdown deadline={complaint.dueAt} />}>
      <Space size={4} wrap>
        <Link to={`/complaints/${complaint.id}`}>{complaint.number}</Link>
        <TierTag tier={complaint.tier} breached={complaint.breached} />
        <SeverityTag severity={complaint.severity} />
        <Typography.Text ellipsis style={{ maxWidth: 200 }}>
          {complaint.subject}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** The headline figures as statistic cards (`compact`: four small ones in a row for the home card). */
export function ComplaintFigures({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const dashboard = useComplaintDashboard();
  const counts = useQueueCounts();
  const d = dashboard.data;
  const open = d ? d.openByStatus.received + d.openByStatus.inProgress + d.openByStatus.answered + d.openByStatus.returnVisit : 0;
  const rate = d && d.slaLast30Days.rate !== null ? `${(d.slaLast30Days.rate * 100).toFixed(1)} %` : '—';
  const figures = [
    {
      key: 'myQueue',
      to: '/complaints?queue=mine',
      value: counts.data?.mine ?? '…',
      color: undefined,
    },
    { key: 'open', to: '/complaints?queue=my_unit', value: d ? open : '…', color: undefined },
    { key: 'atRisk', to: '/complaints?queue=my_unit', value: d?.atRiskNextHour ?? '…', color: d?.atRiskNextHour ? '#fa8c16' : undefined },
    { key: 'breached', to: '/complaints?queue=breached', value: d?.breachedOpen ?? '…', color: d?.breachedOpen ? '#f5222d' : undefined },
    { key: 'onTime30', to: '/complaints/reports', value: d ? rate : '…', color: undefined },
  ] as const;
  const shown = compact ? figures.filter((f) => f.key !== 'open') : figures;

  return (
    <>
      {dashboard.isError && (
        <Alert
          type="error"
          showIcon
          title={describeError(dashboard.error, t).title}
          description={describeError(dashboard.error, t).detail}
          style={{ marginBottom: 12 }}
        />
      )}
      <Row gutter={[12, 12]}>
        {shown.map((f) => (
          <Col key={f.key} xs={12} md={compact ? 12 : 8} xl={compact ? 12 : undefined} flex={compact ? undefined : 'auto'}>
            <Card size="small" data-testid={`dash-${f.key}`}>
              <Link to={f.to}>
                <Statistic
                  title={t(`complaints.dashboard.${f.key}`)}
                  value={f.value}
                  valueStyle={{ color: f.color, fontSize: compact ? 20 : 24 }}
                />
              </Link>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** The unit's open complaints whose deadline comes soonest (not yet passed), with countdowns. */
export function DueSoonList({ limit = 8 }: { limit?: number }) {
  const { t } = useTranslation();
  // Most urgent first (the API sorts by the current deadline); passed ones are the breached list's.
  const unit = useComplaintPage({ queue: 'my_unit', sort: 'dueAt', limit: 50 });
  const soonest = useMemo(
    () => (unit.data?.items ?? []).filter((c) => c.clockRunning && c.dueAt && Date.parse(c.dueAt) > Date.now()).slice(0, limit),
    [unit.data, limit],
  );
  if (unit.isLoading) return <Skeleton active />;
  if (unit.isError) return <Alert type="error" showIcon title={describeError(unit.error, t).title} />;
  if (soonest.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.dashboard.noAtRisk')} />;
  return (
    <List size="small" dataSource={soonest} rowKey="id" renderItem={(c) => <ComplaintLine complaint={c} />} data-testid="dash-due-soon" />
  );
}

export function BreachedList({ limit = 8 }: { limit?: number }) {
  const { t } = useTranslation();
  const breached = useComplaintPage({ queue: 'breached', sort: 'dueAt', limit });
  if (breached.isLoading) return <Skeleton active />;
  if (breached.isError) return <Alert type="error" showIcon title={describeError(breached.error, t).title} />;
  if ((breached.data?.items.length ?? 0) === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.dashboard.noBreached')} />;
  }
  return <List size="small" dataSource={breached.data!.items} rowKey="id" renderItem={(c) => <ComplaintLine complaint={c} />} />;
}

/** Complaints received per day over the last 30 days. */
export function VolumeChart({ height = 200 }: { height?: number }) {
  const { t } = useTranslation();
  const dashboard = useComplaintDashboard();
  const d = dashboard.data;
  if (dashboard.isLoading) return <Skeleton active />;
  if (dashboard.isError) return <Alert type="error" showIcon title={describeError(dashboard.error, t).title} />;
  if (!d || d.last30Days.every((day) => day.count === 0)) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.reports.noData')} />;
  }
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={d.last30Days.map((day) => ({ date: day.date.slice(5), count: day.count, breached: day.breached }))}
        margin={{ top: 8, right: 8, left: -16, bottom: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tick={{ fontSize: 11 }} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar dataKey="count" name={t('complaints.dashboard.received')} fill="#1677ff" isAnimationActive={false} />
        <Bar dataKey="breached" name={t('complaints.dashboard.breachedOfDay')} fill="#f5222d" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function ComplaintDashboardWidgets() {
  const { t } = useTranslation();
  return (
    <div data-testid="complaints-dashboard">
      <ComplaintFigures />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.dashboard.atRiskList')}>
            <DueSoonList />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.dashboard.breachedList')}>
            <BreachedList />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('complaints.dashboard.volume30')}>
            <VolumeChart />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
