import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { DUTY_COLOR, type DutyStatus, type WeeklyComplianceResponse } from './rotation-api';

type Row = WeeklyComplianceResponse['rows'][number];

export default function WeeklyReportsPage() {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState(8);
  const grid = useQuery({
    queryKey: ['rotation', 'weekly-compliance', weeks],
    queryFn: () => unwrap<WeeklyComplianceResponse>(api.GET('/api/v1/weekly-reports/compliance', { params: { query: { weeks } } })),
  });
  return (
    <>
      <PageHeader
        title={t('rotation.weekly.title')}
        subtitle={t('rotation.weekly.hint')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void grid.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('rotation.weekly.weeks')}</Typography.Text>
        <Select value={weeks} onChange={setWeeks} style={{ width: 90 }} options={[4, 8, 13, 26].map((n) => ({ value: n, label: n }))} />
      </Flex>
      {grid.isError ? (
        <ErrorAlert error={grid.error} onRetry={() => void grid.refetch()} />
      ) : (
        <Table<Row>
          rowKey="staffId"
          size="small"
          loading={grid.isPending}
          dataSource={grid.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 140 + (grid.data?.weeks.length ?? weeks) * 90 }}
          locale={{ emptyText: <Empty description={t('rotation.weekly.empty')} /> }}
          data-testid="weekly-grid"
          columns={[
            { title: t('rotation.weekly.staff'), dataIndex: 'displayName', width: 140, fixed: 'left' },
            ...(grid.data?.weeks ?? []).map((week, index) => ({
              title: week.slice(5),
              key: week,
              width: 90,
              render: (_: unknown, row: Row) => {
                const status: DutyStatus = row.cells[index]?.status ?? 'not_required';
                return status === 'not_required' ? (
                  <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
                ) : (
                  <Tag color={DUTY_COLOR[status]}>{t(`rotation.duty.${status}`)}</Tag>
                );
              },
            })),
          ]}
        />
      )}
    </>
  );
}
