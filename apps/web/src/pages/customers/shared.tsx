import { LockOutlined } from '@ant-design/icons';
import { Select, Spin, Tag, Tooltip } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { Page } from '../../api/types';
import { useQuery } from '@tanstack/react-query';
import { type Confidentiality, type Customer, GRADE_COLORS, type Grade, LEVEL_COLORS } from './customers-api';

/** A field the API withheld (null and listed in `maskedFields`). */
export function Masked() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('customers.maskedHint')}>
      <Tag icon={<LockOutlined />} data-testid="masked">
        {t('customers.masked')}
      </Tag>
    </Tooltip>
  );
}

/** Shows a value, or the masked marker when the API withheld it. */
export function maskedValue(record: { maskedFields: string[] }, field: string, value: ReactNode): ReactNode {
  if (record.maskedFields.includes(field)) return <Masked />;
  return value === null || value === undefined || value === '' ? '—' : value;
}

export function GradeTag({ grade }: { grade: Grade | null }) {
  const { t } = useTranslation();
  return grade ? <Tag color={GRADE_COLORS[grade]}>{grade}</Tag> : <Tag>{t('customers.detail.grade.none')}</Tag>;
}

export function LevelTag({ level }: { level: Confidentiality }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} icon={level === 'secret' ? undefined : <LockOutlined />}>
      {t(`customers.levels.${level}`)}
    </Tag>
  );
}

/** Picks a customer in the caller's scope by typing part of its name. */
export function CustomerPicker({ value, onChange, id }: { value?: string; onChange?: (id: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['customers', 'picker', q],
    queryFn: () =>
      unwrap<Page<Customer>>(api.GET('/api/v1/customers', { params: { query: { q: q || undefined, limit: 20, sort: 'name' } } })),
  });
  const options = useMemo(
    () => (search.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.owningUnitName}` })),
    [search.data],
  );
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      placeholder={t('customers.plans.customerSearch')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : undefined}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
