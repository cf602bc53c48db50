/**
 * One complaint: the header (number, status, tier, owner), each tier's deadline with a live
 * countdown, the timeline from `/events`, every action the status allows, and responsibility.
 */
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { describeError, isApiError } from '../../api/errors';
import { useOrgUnitIndex } from '../../api/org-units';
import { useAuth } from '../../auth/auth-context';
import { useBusinessTime } from '../../i18n/time';
import { useComplaint, useComplaintEvents, useUserName } from './api';
import { ActionModal, type ComplaintAction } from './components/ActionModal';
import { AssignModal } from './components/AssignModal';
import { ResponsibilityCard } from './components/ResponsibilityCard';
import { SlaCountdown } from './components/SlaCountdown';
import { KindLabel, SeverityTag, StatusTag, TierTag } from './components/labels';
import { type ComplaintStatus, OPEN_STATUSES } from './types';

/** Which actions a status offers; the API still decides (and answers 409 for an illegal one). */
const ACTIONS_BY_STATUS: Record<ComplaintStatus, readonly ComplaintAction[]> = {
  received: ['answer', 'note', 'escalate', 'extend', 'invalidate'],
  in_progress: ['answer', 'note', 'escalate', 'extend', 'invalidate'],
  answered: ['returnVisit', 'close'],
  return_visit: ['returnVisit', 'close'],
  closed: [],
  invalid: [],
};

const EVENT_COLORS: Record<string, string> = {
  created: 'blue',
  escalated: 'orange',
  breached: 'red',
  warned: 'gold',
  answered: 'green',
  extended: 'cyan',
  return_visit: 'purple',
  reopened: 'volcano',
  closed: 'gray',
  invalidated: 'gray',
  severity_raised: 'red',
};

export default function ComplaintDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me, hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const units = useOrgUnitIndex();
  const complaint = useComplaint(id);
  const events = useComplaintEvents(id);
  const [action, setAction] = useState<ComplaintAction | null>(null);
  const [assigning, setAssigning] = useState(false);
  const ownerName = useUserName(complaint.data?.ownerId);
  const handlerName = useUserName(complaint.data?.handlerId);
  const visitAssigneeName = useUserName(complaint.data?.returnVisitAssigneeId);

  if (complaint.isLoading) return <Skeleton active />;
  if (complaint.isError) {
    if (isApiError(complaint.error, 404)) {
      return (
        <Result status="404" title={t('complaints.detail.notFound')} extra={<Link to="/complaints">{t('complaints.detail.back')}</Link>} />
      );
    }
    const d = describeError(complaint.error, t);
    return (
      <Alert
        type="error"
        showIcon
        title={d.title}
        description={d.detail}
        action={<Button onClick={() => void complaint.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const c = complaint.data!;
  const open = OPEN_STATUSES.includes(c.status);
  // Units above the caller's scope (the platform, HQ) are not in their org tree: name the level instead.
  const unitName = (unitId: string | null | undefined) => (unitId ? (units.get(unitId)?.name ?? null) : null);
  const available = ACTIONS_BY_STATUS[c.status].filter(
    (a) => !(a === 'escalate' && c.tier >= c.tierCount) && !(a === 'extend' && c.breached),
  );

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Link to="/complaints">
            <Button icon={<ArrowLeftOutlined />} aria-label={t('complaints.detail.back')} />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="complaint-number">
            {c.number}
          </Typography.Title>
          <StatusTag status={c.status} />
          <TierTag tier={c.tier} breached={c.breached} />
          <SeverityTag severity={c.severity} />
          {c.hqReported && <Tag color="magenta">{t('complaints.detail.hqReported')}</Tag>}
        </Space>
        <Space wrap>
          {available.map((a) => (
            <Button
              key={a}
              type={a === 'answer' || a === 'close' ? 'primary' : 'default'}
              danger={a === 'invalidate'}
              onClick={() => setAction(a)}
              data-testid={`action-${a}`}
            >
              {t(`complaints.actions.${a}`)}
            </Button>
          ))}
          {hasRole(['cs_manager', 'ops_manager']) && !['closed', 'invalid'].includes(c.status) && (
            <Button onClick={() => setAssigning(true)} data-testid="action-assign">
              {t('complaints.actions.assign')}
            </Button>
          )}
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void Promise.all([complaint.refetch(), events.refetch()])}
            aria-label={t('common.reload')}
          />
        </Space>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {c.subject}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('complaints.fields.kind')}>
                <KindLabel kind={c.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.channel')}>{t(`complaints.channel.${c.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.caller')}>
                {[c.callerName, c.callerPhone].filter(Boolean).join(' · ') || t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.category')}>{c.category ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.receivedAt')}>{dateTime(c.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.receivingUnit')}>
                {unitName(c.receivingUnitId) ?? t('complaints.handlerLevel.receiving_unit')}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.assignedUnit')}>
                {unitName(c.assignedUnitId) ?? t(`complaints.handlerLevel.${c.level}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.fields.owner')}>
                {c.ownerId === me?.id
                  ? t('complaints.detail.ownerMe')
                  : (ownerName.data ??
                    events.data?.items.find((e) => e.actorId === c.ownerId)?.actor ??
                    t('complaints.detail.ownerOutOfScope'))}
              </Descriptions.Item>
              {c.handlerId && (
                <Descriptions.Item label={t('complaints.assign.handler')}>
                  {handlerName.data ?? t('complaints.detail.outsideScope')}
                </Descriptions.Item>
              )}
              {c.returnVisitAssigneeId && (
                <Descriptions.Item label={t('complaints.assign.returnVisit')}>
                  {visitAssigneeName.data ?? t('complaints.detail.outsideScope')}
                </Descriptions.Item>
              )}
              {c.respondentUnitId && (
                <Descriptions.Item label={t('complaints.fields.respondentUnit')}>
                  {unitName(c.respondentUnitId) ?? t('complaints.detail.outsideScope')}
                </Descriptions.Item>
              )}
              {c.relatedOrders.length > 0 && (
                <Descriptions.Item label={t('complaints.fields.relatedOrders')}>{c.relatedOrders.join(', ')}</Descriptions.Item>
              )}
              {c.multiPlatform && <Descriptions.Item label={t('complaints.fields.multiPlatform')}>{t('common.yes')}</Descriptions.Item>}
              {c.answeredAt && <Descriptions.Item label={t('complaints.fields.answeredAt')}>{dateTime(c.answeredAt)}</Descriptions.Item>}
              {c.answer && (
                <Descriptions.Item label={t('complaints.fields.answer')} span={2}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</span>
                </Descriptions.Item>
              )}
              {c.invalidReason && (
                <Descriptions.Item label={t('complaints.fields.invalidReason')} span={2}>
                  {c.invalidReason}
                </Descriptions.Item>
              )}
              {c.closedAt && <Descriptions.Item label={t('complaints.fields.closedAt')}>{dateTime(c.closedAt)}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card size="small" title={t('complaints.detail.timeline')} style={{ marginTop: 12 }} data-testid="complaint-timeline">
            {events.isLoading ? (
              <Skeleton active />
            ) : events.isError ? (
              <Alert
                type="error"
                showIcon
                title={describeError(events.error, t).title}
                description={describeError(events.error, t).detail}
              />
            ) : (events.data?.items.length ?? 0) === 0 ? (
              <Empty description={t('complaints.detail.noEvents')} />
            ) : (
              <Timeline
                items={events.data!.items.map((event) => ({
                  key: event.id,
                  color: EVENT_COLORS[event.type] ?? 'blue',
                  content: (
                    <div data-event-type={event.type}>
                      <Space wrap size={4}>
                        <Typography.Text strong>{t(`complaints.events.${event.type}`, { defaultValue: event.type })}</Typography.Text>
                        <Typography.Text type="secondary">{dateTime(event.at)}</Typography.Text>
                        {event.fromTier != null && event.toTier != null && (
                          <Tag>{t('complaints.detail.tierMove', { from: event.fromTier, to: event.toTier })}</Tag>
                        )}
                        {event.actor && (
                          <Typography.Text type="secondary">
                            · {event.actorType === 'system' ? t('complaints.detail.systemActor') : event.actor}
                          </Typography.Text>
                        )}
                      </Space>
                      {event.deadlineAt && (
                        <div>
                          <Typography.Text type="secondary">
                            {t('complaints.detail.deadlinePassed', { at: dateTime(event.deadlineAt) })}
                          </Typography.Text>
                        </div>
                      )}
                      {event.rule && (
                        <div>
                          <Tag color="default">{t(`complaints.eventRules.${event.rule}`, { defaultValue: event.rule })}</Tag>
                        </div>
                      )}
                      {event.note && <div style={{ whiteSpace: 'pre-wrap' }}>{event.note}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('complaints.detail.deadlines')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('complaints.detail.currentDeadline')}>
                <Space direction="vertical" size={0}>
                  <span>{dateTime(c.dueAt)}</span>
                  <SlaCountdown deadline={c.dueAt} stopped={!open} />
                </Space>
              </Descriptions.Item>
            </Descriptions>
            {c.tiers.length > 0 && (
              <Timeline
                style={{ marginTop: 8 }}
                items={c.tiers.map((row) => {
                  const current = row.current;
                  return {
                    key: String(row.tier),
                    color: row.passedAt ? 'red' : current ? 'blue' : 'gray',
                    content: (
                      <div>
                        <Space size={4} wrap>
                          <Typography.Text strong={current}>{t('complaints.tierN', { tier: row.tier })}</Typography.Text>
                          <Typography.Text type="secondary">
                            {t(`complaints.handlerLevel.${row.level}`)}
                            {unitName(row.unitId) && ` · ${unitName(row.unitId)}`}
                          </Typography.Text>
                          {row.passedAt && <Tag color="red">{t('complaints.detail.passed')}</Tag>}
                          {current && <Tag color="blue">{t('complaints.detail.current')}</Tag>}
                        </Space>
                        <div>
                          {dateTime(row.dueAt)} {c.clockRunning && row.tier >= c.tier && <SlaCountdown deadline={row.dueAt} />}
                        </div>
                      </div>
                    ),
                  };
                })}
              />
            )}
          </Card>
          <div style={{ marginTop: 12 }}>
            <ResponsibilityCard complaint={c} />
          </div>
        </Col>
      </Row>
      {action && <ActionModal action={action} complaint={c} onClose={() => setAction(null)} />}
      {assigning && <AssignModal complaint={c} onClose={() => setAssigning(false)} />}
    </div>
  );
}
