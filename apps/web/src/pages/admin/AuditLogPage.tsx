import { ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Form, Input, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { compactQuery, useCursorList } from '../../api/query';
import type { AuditLogResponse, Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { entityPath } from '../../routes';
import { Link } from 'react-router';
import { useBusinessTime } from '../../i18n/time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

interface FilterForm {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Before/after, field by field; changed fields are highlighted. */
export function AuditDiff({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  if (fields.length === 0) return <Typography.Text type="secondary">{t('admin.auditLog.nothing')}</Typography.Text>;
  const rows = fields.map((field) => {
    const b = before ? show(before[field]) : '';
    const a = after ? show(after[field]) : '';
    return { field, before: b, after: a, changed: b !== a };
  });
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      data-testid="audit-diff"
      rowClassName={(r) => (r.changed ? 'audit-changed' : '')}
      onRow={(r) => ({ style: r.changed ? { background: '#fffbe6' } : undefined })}
      columns={[
        { title: '', dataIndex: 'field', width: 180, render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
        {
          title: t('admin.auditLog.before'),
          dataIndex: 'before',
          render: (v: string, r) =>
            before ? (
              <span style={{ wordBreak: 'break-all', color: r.changed ? '#cf1322' : undefined }}>{v || '—'}</span>
            ) : (
              t('admin.auditLog.nothing')
            ),
        },
        {
          title: t('admin.auditLog.after'),
          dataIndex: 'after',
          render: (v: string, r) =>
            after ? (
              <span style={{ wordBreak: 'break-all', color: r.changed ? '#389e0d' : undefined }}>{v || '—'}</span>
            ) : (
              t('admin.auditLog.nothing')
            ),
        },
      ]}
    />
  );
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  const { dateTime, startOfDay, endOfDay } = useBusinessTime();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList<AuditLogResponse>(['audit-log', filters], (cursor) =>
    unwrap<Page<AuditLogResponse>>(api.GET('/api/v1/audit-log', { params: { query: compactQuery({ ...filters, cursor, limit: 50 }) } })),
  );

  const apply = (v: FilterForm) =>
    setFilters({
      action: v.action?.trim() || undefined,
      entityType: v.entityType?.trim() || undefined,
      entityId: v.entityId?.trim() || undefined,
      actorId: v.actorId?.trim() || undefined,
      from: v.range?.[0] ? startOfDay(v.range[0]) : undefined,
      to: v.range?.[1] ? endOfDay(v.range[1]) : undefined,
    });

  return (
    <>
      <PageHeader
        title={t('admin.auditLog.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      <Form<FilterForm> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="action" rules={[{ pattern: /^[a-z_.]{1,80}$/, message: t('admin.auditLog.actionInvalid') }]}>
          <Input
            placeholder={`${t('admin.auditLog.action')}: ${t('admin.auditLog.actionPlaceholder')}`}
            style={{ width: 200 }}
            allowClear
          />
        </Form.Item>
        <Form.Item name="entityType">
          <Input
            placeholder={`${t('admin.auditLog.entityType')}: ${t('admin.auditLog.entityTypePlaceholder')}`}
            style={{ width: 200 }}
            allowClear
            maxLength={60}
          />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder={t('admin.auditLog.entityId')} style={{ width: 180 }} allowClear maxLength={80} />
        </Form.Item>
        <Form.Item name="actorId" rules={[{ pattern: UUID, message: t('admin.auditLog.actorIdInvalid') }]}>
          <Input placeholder={t('admin.auditLog.actorId')} style={{ width: 180 }} allowClear />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<AuditLogResponse>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1150 }}
            locale={{ emptyText: <Empty description={t('admin.auditLog.empty')} /> }}
            expandable={{ expandedRowRender: (row) => <AuditDiff before={row.before} after={row.after} />, expandRowByClick: true }}
            columns={[
              { title: t('admin.auditLog.at'), dataIndex: 'at', width: 170, render: (v: string) => dateTime(v) },
              {
                title: t('admin.auditLog.actor'),
                key: 'actor',
                width: 200,
                render: (_, r) => (
                  <>
                    <Tag>{t(`admin.auditLog.actorTypes.${r.actorType}`)}</Tag>
                    {r.actorName}
                  </>
                ),
              },
              {
                title: t('admin.auditLog.action'),
                dataIndex: 'action',
                width: 200,
                render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
              },
              { title: t('admin.auditLog.entityType'), dataIndex: 'entityType', width: 140 },
              {
                title: t('admin.auditLog.entityId'),
                dataIndex: 'entityId',
                ellipsis: true,
                render: (v: string | null, r) => {
                  if (!v) return t('common.none');
                  const path = entityPath(r.entityType, v);
                  return (
                    <Typography.Text copyable={{ text: v }}>
                      {path ? (
                        <Link to={path} onClick={(e) => e.stopPropagation()}>
                          {v}
                        </Link>
                      ) : (
                        v
                      )}
                    </Typography.Text>
                  );
                },
              },
              {
                title: t('admin.auditLog.requestId'),
                dataIndex: 'requestId',
                width: 140,
                ellipsis: true,
                render: (v: string | null) => v ?? t('common.none'),
              },
            ]}
          />
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </>
      )}
    </>
  );
}
