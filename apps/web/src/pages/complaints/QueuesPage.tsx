/**
 * Complaint queues: mine (first-contact owner), my unit (assigned to my unit), escalated to me
 * (assigned to my unit above tier 1) and breached, each with filters and live SLA countdowns.
 * The queue and the filters live in the URL so a queue can be bookmarked and shared.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Segmented, DatePicker, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../api/errors';
import { useOrgUnitIndex } from '../../api/org-units';
import { useBusinessTime } from '../../i18n/time';
import { type ComplaintFilters, useComplaintList, useQueueCounts } from './api';
import { SlaCountdown } from './components/SlaCountdown';
import { KindLabel, SeverityTag, StatusTag, TierTag } from './components/labels';
import { COMPLAINT_KINDS, COMPLAINT_SEVERITIES, COMPLAINT_STATUSES, type ComplaintResponse, OPEN_STATUSES } from './types';

export const QUEUES = ['mine', 'my_unit', 'escalated_to_me', 'breached', 'hq', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

function isQueue(value: string | null): value is Queue {
  return (QUEUES as readonly (string | null)[]).includes(value);
}

/** The API's queue shortcut of each tab; `all` is everything in the user's data scope. */
function queueFilters(queue: Queue): ComplaintFilters {
  return queue === 'all' ? {} : { queue };
}

/** A URL parameter if it is one of the allowed values (a hand-edited URL cannot send junk to the API). */
function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return (allowed as readonly (string | null)[]).includes(value) ? (value as T) : undefined;
}

const QUEUE_REFRESH_MS = 60_000;

const SORTS = ['dueAt', 'receivedAt'] as const;
type Sort = (typeof SORTS)[number];

/** Work queues open most urgent first; "all" (a look-up, closed ones included) newest first. */
function sortOf(value: string | null, queue: Queue): Sort {
  return oneOf(value, SORTS) ?? (queue === 'all' ? 'receivedAt' : 'dueAt');
}

const FILTER_KEYS = ['status', 'kind', 'severity', 'tier', 'breached', 'q', 'from', 'to', 'sort'] as const;

export default function QueuesPage() {
  const { t } = useTranslation();
  const { dateTime, startOfDay } = useBusinessTime();
  const units = useOrgUnitIndex();
  const [params, setParams] = useSearchParams();
  const queue: Queue = isQueue(params.get('queue')) ? (params.get('queue') as Queue) : 'mine';

  const filters = useMemo((): ComplaintFilters => {
    const tier = Number(params.get('tier'));
    const from = params.get('from');
    const to = params.get('to');
    return {
      ...queueFilters(queue),
      status: oneOf(params.get('status'), COMPLAINT_STATUSES),
      kind: oneOf(params.get('kind'), COMPLAINT_KINDS),
      severity: oneOf(params.get('severity'), COMPLAINT_SEVERITIES),
      tier: tier > 0 ? tier : undefined,
      ...(params.get('breached') ? { breached: params.get('breached') === 'true' } : {}),
      q: params.get('q') ?? undefined,
      receivedFrom: from ? startOfDay(dayjs(from)) : undefined,
      // receivedTo is exclusive: the start of the day after the last one picked.
      receivedTo: to ? startOfDay(dayjs(to).add(1, 'day')) : undefined,
      sort: sortOf(params.get('sort'), queue),
      limit: 50,
    };
  }, [params, queue, startOfDay]);

  const list = useComplaintList(filters);
  // A queue stays open all shift: pick up escalations and new intake without a manual refresh.
  const { refetch } = list;
  useEffect(() => {
    const id = setInterval(() => void refetch(), QUEUE_REFRESH_MS);
    return () => clearInterval(id);
  }, [refetch]);
  const counts = useQueueCounts();
  const countOf = (q: Queue): number | undefined => {
    const c = counts.data;
    if (!c) return undefined;
    const byQueue: Record<Queue, number | undefined> = {
      mine: c.mine,
      my_unit: c.myUnit,
      escalated_to_me: c.escalatedToMe,
      breached: c.breached,
      hq: c.hq,
      all: undefined,
    };
    return byQueue[q];
  };

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const resetFilters = () => {
    const next = new URLSearchParams(params);
    FILTER_KEYS.forEach((key) => next.delete(key));
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<ComplaintResponse> = [
    {
      title: t('complaints.fields.number'),
      dataIndex: 'number',
      width: 120,
      render: (number: string, c) => <Link to={`/complaints/${c.id}`}>{number}</Link>,
    },
    { title: t('complaints.fields.subject'), dataIndex: 'subject', ellipsis: true },
    { title: t('complaints.fields.kind'), dataIndex: 'kind', width: 90, render: (_: unknown, c) => <KindLabel kind={c.kind} /> },
    {
      title: t('complaints.fields.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (_: unknown, c) => <SeverityTag severity={c.severity} />,
    },
    { title: t('complaints.fields.status'), dataIndex: 'status', width: 90, render: (_: unknown, c) => <StatusTag status={c.status} /> },
    {
      title: t('complaints.fields.tier'),
      dataIndex: 'tier',
      width: 130,
      render: (_: unknown, c) => <TierTag tier={c.tier} breached={c.breached} />,
    },
    {
      title: t('complaints.fields.sla'),
      dataIndex: 'dueAt',
      width: 170,
      render: (_: unknown, c) => <SlaCountdown deadline={c.dueAt} stopped={!OPEN_STATUSES.includes(c.status)} />,
    },
    {
      title: t('complaints.fields.assignedUnit'),
      dataIndex: 'assignedUnitId',
      width: 140,
      ellipsis: true,
      render: (id: string, c) => units.get(id)?.name ?? t(`complaints.handlerLevel.${c.level}`),
    },
    { title: t('complaints.fields.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => dateTime(v).slice(0, 16) },
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.queues.title')}
        </Typography.Title>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.reload')}
          </Button>
          <Link to="/complaints/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('complaints.nav.intake')}
            </Button>
          </Link>
        </Flex>
      </Flex>
      <Tabs
        activeKey={queue}
        onChange={(key) => setParam('queue', key)}
        items={QUEUES.map((q) => ({
          key: q,
          label: (
            <span data-testid={`queue-tab-${q}`}>
              {t(`complaints.queues.${q}`)}
              {countOf(q) !== undefined && (
                <Badge
                  count={countOf(q)}
                  showZero
                  color={q === 'breached' && countOf(q) ? '#f5222d' : '#bfbfbf'}
                  size="small"
                  style={{ marginLeft: 6 }}
                />
              )}
            </span>
          ),
        }))}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('complaints.queues.searchPlaceholder')}
            key={params.get('q') ?? ''}
            defaultValue={params.get('q') ?? ''}
            onSearch={(value) => setParam('q', value.trim() || undefined)}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('complaints.fields.status')}
            value={params.get('status') ?? undefined}
            onChange={(v?: string) => setParam('status', v)}
            options={COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`complaints.status.${s}`) }))}
          />
          <Select
            allowClear
            style={{ width: 110 }}
            placeholder={t('complaints.fields.kind')}
            value={params.get('kind') ?? undefined}
            onChange={(v?: string) => setParam('kind', v)}
            options={COMPLAINT_KINDS.map((k) => ({ value: k, label: t(`complaints.kind.${k}`) }))}
          />
          <Select
            allowClear
            style={{ width: 110 }}
            placeholder={t('complaints.fields.severity')}
            value={params.get('severity') ?? undefined}
            onChange={(v?: string) => setParam('severity', v)}
            options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`complaints.severity.${s}`) }))}
          />
          <Select
            allowClear
            style={{ width: 100 }}
            placeholder={t('complaints.fields.tier')}
            value={params.get('tier') ?? undefined}
            onChange={(v?: string) => setParam('tier', v)}
            options={[1, 2, 3].map((tier) => ({ value: String(tier), label: t('complaints.tierN', { tier }) }))}
          />
          {queue !== 'breached' && (
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('complaints.breached')}
              value={params.get('breached') ?? undefined}
              onChange={(v?: string) => setParam('breached', v)}
              options={[
                { value: 'true', label: t('complaints.queues.breachedOnly') },
                { value: 'false', label: t('complaints.queues.notBreached') },
              ]}
            />
          )}
          <DatePicker.RangePicker
            style={{ width: 240 }}
            value={params.get('from') && params.get('to') ? [dayjs(params.get('from')), dayjs(params.get('to'))] : null}
            onChange={(range) => {
              const next = new URLSearchParams(params);
              if (range?.[0] && range[1]) {
                next.set('from', range[0].format('YYYY-MM-DD'));
                next.set('to', range[1].format('YYYY-MM-DD'));
              } else {
                next.delete('from');
                next.delete('to');
              }
              setParams(next, { replace: true });
            }}
          />
          <Segmented
            value={sortOf(params.get('sort'), queue)}
            onChange={(v) => setParam('sort', v as Sort)}
            options={SORTS.map((value) => ({ value, label: t(`complaints.queues.sort.${value}`) }))}
          />
          <Button onClick={resetFilters}>{t('common.reset')}</Button>
        </Flex>
      </Card>
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(list.error, t).title}
          description={describeError(list.error, t).detail}
          action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <>
          <Table<ComplaintResponse>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={list.items}
            loading={list.isLoading}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('complaints.queues.empty') }}
            data-testid="complaint-queue"
          />
          {list.items.length > 0 && (
            <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t('common.shown', { count: list.items.length })}</Typography.Text>
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </Flex>
          )}
        </>
      )}
    </div>
  );
}
