import { ArrowLeftOutlined, CheckCircleOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { scoreAppraisal } from '@cs/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { ScoreDistributionChart } from './ScoreDistributionChart';
import { type CycleDetail, type CycleMember, GRADE_COLORS, type RankingEntry, type RankingPreview } from './types';

interface Draft {
  scores: Record<string, number | null>;
  vetoes: string[];
}

const cycleKey = (id: string) => ['appraisal', 'cycle', id] as const;
const rankingKey = (id: string) => ['appraisal', 'cycle', id, 'ranking'] as const;

function draftOf(member: CycleMember, keys: string[]): Draft {
  return { scores: Object.fromEntries(keys.map((k) => [k, member.scores?.[k] ?? null])), vetoes: [...member.vetoes] };
}

function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a.scores) === JSON.stringify(b.scores) && [...a.vetoes].sort().join() === [...b.vetoes].sort().join();
}

function complete(draft: Draft): draft is { scores: Record<string, number>; vetoes: string[] } {
  return Object.values(draft.scores).every((v) => typeof v === 'number');
}

export default function CyclePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { dateTime } = useBusinessTime();
  const queryClient = useQueryClient();
  const cycle = useQuery({
    queryKey: cycleKey(id),
    queryFn: () => unwrap<CycleDetail>(api.GET('/api/v1/appraisal-cycles/{id}', { params: { path: { id } } })),
  });
  const ranking = useQuery({
    queryKey: rankingKey(id),
    queryFn: () => unwrap<RankingPreview>(api.GET('/api/v1/appraisal-cycles/{id}/ranking', { params: { path: { id } } })),
  });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});

  const scheme = cycle.data?.scheme;
  const keys = useMemo(() => scheme?.dimensions.map((d) => d.key) ?? [], [scheme]);
  const open = cycle.data?.status === 'open';

  const draftFor = (member: CycleMember): Draft => drafts[member.appointmentId] ?? draftOf(member, keys);
  const dirty = (cycle.data?.members ?? []).filter(
    (m) => drafts[m.appointmentId] && !sameDraft(drafts[m.appointmentId]!, draftOf(m, keys)),
  );

  const refresh = async (): Promise<void> => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: cycleKey(id) }),
      queryClient.invalidateQueries({ queryKey: ['appraisal', 'cycles'] }),
    ]);
  };

  const saveRows = useMutation({
    mutationFn: async (members: CycleMember[]): Promise<number> => {
      let saved = 0;
      for (const member of members) {
        const draft = draftFor(member);
        if (!complete(draft)) throw new Error(t('appraisal.cycle.scoreInvalid'));
        await unwrap(
          api.PUT('/api/v1/appraisal-cycles/{id}/scores', {
            params: { path: { id } },
            body: { appointmentId: member.appointmentId, scores: draft.scores, vetoes: draft.vetoes },
          }),
        );
        saved += 1;
      }
      return saved;
    },
    onSuccess: async (count, members) => {
      void message.success(t('appraisal.cycle.savedAll', { count }));
      setDrafts((all) => {
        const next = { ...all };
        for (const m of members) delete next[m.appointmentId];
        return next;
      });
      await refresh();
    },
    onError: async (e) => {
      void message.error(errorMessage(e, t));
      await refresh();
    },
  });

  const finalize = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/appraisal-cycles/{id}/finalize', { params: { path: { id } } })),
    onSuccess: async () => {
      void message.success(t('appraisal.cycle.finalized'));
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
    },
    onError: async (e) => {
      void message.error(errorMessage(e, t));
      await refresh();
    },
  });

  const confirmFinalize = (preview: RankingPreview): void => {
    modal.confirm({
      title: t('appraisal.cycle.finalizeTitle', { year: cycle.data?.year }),
      width: 720,
      okText: t('appraisal.cycle.finalize'),
      cancelText: t('common.cancel'),
      content: (
        <div data-testid="finalize-confirm">
          <Typography.Paragraph>{t('appraisal.cycle.finalizeIntro')}</Typography.Paragraph>
          <Typography.Paragraph strong>
            {t('appraisal.cycle.counts', { excellent: preview.excellentCount, good: preview.goodCount, fair: preview.fairCount })}
          </Typography.Paragraph>
          <Table<RankingEntry>
            size="small"
            rowKey="appointmentId"
            pagination={false}
            scroll={{ y: 320 }}
            dataSource={preview.items}
            columns={[
              { title: t('appraisal.cycle.rank'), dataIndex: 'rank', width: 60 },
              { title: t('appraisal.cycle.leader'), dataIndex: 'userName' },
              { title: t('appraisal.cycle.finalScore'), dataIndex: 'finalScore', width: 80 },
              {
                title: t('appraisal.cycle.grade'),
                dataIndex: 'grade',
                width: 80,
                render: (g: RankingEntry['grade']) => <Tag color={GRADE_COLORS[g]}>{t(`appraisal.grade.${g}`)}</Tag>,
              },
              {
                title: t('appraisal.cycle.outcome'),
                dataIndex: 'outcome',
                render: (o: RankingEntry['outcome']) => t(`appraisal.outcome.${o}`),
              },
            ]}
          />
        </div>
      ),
      onOk: () => finalize.mutateAsync(),
    });
  };

  if (cycle.isError) return <ErrorAlert error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (cycle.isPending || !scheme) return <Skeleton active />;
  const data = cycle.data;
  const preview = ranking.data;

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => void navigate('/appraisal/cycles')}
              aria-label={t('appraisal.cycle.back')}
            />
            {t('appraisal.cycle.title', { year: data.year })}
            <Tag color={open ? 'processing' : 'success'}>{open ? t('appraisal.cycles.open') : t('appraisal.cycles.finalized')}</Tag>
          </Space>
        }
        subtitle={`${data.schemeName} · ${data.finalizedAt ? t('appraisal.cycle.finalizedAt', { time: dateTime(data.finalizedAt), by: data.finalizedBy }) : t('appraisal.cycle.previewHint')}`}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
              {t('common.reload')}
            </Button>
            {open && (
              <>
                <Button
                  icon={<SaveOutlined />}
                  disabled={dirty.length === 0}
                  loading={saveRows.isPending}
                  onClick={() => saveRows.mutate(dirty)}
                  data-testid="scores-save-all"
                >
                  {t('appraisal.cycle.saveAll')}
                  {dirty.length > 0 ? ` (${dirty.length})` : ''}
                </Button>
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  disabled={!preview || preview.unscoredAppointmentIds.length > 0 || preview.rankedCount === 0 || dirty.length > 0}
                  loading={finalize.isPending}
                  onClick={() => preview && confirmFinalize(preview)}
                  data-testid="cycle-finalize"
                >
                  {t('appraisal.cycle.finalize')}
                </Button>
              </>
            )}
          </>
        }
      />
      <Card size="small" title={t('appraisal.cycle.scores')} style={{ marginBottom: 16 }}>
        <Table<CycleMember>
          rowKey="appointmentId"
          size="small"
          pagination={false}
          dataSource={data.members}
          scroll={{ x: 300 + keys.length * 110 + 360 }}
          locale={{ emptyText: <Empty /> }}
          data-testid="scores-table"
          onRow={(member) => ({ 'data-testid': `score-row-${member.appointmentId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('appraisal.cycle.leader'), dataIndex: 'userName', width: 120, fixed: 'left' },
            { title: t('appraisal.cycle.team'), dataIndex: 'teamName', width: 120 },
            ...scheme.dimensions.map((dimension) => ({
              title: (
                <Tooltip
                  title={`${dimension.name} · ${dimension.weight}%${dimension.minimum !== undefined ? ` · ≥ ${dimension.minimum}` : ''}`}
                >
                  <span>
                    {dimension.name} <Typography.Text type="secondary">{dimension.weight}%</Typography.Text>
                  </span>
                </Tooltip>
              ),
              key: dimension.key,
              width: 110,
              render: (_: unknown, member: CycleMember) => {
                const value = draftFor(member).scores[dimension.key] ?? null;
                const below = dimension.minimum !== undefined && value !== null && value < dimension.minimum;
                return (
                  <InputNumber<number>
                    size="small"
                    min={0}
                    max={100}
                    step={1}
                    precision={undefined}
                    status={below ? 'warning' : undefined}
                    disabled={!open}
                    value={value}
                    data-testid={`score-${dimension.key}`}
                    aria-label={`${member.userName} ${dimension.name}`}
                    onChange={(next) =>
                      setDrafts((all) => {
                        const current = all[member.appointmentId] ?? draftOf(member, keys);
                        return {
                          ...all,
                          [member.appointmentId]: {
                            ...current,
                            scores: { ...current.scores, [dimension.key]: typeof next === 'number' ? Math.round(next * 100) / 100 : null },
                          },
                        };
                      })
                    }
                  />
                );
              },
            })),
            ...(scheme.vetoItems.length > 0
              ? [
                  {
                    title: t('appraisal.cycle.vetoes'),
                    key: 'vetoes',
                    width: 180,
                    render: (_: unknown, member: CycleMember) => (
                      <Select
                        mode="multiple"
                        size="small"
                        style={{ width: '100%' }}
                        disabled={!open}
                        value={draftFor(member).vetoes}
                        options={scheme.vetoItems.map((v) => ({ value: v.key, label: v.name }))}
                        onChange={(vetoes: string[]) =>
                          setDrafts((all) => ({
                            ...all,
                            [member.appointmentId]: { ...(all[member.appointmentId] ?? draftOf(member, keys)), vetoes },
                          }))
                        }
                      />
                    ),
                  },
                ]
              : []),
            {
              title: t('appraisal.cycle.finalScore'),
              key: 'final',
              width: 110,
              render: (_, member) => {
                const draft = draftFor(member);
                const changed = drafts[member.appointmentId] !== undefined && !sameDraft(draft, draftOf(member, keys));
                if (!complete(draft)) return <Typography.Text type="secondary">—</Typography.Text>;
                const scored = scoreAppraisal({ dimensions: scheme.dimensions, vetoItems: scheme.vetoItems }, draft.scores, draft.vetoes);
                if (!scored.ok) return <Typography.Text type="danger">{t('appraisal.cycle.scoreInvalid')}</Typography.Text>;
                return (
                  <Space size={4}>
                    <Typography.Text strong data-testid="final-score">
                      {scored.score.finalScore.toFixed(2)}
                    </Typography.Text>
                    {changed && <Tag color="gold">{t('appraisal.cycle.draft')}</Tag>}
                    {scored.score.vetoed.length > 0 && <Tag color="red">{t('appraisal.cycle.vetoed')}</Tag>}
                    {scored.score.belowMinimum.length > 0 && (
                      <Tooltip title={t('appraisal.cycle.belowMinimum', { keys: scored.score.belowMinimum.join(', ') })}>
                        <Tag color="orange">min</Tag>
                      </Tooltip>
                    )}
                  </Space>
                );
              },
            },
            {
              title: t('appraisal.cycle.grade'),
              key: 'grade',
              width: 150,
              render: (_, member) => {
                const entry = preview?.items.find((i) => i.appointmentId === member.appointmentId);
                return entry ? (
                  <Space size={4}>
                    <span>#{entry.rank}</span>
                    <Tag color={GRADE_COLORS[entry.grade]}>{t(`appraisal.grade.${entry.grade}`)}</Tag>
                  </Space>
                ) : (
                  '—'
                );
              },
            },
            ...(open
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 90,
                    fixed: 'right' as const,
                    render: (_: unknown, member: CycleMember) => (
                      <Button
                        size="small"
                        disabled={!dirty.includes(member) || !complete(draftFor(member))}
                        loading={saveRows.isPending && saveRows.variables?.includes(member)}
                        onClick={() => saveRows.mutate([member])}
                      >
                        {t('appraisal.cycle.save')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('appraisal.cycle.preview')}
            extra={
              preview && (
                <Typography.Text data-testid="ranking-counts">
                  {t('appraisal.cycle.counts', { excellent: preview.excellentCount, good: preview.goodCount, fair: preview.fairCount })}
                </Typography.Text>
              )
            }
          >
            {ranking.isError ? (
              <ErrorAlert error={ranking.error} onRetry={() => void ranking.refetch()} />
            ) : (
              <>
                {preview && preview.unscoredAppointmentIds.length > 0 && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={t('appraisal.cycle.unscored', { count: preview.unscoredAppointmentIds.length })}
                  />
                )}
                <Table<RankingEntry>
                  size="small"
                  rowKey="appointmentId"
                  loading={ranking.isPending}
                  pagination={false}
                  dataSource={preview?.items ?? []}
                  locale={{ emptyText: <Empty description={t('appraisal.cycle.noScores')} /> }}
                  data-testid="ranking-table"
                  columns={[
                    { title: t('appraisal.cycle.rank'), dataIndex: 'rank', width: 56 },
                    { title: t('appraisal.cycle.leader'), dataIndex: 'userName' },
                    { title: t('appraisal.cycle.finalScore'), dataIndex: 'finalScore', width: 80, render: (v: number) => v.toFixed(2) },
                    {
                      title: t('appraisal.cycle.grade'),
                      dataIndex: 'grade',
                      width: 80,
                      render: (g: RankingEntry['grade']) => <Tag color={GRADE_COLORS[g]}>{t(`appraisal.grade.${g}`)}</Tag>,
                    },
                    {
                      title: t('appraisal.cycle.outcome'),
                      dataIndex: 'outcome',
                      render: (o: RankingEntry['outcome']) => t(`appraisal.outcome.${o}`),
                    },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('appraisal.cycle.chart')}
            extra={<Typography.Text type="secondary">{t('appraisal.cycle.chartBands')}</Typography.Text>}
          >
            {preview && preview.items.length > 0 ? (
              <ScoreDistributionChart preview={preview} />
            ) : (
              <Flex justify="center" style={{ padding: 24 }}>
                <Empty description={t('appraisal.cycle.noScores')} />
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
