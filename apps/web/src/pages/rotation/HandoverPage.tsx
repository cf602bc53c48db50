import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Empty, Flex, Row, Select, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { compactQuery } from '../../api/query';
import type { Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/auth-context';
import { HANDOVER_KEY, type HandoverTaskResponse, ROUNDS_KEY, type RotationRoundSummary } from './rotation-api';

export default function HandoverPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const roundId = params.get('roundId') ?? undefined;
  const rounds = useQuery({
    queryKey: [...ROUNDS_KEY, 'approved-list'],
    queryFn: () => unwrap<Page<RotationRoundSummary>>(api.GET('/api/v1/rotation-rounds', { params: { query: { limit: 100 } } })),
    enabled: hasRole(['channel_engineer', 'channel_manager', 'cs_manager', 'ops_manager', 'hr']),
  });
  const tasks = useQuery({
    queryKey: [...HANDOVER_KEY, roundId],
    queryFn: () =>
      unwrap<Page<HandoverTaskResponse>>(api.GET('/api/v1/handover-tasks', { params: { query: compactQuery({ roundId, limit: 200 }) } })),
  });
  const items = tasks.data?.items ?? [];
  const open = items.filter((task) => !task.done);
  const done = items.filter((task) => task.done);

  return (
    <>
      <PageHeader
        title={t('rotation.handover.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void tasks.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      {rounds.data && (
        <Select
          allowClear
          style={{ width: 320, marginBottom: 12 }}
          placeholder={t('rotation.handover.pickRound')}
          value={roundId}
          onChange={(value?: string) => setParams(value ? { roundId: value } : {})}
          options={rounds.data.items
            .filter((r) => r.status === 'approved' || r.status === 'applied')
            .map((r) => ({ value: r.id, label: `${r.name} · ${r.effectiveOn}` }))}
        />
      )}
      {tasks.isError ? (
        <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.isPending ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t('rotation.handover.empty')} />
      ) : (
        <Row gutter={16} data-testid="handover-board">
          <Col span={12}>
            <Typography.Title level={5}>
              {t('rotation.handover.open')} ({open.length})
            </Typography.Title>
            <Flex vertical gap={8}>
              {open.map((task) => (
                <TaskCard key={task.id} task={task} />
              ))}
            </Flex>
          </Col>
          <Col span={12}>
            <Typography.Title level={5}>
              {t('rotation.handover.done')} ({done.length})
            </Typography.Title>
            <Flex vertical gap={8}>
              {done.map((task) => (
                <TaskCard key={task.id} task={task} />
              ))}
            </Flex>
          </Col>
        </Row>
      )}
    </>
  );
}

function TaskCard({ task }: { task: HandoverTaskResponse }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tick = useMutation({
    mutationFn: (body: { checklist?: { key: string; done: boolean }[]; done?: boolean }) =>
      unwrap<HandoverTaskResponse>(
        api.PATCH('/api/v1/handover-tasks/{id}', { params: { path: { id: task.id } }, body: { version: task.version, ...body } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: HANDOVER_KEY }),
    onError: (error) => {
      message.error(errorMessage(error, t));
      void queryClient.invalidateQueries({ queryKey: HANDOVER_KEY });
    },
  });
  return (
    <Card
      size="small"
      data-testid="handover-task"
      title={
        <Flex gap={6} align="center" wrap>
          <Tag color={task.direction === 'outgoing' ? 'volcano' : 'geekblue'}>{t(`rotation.handover.${task.direction}`)}</Tag>
          <span>
            {task.staffName} · {task.regionName}
          </span>
        </Flex>
      }
      extra={task.done ? <Tag color="green">{t('rotation.handover.done')}</Tag> : null}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('rotation.handover.counterpart')}: {task.counterpartName ?? t('common.none')} · {t('rotation.handover.due')}: {task.dueOn}
      </Typography.Text>
      <Flex vertical gap={2} style={{ marginTop: 6 }}>
        {task.checklist.map((item) => (
          <Checkbox
            key={item.key}
            checked={item.done}
            disabled={tick.isPending}
            onChange={(e) => tick.mutate({ checklist: [{ key: item.key, done: e.target.checked }] })}
          >
            {item.label}
          </Checkbox>
        ))}
      </Flex>
    </Card>
  );
}
