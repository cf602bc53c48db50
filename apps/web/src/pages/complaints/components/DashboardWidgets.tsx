/**
 * Complaint widgets of the dashboard: my open queue, the unit's figures (open, due within the
 * hour, breached, 30-day on-time rate) from `/reports/complaints/dashboard`, the soonest deadlines
 * with live countdowns, the breached complaints, and the 30-day intake volume.
 */
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { describeError } from '../../../api/errors';
import { useComplaintDashboard, useComplaintPage } from '../api';
import type { ComplaintResponse } from '../types';
import { SlaCountdown } from './SlaCountdown';
import { SeverityTag, TierTag } from './labels';

const OPEN_LIMIT = 200;

function ComplaintLine({ complaint }: { complaint: ComplaintResponse }) {
  return (
    <List.Item extra={<SlaCountdown deadline={complaint.dueAt} />}>
      <Space size={4} wrap>
        <Link to={`/complaints/${complaint.id}`}>{complaint.number}</Link>
        <TierTag tier={complaint.tier} breached={complaint.breached} />
        <SeverityTag severity={complaint.severity} />
        <Typography.Text ellipsis style={{ maxWidth: 220 }}>
          {complaint.subject}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** Open complaints of a queue (received + in progress), soonest deadline first. */
function useOpenQueue(queue: 'mine' | 'my_unit') {
  const received = useComplaintPage({ queue, status: 'received', limit: OPEN_LIMIT });
  const inProgress = useComplaintPage({ queue, status: 'in_progress', limit: OPEN_LIMIT });
  const items = useMemo(
    () =>
      [...(received.data?.items ?? []), ...(inProgress.data?.items ?? [])].sort(
        (a, b) => Date.parse(a.dueAt ?? '9999-12-31') - Date.parse(b.dueAt ?? '9999-12-31'),
      ),
    [received.data, inProgress.data],
  );
  const more = Boolean(received.data?.nextCursor || inProgress.data?.nextCursor);
  return { items, more, isLoading: received.isLoading || inProgress.isLoading, error: received.error ?? inProgress.error };
}

export function ComplaintDashboardWidgets() {
  const { t } = useTranslation();
  const dashboard = useComplaintDashboard();
  const mine = useOpenQueue('mine');
  const unit = useOpenQueue('my_unit');
  const breached = useComplaintPage({ queue: 'breached', limit: 8 });
  const soonest = useMemo(
    () => unit.items.filter((c) => !c.breached && c.dueAt && Date.parse(c.dueAt) > Date.now()).slice(0, 8),
    [unit.items],
  );
  const d = dashboard.data;
  const open = d ? d.openByStatus.received + d.openByStatus.inProgress + d.openByStatus.answered + d.openByStatus.returnVisit : 0;

  return (
    <div data-testid="complaints-dashboard">
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
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Link to="/complaints?queue=mine">
              <Statistic
                title={t('complaints.dashboard.myQueue')}
                value={mine.isLoading ? '…' : `${mine.items.length}${mine.more ? '+' : ''}`}
                data-testid="dash-my-queue"
              />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Card size="small">
            <Statistic title={t('complaints.dashboard.open')} value={d ? open : '…'} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Card size="small">
            <Statistic
              title={t('complaints.dashboard.atRisk')}
              value={d?.atRiskNextHour ?? '…'}
              valueStyle={{ color: d?.atRiskNextHour ? '#fa8c16' : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Card size="small">
            <Link to="/complaints?queue=breached">
              <Statistic
                title={t('complaints.dashboard.breached')}
                value={d?.breachedOpen ?? '…'}
                valueStyle={{ color: d?.breachedOpen ? '#f5222d' : undefined }}
              />
            </Link>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={5}>
          <Card size="small">
            <Statistic
              title={t('complaints.dashboard.onTime30')}
              value={d?.slaLast30Days.rate === null || d === undefined ? '—' : `${(d.slaLast30Days.rate * 100).toFixed(1)} %`}
              suffix={
                d ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    ({d.slaLast30Days.onTime}/{d.slaLast30Days.eligible})
                  </Typography.Text>
                ) : null
              }
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.dashboard.atRiskList')}>
            {unit.isLoading ? (
              <Skeleton active />
            ) : unit.error ? (
              <Alert type="error" showIcon title={describeError(unit.error, t).title} />
            ) : soonest.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.dashboard.noAtRisk')} />
            ) : (
              <List size="small" dataSource={soonest} rowKey="id" renderItem={(c) => <ComplaintLine complaint={c} />} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('complaints.dashboard.breachedList')}>
            {breached.isLoading ? (
              <Skeleton active />
            ) : breached.isError ? (
              <Alert type="error" showIcon title={describeError(breached.error, t).title} />
            ) : (breached.data?.items.length ?? 0) === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.dashboard.noBreached')} />
            ) : (
              <List size="small" dataSource={breached.data!.items} rowKey="id" renderItem={(c) => <ComplaintLine complaint={c} />} />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('complaints.dashboard.volume30')}>
            {dashboard.isLoading ? (
              <Skeleton active />
            ) : !d || d.last30Days.every((day) => day.count === 0) ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.reports.noData')} />
            ) : (
              <ResponsiveContainer width="100%" height={200}>
                <BarChart
                  data={d.last30Days.map((day) => ({ date: day.date.slice(5), count: day.count }))}
                  margin={{ top: 8, right: 8, left: -16, bottom: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="date" tick={{ fontSize: 11 }} />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="count" name={t('complaints.reports.count')} fill="#1677ff" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
