/**
 * Responsibility and compensation: the responsible units with percent shares (two decimals, sum
 * exactly 100) and the compensation; each unit's amount is previewed with the same largest-
 * remainder rule the API applies (from @cs/domain), so the parts always add up to the total.
 * An approved split is read-only; approving is for the platform's (or HQ's) ops manager — the API
 * decides, and its 403/422 is shown as is.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { formatFen, parsePercent, parseYuanToFen, splitByLargestRemainder } from '@cs/domain';
import { Alert, Button, Card, Descriptions, Flex, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../api/errors';
import { flattenTree, useOrgTree } from '../../../api/org-units';
import { useAuth } from '../../../auth/auth-context';
import { useBusinessTime } from '../../../i18n/time';
import { useComplaintActions, useResponsibility } from '../api';
import type { ComplaintResponse, ResponsibilityResponse } from '../types';
import { ActionError } from './ActionError';

interface ShareRow {
  key: number;
  orgUnitId?: string;
  percent: string;
}

const PERCENT_TEXT = /^\d{1,3}(\.\d{1,2})?$/;
const AMOUNT_TEXT = /^\d{1,12}(\.\d{1,2})?$/;

interface Preview {
  amounts: Map<number, string>;
  sumHundredths: number;
  problem: 'percent_format' | 'amount_format' | 'unit_missing' | 'unit_twice' | 'not_100' | null;
}

/** Validates the draft and computes each row's amount; the first problem found is reported. */
function preview(rows: readonly ShareRow[], compensation: string): Preview {
  const amounts = new Map<number, string>();
  let sumHundredths = 0;
  for (const row of rows) {
    if (!PERCENT_TEXT.test(row.percent) || parsePercent(row.percent) <= 0) return { amounts, sumHundredths, problem: 'percent_format' };
    sumHundredths += parsePercent(row.percent);
  }
  if (rows.some((row) => !row.orgUnitId)) return { amounts, sumHundredths, problem: 'unit_missing' };
  if (new Set(rows.map((r) => r.orgUnitId)).size !== rows.length) return { amounts, sumHundredths, problem: 'unit_twice' };
  if (!AMOUNT_TEXT.test(compensation)) return { amounts, sumHundredths, problem: 'amount_format' };
  if (sumHundredths !== 10_000) return { amounts, sumHundredths, problem: 'not_100' };
  const split = splitByLargestRemainder(
    parseYuanToFen(compensation),
    rows.map((row) => ({ key: String(row.key), percentHundredths: parsePercent(row.percent) })),
  );
  split.forEach((part) => amounts.set(Number(part.key), formatFen(part.fen)));
  return { amounts, sumHundredths, problem: null };
}

function draftFrom(current: ResponsibilityResponse | null): { rows: ShareRow[]; compensation: string } {
  if (!current || current.shares.length === 0) return { rows: [{ key: 1, percent: '100' }], compensation: '0.00' };
  return {
    rows: current.shares.map((s, i) => ({ key: i + 1, orgUnitId: s.orgUnitId, percent: s.percent })),
    compensation: current.compensation,
  };
}

export function ResponsibilityCard({ complaint }: { complaint: ComplaintResponse }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const responsibility = useResponsibility(complaint.id);
  const actions = useComplaintActions(complaint.id);
  const tree = useOrgTree();
  const unitOptions = useMemo(
    () => flattenTree(tree.data ?? []).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` })),
    [tree.data],
  );
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<ShareRow[]>([]);
  const [compensation, setCompensation] = useState('0.00');
  const [error, setError] = useState<unknown>(null);

  const current = responsibility.data?.current ?? null;
  const effective = responsibility.data?.effective ?? null;
  const draft = useMemo(() => preview(rows, compensation), [rows, compensation]);
  const canRecord = complaint.answeredAt !== null && complaint.status !== 'invalid';

  const startEdit = () => {
    const d = draftFrom(current);
    setRows(d.rows);
    setCompensation(d.compensation);
    setError(null);
    setEditing(true);
  };

  const save = async () => {
    setError(null);
    try {
      await actions.saveResponsibility.mutateAsync({
        shares: rows.map((row) => ({ orgUnitId: row.orgUnitId!, percent: row.percent })),
        compensation,
      });
      setEditing(false);
    } catch (e) {
      setError(e);
    }
  };

  const approve = async () => {
    setError(null);
    try {
      await actions.approveResponsibility.mutateAsync({ revision: current!.revision });
    } catch (e) {
      setError(e);
    }
  };

  const nextKey = () => Math.max(0, ...rows.map((r) => r.key)) + 1;

  return (
    <Card
      size="small"
      data-testid="responsibility-card"
      title={t('complaints.responsibility.title')}
      extra={
        canRecord &&
        hasRole(['cs_manager', 'ops_manager']) && (
          <Button size="small" onClick={startEdit} data-testid="responsibility-edit">
            {current ? t('complaints.responsibility.revise') : t('complaints.responsibility.record')}
          </Button>
        )
      }
    >
      <ActionError error={error} />
      {responsibility.isLoading ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : responsibility.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(responsibility.error, t).title}
          description={describeError(responsibility.error, t).detail}
        />
      ) : current ? (
        <>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('complaints.responsibility.status')}>
              <Tag color={current.status === 'approved' ? 'green' : 'gold'}>
                {t(`complaints.responsibility.statuses.${current.status}`)}
              </Tag>
              <Typography.Text type="secondary">#{current.revision}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('complaints.responsibility.compensation')}>¥{current.compensation}</Descriptions.Item>
            <Descriptions.Item label={t('complaints.responsibility.approver')}>
              {current.approverUnitName} (
              {current.crossPlatform ? t('complaints.responsibility.hqApproves') : t('complaints.responsibility.platformApproves')})
            </Descriptions.Item>
            {current.recordedBy && (
              <Descriptions.Item label={t('complaints.responsibility.recordedBy')}>{current.recordedBy.name}</Descriptions.Item>
            )}
            {current.approvedAt && (
              <Descriptions.Item label={t('complaints.responsibility.approvedAt')}>
                {dateTime(current.approvedAt)} {current.approvedBy?.name}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            size="small"
            rowKey="orgUnitId"
            pagination={false}
            dataSource={current.shares}
            columns={[
              { title: t('complaints.responsibility.unit'), dataIndex: 'orgUnitName' },
              { title: t('complaints.responsibility.percent'), dataIndex: 'percent', align: 'right', render: (p: string) => `${p} %` },
              { title: t('complaints.responsibility.amount'), dataIndex: 'amount', align: 'right', render: (a: string) => `¥${a}` },
            ]}
          />
          {current.status === 'pending' && effective && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('complaints.responsibility.effectiveStill', { revision: effective.revision })}
            </Typography.Paragraph>
          )}
          {current.status === 'pending' && hasRole(['ops_manager']) && (
            <Flex justify="flex-end" style={{ marginTop: 8 }}>
              <Popconfirm title={t('complaints.responsibility.approveConfirm')} onConfirm={() => void approve()}>
                <Button type="primary" loading={actions.approveResponsibility.isPending}>
                  {t('complaints.responsibility.approve')}
                </Button>
              </Popconfirm>
            </Flex>
          )}
        </>
      ) : (
        <Typography.Text type="secondary">
          {canRecord ? t('complaints.responsibility.none') : t('complaints.responsibility.afterAnswer')}
        </Typography.Text>
      )}
      {editing && (
        <Modal
          open
          width={640}
          title={t('complaints.responsibility.title')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          onOk={() => void save()}
          onCancel={() => setEditing(false)}
          okButtonProps={{ disabled: draft.problem !== null }}
          confirmLoading={actions.saveResponsibility.isPending}
          destroyOnHidden
        >
          <ActionError error={error} />
          <div data-testid="responsibility-editor">
            <Table<ShareRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows}
              columns={[
                {
                  title: t('complaints.responsibility.unit'),
                  width: '50%',
                  render: (_: unknown, row) => (
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: '100%' }}
                      value={row.orgUnitId}
                      options={unitOptions}
                      onChange={(v: string) => setRows(rows.map((r) => (r.key === row.key ? { ...r, orgUnitId: v } : r)))}
                    />
                  ),
                },
                {
                  title: t('complaints.responsibility.percent'),
                  width: 120,
                  render: (_: unknown, row) => (
                    <Input
                      suffix="%"
                      data-testid="share-percent"
                      value={row.percent}
                      status={PERCENT_TEXT.test(row.percent) ? undefined : 'error'}
                      onChange={(e) => setRows(rows.map((r) => (r.key === row.key ? { ...r, percent: e.target.value.trim() } : r)))}
                    />
                  ),
                },
                {
                  title: t('complaints.responsibility.amount'),
                  width: 120,
                  align: 'right',
                  render: (_: unknown, row) => <span data-testid="share-amount">{draft.amounts.get(row.key) ?? '—'}</span>,
                },
                {
                  width: 40,
                  render: (_: unknown, row) => (
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={rows.length === 1}
                      onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                      aria-label={t('common.delete')}
                    />
                  ),
                },
              ]}
            />
            <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
              <Button size="small" icon={<PlusOutlined />} onClick={() => setRows([...rows, { key: nextKey(), percent: '0' }])}>
                {t('complaints.responsibility.addUnit')}
              </Button>
              <span>{t('complaints.responsibility.compensation')}</span>
              <Input
                style={{ width: 140 }}
                prefix="¥"
                data-testid="compensation"
                value={compensation}
                status={AMOUNT_TEXT.test(compensation) ? undefined : 'error'}
                onChange={(e) => setCompensation(e.target.value.trim())}
              />
              <Tag color={draft.sumHundredths === 10_000 ? 'green' : 'red'}>
                {t('complaints.responsibility.sum', { sum: (draft.sumHundredths / 100).toFixed(2) })}
              </Tag>
            </Flex>
            {draft.problem && (
              <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t(`complaints.responsibility.problem.${draft.problem}`)} />
            )}
          </div>
        </Modal>
      )}
    </Card>
  );
}
