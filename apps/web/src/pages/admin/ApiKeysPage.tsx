import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { API_KEY_STATUSES, API_SCOPES } from '../../api/enums';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { useOrgUnitIndex } from '../../api/org-units';
import { compactQuery, useCursorList } from '../../api/query';
import type { ApiKeyResponse, ApiKeyStatus, ApiScope, CreatedApiKeyResponse, Page } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';

const API_KEYS_KEY = ['api-keys'] as const;
const STATUS_COLOR: Record<ApiKeyStatus, string> = { active: 'green', revoked: 'red', expired: 'default' };

interface KeyForm {
  name: string;
  scopes: ApiScope[];
  orgUnitId: string;
  expiresOn?: Dayjs | null;
}

export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { dateTime } = useBusinessTime();
  const units = useOrgUnitIndex();
  const [status, setStatus] = useState<ApiKeyStatus | undefined>('active');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyResponse | null>(null);
  const list = useCursorList<ApiKeyResponse>([...API_KEYS_KEY, { status }], (cursor) =>
    unwrap<Page<ApiKeyResponse>>(api.GET('/api/v1/api-keys', { params: { query: compactQuery({ status, cursor, limit: 50 }) } })),
  );
  const revoke = useMutation({
    mutationFn: (key: ApiKeyResponse) =>
      unwrap<ApiKeyResponse>(api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id: key.id } } })),
    onSuccess: async () => {
      void message.success(t('admin.apiKeys.revoked'));
      await queryClient.invalidateQueries({ queryKey: API_KEYS_KEY });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  return (
    <>
      <PageHeader
        title={t('admin.apiKeys.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.apiKeys.create')}
          </Button>
        }
      />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('admin.apiKeys.status')}
          style={{ width: 160 }}
          value={status}
          onChange={(v?: ApiKeyStatus) => setStatus(v)}
          options={API_KEY_STATUSES.map((s) => ({ value: s, label: t(`admin.apiKeys.statuses.${s}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<ApiKeyResponse>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1400 }}
            locale={{ emptyText: <Empty description={t('admin.apiKeys.empty')} /> }}
            columns={[
              { title: t('admin.apiKeys.name'), dataIndex: 'name', width: 180 },
              {
                title: t('admin.apiKeys.prefix'),
                dataIndex: 'prefix',
                width: 170,
                render: (p: string) => (
                  <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                    {p}…
                  </Typography.Text>
                ),
              },
              {
                title: t('admin.apiKeys.scopes'),
                dataIndex: 'scopes',
                width: 240,
                render: (scopes: ApiScope[]) => (
                  <Flex wrap gap={4}>
                    {scopes.map((s) => (
                      <Tag key={s}>{s}</Tag>
                    ))}
                  </Flex>
                ),
              },
              { title: t('admin.apiKeys.unit'), dataIndex: 'orgUnitId', width: 150, render: (id: string) => units.get(id)?.name ?? id },
              {
                title: t('admin.apiKeys.status'),
                dataIndex: 'status',
                width: 90,
                render: (s: ApiKeyStatus) => <Tag color={STATUS_COLOR[s]}>{t(`admin.apiKeys.statuses.${s}`)}</Tag>,
              },
              {
                title: t('admin.apiKeys.expiresAt'),
                dataIndex: 'expiresAt',
                width: 170,
                render: (v: string | null) => (v ? dateTime(v) : t('admin.apiKeys.noExpiry')),
              },
              {
                title: t('admin.apiKeys.lastUsedAt'),
                dataIndex: 'lastUsedAt',
                width: 170,
                render: (v: string | null) => (v ? dateTime(v) : t('admin.apiKeys.neverUsed')),
              },
              { title: t('admin.apiKeys.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 100,
                fixed: 'right',
                render: (_, key) =>
                  key.status === 'active' ? (
                    <Popconfirm
                      title={t('admin.apiKeys.revokeConfirm', { name: key.name })}
                      onConfirm={() => revoke.mutate(key)}
                      okButtonProps={{ danger: true }}
                    >
                      <Button size="small" danger icon={<StopOutlined />}>
                        {t('admin.apiKeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ) : null,
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
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
          }}
        />
      )}
      {created && <SecretModal created={created} onClose={() => setCreated(null)} />}
    </>
  );
}

function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (key: CreatedApiKeyResponse) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { endOfDay } = useBusinessTime();
  const [form] = Form.useForm<KeyForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: (v: KeyForm) =>
      unwrap<CreatedApiKeyResponse>(
        api.POST('/api/v1/api-keys', {
          body: {
            name: v.name.trim(),
            scopes: v.scopes,
            orgUnitId: v.orgUnitId,
            expiresAt: v.expiresOn ? endOfDay(v.expiresOn) : undefined,
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (key) => {
      await queryClient.invalidateQueries({ queryKey: API_KEYS_KEY });
      onCreated(key);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['name', 'scopes', 'orgUnitId', 'expiresAt'])) void message.error(errorMessage(e, t));
    },
  });
  return (
    <Modal
      open
      title={t('admin.apiKeys.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<KeyForm> form={form} layout="vertical" onFinish={(v) => create.mutate(v)} name="api-key">
        <Form.Item
          name="name"
          label={t('admin.apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('admin.apiKeys.nameRequired') }]}
        >
          <Input placeholder={t('admin.apiKeys.namePlaceholder')} maxLength={120} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('admin.apiKeys.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('admin.apiKeys.scopesRequired') }]}
        >
          <Select mode="multiple" options={API_SCOPES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('admin.apiKeys.unit')}
          extra={t('admin.apiKeys.unitHint')}
          rules={[{ required: true, message: t('admin.apiKeys.unitRequired') }]}
        >
          <OrgUnitSelect />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('admin.apiKeys.expiresAt')} extra={t('admin.apiKeys.expiresHint')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The full key, shown once: the modal can only be closed by confirming it was saved. */
function SecretModal({ created, onClose }: { created: CreatedApiKeyResponse; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('admin.apiKeys.newKeyTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('admin.apiKeys.savedIt')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('admin.apiKeys.newKeyWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>
        <strong>{created.name}</strong>
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: created.key }} code style={{ wordBreak: 'break-all' }} data-testid="api-key-secret">
        {created.key}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('admin.apiKeys.newKeyUsage')}</Typography.Paragraph>
    </Modal>
  );
}
