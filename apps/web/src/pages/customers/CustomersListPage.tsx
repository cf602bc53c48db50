import { DownloadOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Empty, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { CustomerFormModal } from './CustomerForm';
import {
  type Confidentiality,
  type Customer,
  CUSTOMER_KINDS,
  CUSTOMERS_KEY,
  type CustomerKind,
  downloadBlob,
  formatYuan,
  type Grade,
  GRADES,
  LEVELS,
} from './customers-api';
import { GradeTag, LevelTag } from './shared';

type Filters = {
  q?: string;
  grade?: Grade;
  kind?: CustomerKind;
  owningUnitId?: string;
  hqFiled?: 'true' | 'false';
  confidentiality?: Confidentiality;
};

export default function CustomersListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const list = useCursorList<Customer>([...CUSTOMERS_KEY, 'list', filters], (cursor) =>
    unwrap<Page<Customer>>(api.GET('/api/v1/customers', { params: { query: compactQuery({ ...filters, cursor, limit: 50 }) } })),
  );

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      // parseAs 'blob' makes openapi-fetch return the file as a Blob (the contract types it as a binary string).
      const blob = (await unwrap(
        api.GET('/api/v1/customers/export', { params: { query: { ...compactQuery(filters), format } }, parseAs: 'blob' }),
      )) as unknown as Blob;
      downloadBlob(blob, `customers-${new Date().toISOString().slice(0, 10)}.${format}`);
      void message.success(t('customers.list.exported', { count: blob.size }));
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('customers.list.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            {hasRole(['cs_manager', 'ops_manager']) && (
              <Dropdown
                menu={{
                  items: [
                    { key: 'csv', label: t('customers.list.exportCsv') },
                    { key: 'xlsx', label: t('customers.list.exportXlsx') },
                  ],
                  onClick: ({ key }) => void exportAs(key as 'csv' | 'xlsx'),
                }}
              >
                <Button icon={<DownloadOutlined />} loading={exporting} data-testid="customers-export">
                  {t('customers.list.export')}
                </Button>
              </Dropdown>
            )}
            {hasRole(['cs_manager']) && (
              <Button icon={<UploadOutlined />} onClick={() => void navigate('/customers/import')}>
                {t('customers.list.import')}
              </Button>
            )}
            {hasRole(['agent', 'cs_manager']) && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-create">
                {t('customers.list.create')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('customers.list.search')}
          style={{ width: 220 }}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
          data-testid="customers-search"
        />
        <Select
          allowClear
          placeholder={t('customers.list.filterGrade')}
          style={{ width: 100 }}
          value={filters.grade}
          onChange={(grade?: Grade) => setFilters((f) => ({ ...f, grade }))}
          options={GRADES.map((g) => ({ value: g, label: g }))}
        />
        <Select
          allowClear
          placeholder={t('customers.list.filterKind')}
          style={{ width: 170 }}
          value={filters.kind}
          onChange={(kind?: CustomerKind) => setFilters((f) => ({ ...f, kind }))}
          options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
        />
        <OrgUnitSelect
          allowClear
          placeholder={t('customers.list.filterUnit')}
          style={{ width: 200 }}
          value={filters.owningUnitId}
          onChange={(owningUnitId) => setFilters((f) => ({ ...f, owningUnitId }))}
        />
        <Select
          allowClear
          placeholder={t('customers.list.filterHqFiled')}
          style={{ width: 120 }}
          value={filters.hqFiled}
          onChange={(hqFiled?: 'true' | 'false') => setFilters((f) => ({ ...f, hqFiled }))}
          options={[
            { value: 'true', label: t('customers.list.hqFiledYes') },
            { value: 'false', label: t('customers.list.hqFiledNo') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('customers.list.filterLevel')}
          style={{ width: 120 }}
          value={filters.confidentiality}
          onChange={(confidentiality?: Confidentiality) => setFilters((f) => ({ ...f, confidentiality }))}
          options={LEVELS.map((l) => ({ value: l, label: t(`customers.levels.${l}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Customer>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description={t('customers.list.empty')} /> }}
            data-testid="customers-table"
            columns={[
              {
                title: t('customers.fields.name'),
                dataIndex: 'name',
                render: (name: string, c) => <Link to={`/customers/${c.id}`}>{name}</Link>,
              },
              { title: t('customers.fields.kind'), dataIndex: 'kind', width: 150, render: (k: CustomerKind) => t(`customers.kinds.${k}`) },
              { title: t('customers.fields.owningUnit'), dataIndex: 'owningUnitName', width: 150 },
              { title: t('customers.fields.grade'), dataIndex: 'grade', width: 90, render: (g: Grade | null) => <GradeTag grade={g} /> },
              {
                title: t('customers.fields.annualBusinessVolume'),
                dataIndex: 'annualBusinessVolume',
                width: 170,
                align: 'right',
                render: (v: string, c) => (
                  <Flex gap={4} justify="flex-end">
                    {c.hqFiled && <Tag color="purple">{t('customers.list.hqFiledYes')}</Tag>}
                    {formatYuan(v)}
                  </Flex>
                ),
              },
              {
                title: t('customers.fields.confidentiality'),
                dataIndex: 'confidentiality',
                width: 100,
                render: (l: Confidentiality) => <LevelTag level={l} />,
              },
              {
                title: t('customers.fields.lastVisitOn'),
                dataIndex: 'lastVisitOn',
                width: 120,
                render: (d: string | null) => d ?? t('common.none'),
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
      {creating && (
        <CustomerFormModal customer={null} onClose={() => setCreating(false)} onSaved={(c) => void navigate(`/customers/${c.id}`)} />
      )}
    </>
  );
}
