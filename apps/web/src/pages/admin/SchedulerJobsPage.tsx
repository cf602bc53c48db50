import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Empty, Popconfirm, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { JobListResponse, JobResponse, JobRunResponse, JobRunStatus, TriggeredRunResponse } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';

const JOBS_KEY = ['scheduler', 'jobs'] as const;
const STATUS_COLOR: Record<JobRunStatus, string> = { running: 'processing', ok: 'success', error: 'error', skipped: 'default' };

function useInterval(): (seconds: number) => string {
  const { t } = useTranslation();
  return (seconds) => {
    const value =
      seconds % 3600 === 0
        ? t('admin.scheduler.hours', { count: seconds / 3600 })
        : seconds % 60 === 0
          ? t('admin.scheduler.minutes', { count: seconds / 60 })
          : t('admin.scheduler.seconds', { count: seconds });
    return t('admin.scheduler.every', { value });
  };
}

function duration(run: JobRunResponse): string {
  if (!run.finishedAt) return '—';
  const ms = dayjs(run.finishedAt).diff(dayjs(run.startedAt));
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function RunsTable({ runs }: { runs: JobRunResponse[] }) {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  return (
    <Table<JobRunResponse>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={runs}
      locale={{ emptyText: t('admin.scheduler.noRuns') }}
      columns={[
        { title: t('admin.scheduler.startedAt'), dataIndex: 'startedAt', width: 170, render: (v: string) => dateTime(v) },
        { title: t('admin.scheduler.duration'), key: 'duration', width: 90, render: (_, r) => duration(r) },
        {
          title: t('admin.scheduler.status'),
          dataIndex: 'status',
          width: 90,
          render: (s: JobRunStatus) => <Tag color={STATUS_COLOR[s]}>{t(`admin.scheduler.statuses.${s}`)}</Tag>,
        },
        {
          title: t('admin.scheduler.trigger'),
          dataIndex: 'trigger',
          width: 80,
          render: (v: 'schedule' | 'manual') => t(`admin.scheduler.triggers.${v}`),
        },
        { title: t('admin.scheduler.rows'), dataIndex: 'rowsAffected', width: 90, render: (v: number | null) => v ?? '—' },
        { title: t('admin.scheduler.instance'), dataIndex: 'instanceId', width: 140, ellipsis: true },
        {
          title: t('admin.scheduler.error'),
          dataIndex: 'error',
          render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
        },
      ]}
    />
  );
}

export default function SchedulerJobsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const every = useInterval();
  const queryClient = useQueryClient();
  const canRun = hasRole(['admin']);
  const jobs = useQuery({
    queryKey: JOBS_KEY,
    queryFn: () => unwrap<JobListResponse>(api.GET('/api/v1/scheduler/jobs')),
    refetchInterval: 30_000,
  });
  const run = useMutation({
    mutationFn: (name: string) =>
      unwrap<TriggeredRunResponse>(api.POST('/api/v1/scheduler/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: JOBS_KEY });
      modal[r.status === 'ok' ? 'success' : 'error']({
        title: t('admin.scheduler.runResultTitle', { name: r.job }),
        width: 560,
        content: (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('admin.scheduler.status')}>{t(`admin.scheduler.statuses.${r.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.scheduler.rows')}>{r.rowsAffected ?? '—'}</Descriptions.Item>
            {r.error && <Descriptions.Item label={t('admin.scheduler.error')}>{r.error}</Descriptions.Item>}
            <Descriptions.Item label={t('admin.scheduler.result')}>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {JSON.stringify(r.result)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        ),
      });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  return (
    <>
      <PageHeader
        title={t('admin.scheduler.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()} loading={jobs.isFetching}>
            {t('common.reload')}
          </Button>
        }
      />
      {jobs.isError ? (
        <ErrorAlert error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<JobResponse>
          rowKey="name"
          loading={jobs.isPending}
          dataSource={jobs.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty description={t('admin.scheduler.empty')} /> }}
          expandable={{ expandedRowRender: (job) => <RunsTable runs={job.recentRuns} /> }}
          columns={[
            {
              title: t('admin.scheduler.name'),
              dataIndex: 'name',
              width: 250,
              render: (v: string) => (
                <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                  {v}
                </Typography.Text>
              ),
            },
            {
              title: t('admin.scheduler.description'),
              dataIndex: 'description',
              render: (v: string, job: JobResponse) => t(`admin.scheduler.jobDescriptions.${job.name}`, { defaultValue: v }),
            },
            { title: t('admin.scheduler.interval'), dataIndex: 'intervalSeconds', width: 120, render: (s: number) => every(s) },
            {
              title: t('admin.scheduler.lastRun'),
              dataIndex: 'lastRun',
              width: 260,
              render: (r: JobRunResponse | null) =>
                r ? (
                  <>
                    <Tag color={STATUS_COLOR[r.status]}>{t(`admin.scheduler.statuses.${r.status}`)}</Tag>
                    {dateTime(r.startedAt)}
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('admin.scheduler.neverRun')}</Typography.Text>
                ),
            },
            ...(canRun
              ? [
                  {
                    title: t('common.actions'),
                    key: 'run',
                    width: 130,
                    render: (_: unknown, job: JobResponse) => (
                      <Popconfirm title={t('admin.scheduler.runConfirm', { name: job.name })} onConfirm={() => run.mutate(job.name)}>
                        <Button size="small" icon={<PlayCircleOutlined />} loading={run.isPending && run.variables === job.name}>
                          {t('admin.scheduler.runNow')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </>
  );
}
