import { CheckOutlined, ThunderboltOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Flex, Popconfirm, Select, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/auth-context';
import {
  type PlanLineResponse,
  type PlanViolationResponse,
  ROUNDS_KEY,
  type RotationRoundResponse,
  STATUS_COLOR,
  useAllRegions,
} from './rotation-api';
import { ROUND_COLOR } from './RoundsPage';

export default function RoundPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const queryClient = useQueryClient();
  const regions = useAllRegions();
  const key = [...ROUNDS_KEY, id];
  const round = useQuery({
    queryKey: key,
    queryFn: () => unwrap<RotationRoundResponse>(api.GET('/api/v1/rotation-rounds/{id}', { params: { path: { id } } })),
  });
  /** Unsaved edits: staff id → new region ids. */
  const [edits, setEdits] = useState<Record<string, string[]>>({});
  const [liveViolations, setLiveViolations] = useState<PlanViolationResponse[] | null>(null);
  const editList = useMemo(() => Object.entries(edits).map(([staffId, toRegionIds]) => ({ staffId, toRegionIds })), [edits]);

  const data = round.data;
  const editable = data?.status === 'planned' && hasRole(['channel_engineer', 'channel_manager']);
  const after = (next: RotationRoundResponse) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['rotation', 'regions'] });
    setEdits({});
    setLiveViolations(null);
  };
  const onError = (error: unknown) => message.error(errorMessage(error, t));

  const generate = useMutation({
    mutationFn: (version: number) =>
      unwrap<RotationRoundResponse>(api.POST('/api/v1/rotation-rounds/{id}/plan', { params: { path: { id } }, body: { version } })),
    onSuccess: after,
    onError,
  });
  const saveEdits = useMutation({
    mutationFn: (version: number) =>
      unwrap<RotationRoundResponse>(
        api.PUT('/api/v1/rotation-rounds/{id}/plan', { params: { path: { id } }, body: { version, lines: editList } }),
      ),
    onSuccess: after,
    onError,
  });
  const approve = useMutation({
    mutationFn: (version: number) =>
      unwrap<RotationRoundResponse>(api.POST('/api/v1/rotation-rounds/{id}/approve', { params: { path: { id } }, body: { version } })),
    onSuccess: (next) => {
      after(next);
      message.success(t('rotation.round.approved'));
    },
    onError,
  });

  // Live re-validation of unsaved edits (debounced).
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (editList.length === 0) {
      setLiveViolations(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      setChecking(true);
      unwrap<{ violations: PlanViolationResponse[] }>(
        api.POST('/api/v1/rotation-rounds/{id}/plan/validate', { params: { path: { id } }, body: { lines: editList } }),
      )
        .then((result) => {
          if (!cancelled) setLiveViolations(result.violations);
        })
        .catch((error: unknown) => {
          if (!cancelled) onError(error);
        })
        .finally(() => {
          if (!cancelled) setChecking(false);
        });
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [editList, id]);

  if (round.isError) return <ErrorAlert error={round.error} onRetry={() => void round.refetch()} />;
  if (!data) return <Spin />;

  const violations = liveViolations ?? data.violations;
  const hasPlan = data.status !== 'draft';
  const name = (regionId: string) => regions.byId.get(regionId)?.name ?? regionId;
  const regionOptions = (regions.data ?? []).map((r) => ({
    value: r.id,
    label: `${r.name} (${t('rotation.regions.classN', { n: r.staffedAsClass })})`,
  }));

  return (
    <>
      <PageHeader
        title={data.name}
        subtitle={
          <Tag color={ROUND_COLOR[data.status]} data-testid="round-status">
            {t(`rotation.roundStatus.${data.status}`)}
          </Tag>
        }
        extra={
          <>
            {(data.status === 'draft' || data.status === 'planned') && hasRole(['channel_engineer', 'channel_manager']) && (
              <Button
                icon={<ThunderboltOutlined />}
                loading={generate.isPending}
                onClick={() => generate.mutate(data.version)}
                data-testid="generate-plan"
              >
                {hasPlan ? t('rotation.round.regenerate') : t('rotation.round.generate')}
              </Button>
            )}
            {editList.length > 0 && (
              <>
                <Button icon={<UndoOutlined />} onClick={() => setEdits({})}>
                  {t('rotation.round.discardEdits')}
                </Button>
                <Button
                  type="primary"
                  loading={saveEdits.isPending}
                  onClick={() => saveEdits.mutate(data.version)}
                  data-testid="save-edits"
                >
                  {t('rotation.round.saveEdits')}
                </Button>
              </>
            )}
            {data.status === 'planned' && (
              <Tooltip title={hasRole(['channel_manager']) ? undefined : t('rotation.round.onlyManager')}>
                <Popconfirm
                  title={t('rotation.round.approveConfirm')}
                  onConfirm={() => approve.mutate(data.version)}
                  disabled={!hasRole(['channel_manager'])}
                >
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    loading={approve.isPending}
                    disabled={!hasRole(['channel_manager']) || editList.length > 0 || violations.length > 0}
                    data-testid="approve-plan"
                  >
                    {t('rotation.round.approve')}
                  </Button>
                </Popconfirm>
              </Tooltip>
            )}
            {(data.status === 'approved' || data.status === 'applied') && (
              <Link to={`/rotation/handover?roundId=${data.id}`} data-testid="handover-link">
                <Button>{t('rotation.round.handover')}</Button>
              </Link>
            )}
          </>
        }
      />
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('rotation.rounds.effectiveOn')}>{data.effectiveOn}</Descriptions.Item>
        {data.objective && (
          <Descriptions.Item label="∑">
            {t('rotation.round.objective', { moves: data.objective.moves, unstaffed: data.objective.unstaffedUnits })}
          </Descriptions.Item>
        )}
        {editList.length > 0 && (
          <Descriptions.Item label="✎">{t('rotation.round.editsPending', { count: editList.length })}</Descriptions.Item>
        )}
      </Descriptions>
      {generate.isPending && <Alert type="info" showIcon title={t('rotation.round.generating')} style={{ marginBottom: 12 }} />}
      {hasPlan && (
        <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="violations">
          {checking && <Typography.Text type="secondary">{t('rotation.round.checking')}</Typography.Text>}
          {violations.length === 0 ? (
            data.status === 'planned' && <Alert type="success" showIcon title={t('rotation.round.noViolations')} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('rotation.round.violationsTitle', { count: violations.length })}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {violations.map((v, index) => (
                    <li key={`${v.code}-${index}`}>
                      <Tag>{v.code}</Tag>
                      {v.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {data.unstaffedRegions.length > 0 && liveViolations === null && (
            <Alert
              type="warning"
              showIcon
              title={t('rotation.round.unstaffedTitle')}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {data.unstaffedRegions.map((u) => (
                    <li key={`${u.regionId}-${u.category}`}>
                      <b>{u.regionName}</b>: {u.why}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </Flex>
      )}
      {!hasPlan ? (
        <Empty description={t('rotation.round.noPlan')} />
      ) : (
        <Table<PlanLineResponse>
          rowKey="staffId"
          size="small"
          dataSource={data.lines}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="plan-lines"
          columns={[
            { title: t('rotation.round.staff'), dataIndex: 'staffName', width: 110, fixed: 'left' },
            {
              title: t('rotation.round.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: PlanLineResponse['status']) => <Tag color={STATUS_COLOR[s]}>{t(`rotation.status.${s}`)}</Tag>,
            },
            {
              title: t('rotation.round.from'),
              key: 'from',
              width: 150,
              render: (_, l) => l.fromRegionIds.map(name).join('、') || t('common.none'),
            },
            {
              title: t('rotation.round.to'),
              key: 'to',
              width: 230,
              render: (_, l) =>
                editable ? (
                  <Select
                    mode="multiple"
                    size="small"
                    style={{ width: '100%' }}
                    placeholder={t('rotation.round.reserve')}
                    optionFilterProp="label"
                    value={edits[l.staffId] ?? l.toRegionIds}
                    options={regionOptions}
                    onChange={(value: string[]) => setEdits((current) => ({ ...current, [l.staffId]: value }))}
                    data-testid={`line-to-${l.staffName}`}
                  />
                ) : (
                  <Flex gap={4} wrap>
                    <Tag color={l.kind === 'move' ? 'purple' : l.kind === 'reserve' ? 'default' : 'blue'}>
                      {t(`rotation.kind.${l.kind}`)}
                    </Tag>
                    {l.toRegionIds.map(name).join('、')}
                  </Flex>
                ),
            },
            {
              title: t('rotation.round.reason'),
              dataIndex: 'reason',
              render: (reason: string, l) => (
                <Flex vertical gap={2}>
                  <Typography.Text style={{ fontSize: 12 }}>{reason}</Typography.Text>
                  {l.edited && <Tag color="orange">{t('rotation.round.edited')}</Tag>}
                </Flex>
              ),
            },
            {
              title: t('rotation.round.rules'),
              dataIndex: 'rulesApplied',
              width: 180,
              render: (rules: string[]) => (
                <Flex wrap gap={2}>
                  {rules.map((rule) => (
                    <Tag key={rule} style={{ fontSize: 11 }}>
                      {rule}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
