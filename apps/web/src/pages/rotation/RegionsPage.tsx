import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/auth-context';
import { class3Groups, REGIONS_KEY, type RegionResponse, useAllRegions } from './rotation-api';

const CLASS_COLOR: Record<number, string> = { 1: 'red', 2: 'orange', 3: 'green' };

interface RegionForm {
  name: string;
  salesUnits: number;
  highFailureModels?: boolean;
  oneStopService?: boolean;
  adjacentRegionIds?: string[];
  orgUnitId?: string;
}

export default function RegionsPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const regions = useAllRegions();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const items = useMemo(() => (regions.data ?? []).filter((r) => r.name.toLowerCase().includes(q.trim().toLowerCase())), [regions.data, q]);
  const groups = useMemo(() => class3Groups(regions.data ?? []), [regions.data]);
  const canEdit = hasRole(['channel_engineer', 'channel_manager']);

  return (
    <>
      <PageHeader
        title={t('rotation.regions.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void regions.refetch()}>
              {t('common.reload')}
            </Button>
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="region-create">
                {t('rotation.regions.create')}
              </Button>
            )}
          </>
        }
      />
      <Input.Search allowClear placeholder={t('common.search')} style={{ width: 220, marginBottom: 12 }} onSearch={setQ} />
      {regions.isError ? (
        <ErrorAlert error={regions.error} onRetry={() => void regions.refetch()} />
      ) : (
        <Flex gap={16} align="start" wrap>
          <Table<RegionResponse>
            style={{ flex: '1 1 640px', minWidth: 0 }}
            rowKey="id"
            size="middle"
            loading={regions.isPending}
            dataSource={items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('rotation.regions.empty')} /> }}
            data-testid="regions-table"
            columns={[
              { title: t('rotation.regions.name'), dataIndex: 'name', width: 140 },
              {
                title: t('rotation.regions.class'),
                key: 'class',
                width: 150,
                render: (_, r) => (
                  <Flex vertical gap={2}>
                    <Tag color={CLASS_COLOR[r.class]}>{t('rotation.regions.classN', { n: r.class })}</Tag>
                    {r.staffedAsClass !== r.class && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('rotation.regions.staffedAs', { n: r.staffedAsClass })}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('rotation.regions.sales'),
                dataIndex: 'salesUnits',
                width: 110,
                align: 'right',
                render: (n: number) => n.toLocaleString(),
              },
              {
                title: t('rotation.regions.staffingRule'),
                key: 'rule',
                width: 200,
                render: (_, r) => (
                  <Flex wrap gap={4}>
                    <Typography.Text style={{ fontSize: 12 }}>
                      {t(`rotation.regions.staffingRules.c${r.staffedAsClass}`, { defaultValue: r.staffingRule.description })}
                    </Typography.Text>
                    {r.highFailureModels && <Tag>{t('rotation.regions.highFailure')}</Tag>}
                    {r.oneStopService && <Tag color="cyan">{t('rotation.regions.oneStop')}</Tag>}
                  </Flex>
                ),
              },
              {
                title: t('rotation.regions.coveredBy'),
                key: 'cover',
                width: 160,
                render: (_, r) =>
                  r.coveredBy.length === 0 ? (
                    <Tag color="warning">{t('rotation.regions.uncovered')}</Tag>
                  ) : (
                    <Flex vertical gap={2}>
                      {r.coveredBy.map((c) => (
                        <Tooltip key={c.staffId} title={`${t(`rotation.categories.${c.category}`)} · ${c.since}`}>
                          <span>{c.displayName}</span>
                        </Tooltip>
                      ))}
                    </Flex>
                  ),
              },
              {
                title: t('rotation.regions.adjacent'),
                key: 'adjacent',
                width: 140,
                render: (_, r) => r.adjacentRegionIds.map((id) => regions.byId.get(id)?.name ?? id).join('、') || t('common.none'),
              },
            ]}
          />
          <Card size="small" title={t('rotation.regions.groups')} style={{ flex: '0 1 320px' }} data-testid="region-groups">
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('rotation.regions.groupsHint')}
            </Typography.Paragraph>
            {groups.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rotation.regions.noGroups')} />
            ) : (
              <Flex vertical gap={8}>
                {groups.map((group) => (
                  <Flex key={group[0]?.id} wrap gap={4} style={{ padding: 6, border: '1px dashed #d9d9d9', borderRadius: 6 }}>
                    {group.map((r) => (
                      <Tag key={r.id} color={r.coveredBy.length > 0 ? 'green' : 'default'}>
                        {r.name}
                        {r.coveredBy[0] ? ` · ${r.coveredBy[0].displayName}` : ''}
                      </Tag>
                    ))}
                  </Flex>
                ))}
              </Flex>
            )}
          </Card>
        </Flex>
      )}
      {creating && <RegionModal regions={regions.data ?? []} onClose={() => setCreating(false)} />}
    </>
  );
}

function RegionModal({ regions, onClose }: { regions: RegionResponse[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegionForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (values: RegionForm) =>
      unwrap(
        api.POST('/api/v1/regions', {
          body: { ...values, highFailureModels: values.highFailureModels ?? false, oneStopService: values.oneStopService ?? false },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: REGIONS_KEY });
      message.success(t('common.saved'));
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['name', 'salesUnits', 'adjacentRegionIds', 'orgUnitId'])) message.error(errorMessage(error, t));
    },
  });
  return (
    <Modal
      open
      title={t('rotation.regions.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <Form<RegionForm>
        form={form}
        name="region"
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{ highFailureModels: false, oneStopService: false }}
      >
        <Form.Item name="name" label={t('rotation.regions.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="salesUnits" label={t('rotation.regions.sales')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1_000_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="highFailureModels" valuePropName="checked">
          <Checkbox>{t('rotation.regions.highFailure')}</Checkbox>
        </Form.Item>
        <Form.Item name="oneStopService" valuePropName="checked">
          <Checkbox>{t('rotation.regions.oneStop')}</Checkbox>
        </Form.Item>
        <Form.Item name="adjacentRegionIds" label={t('rotation.regions.adjacent')}>
          <Select mode="multiple" optionFilterProp="label" options={regions.map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('rotation.regions.unit')}>
          <OrgUnitSelect allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
