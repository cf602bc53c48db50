import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Empty, Flex, Form, Input, Modal, Select, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap, unwrapEmpty } from '../../api/client';
import { ROLES } from '../../api/enums';
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { useOrgUnitIndex } from '../../api/org-units';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page, Role, UserResponse } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';

const USERS_KEY = ['users'] as const;
const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;
const PHONE = /^[0-9+\-() ]{3,32}$/;

interface Filters {
  q?: string;
  orgUnitId?: string;
  role?: Role;
  active?: 'true' | 'false';
}

interface UserForm {
  username: string;
  displayName: string;
  orgUnitId: string;
  roles: Role[];
  joinedOn?: Dayjs | null;
  phone?: string;
  email?: string;
  password?: string;
  active?: boolean;
}

export default function UsersPage() {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const units = useOrgUnitIndex();
  const [filters, setFilters] = useState<Filters>({});
  const [editing, setEditing] = useState<UserResponse | 'new' | null>(null);
  const [resetting, setResetting] = useState<UserResponse | null>(null);
  const list = useCursorList<UserResponse>([...USERS_KEY, filters], (cursor) =>
    unwrap<Page<UserResponse>>(api.GET('/api/v1/users', { params: { query: compactQuery({ ...filters, cursor, limit: 50 }) } })),
  );

  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  return (
    <>
      <PageHeader
        title={t('admin.users.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
              {t('common.reload')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('admin.users.create')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('admin.users.searchPlaceholder')}
          style={{ width: 220 }}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
        />
        <OrgUnitSelect
          allowClear
          placeholder={t('admin.users.filterUnit')}
          style={{ width: 240 }}
          value={filters.orgUnitId}
          onChange={(orgUnitId) => setFilters((f) => ({ ...f, orgUnitId }))}
        />
        <Select
          allowClear
          placeholder={t('admin.users.filterRole')}
          style={{ width: 180 }}
          options={roleOptions}
          value={filters.role}
          onChange={(role?: Role) => setFilters((f) => ({ ...f, role }))}
        />
        <Select
          allowClear
          placeholder={t('admin.users.filterStatus')}
          style={{ width: 120 }}
          value={filters.active}
          onChange={(active?: 'true' | 'false') => setFilters((f) => ({ ...f, active }))}
          options={[
            { value: 'true', label: t('admin.users.statusActive') },
            { value: 'false', label: t('admin.users.statusInactive') },
          ]}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<UserResponse>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 1250 }}
            locale={{ emptyText: <Empty description={t('admin.users.empty')} /> }}
            data-testid="users-table"
            columns={[
              { title: t('admin.users.username'), dataIndex: 'username', width: 140 },
              { title: t('admin.users.displayName'), dataIndex: 'displayName', width: 120 },
              { title: t('admin.users.unit'), dataIndex: 'orgUnitId', width: 160, render: (id: string) => units.get(id)?.name ?? id },
              {
                title: t('admin.users.roles'),
                dataIndex: 'roles',
                width: 220,
                render: (roles: Role[]) => (
                  <Flex wrap gap={4}>
                    {roles.map((r) => (
                      <Tag key={r} color={r === 'admin' ? 'red' : undefined}>
                        {t(`roles.${r}`)}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
              { title: t('admin.users.joinedOn'), dataIndex: 'joinedOn', width: 120, render: (d: string | null) => d ?? t('common.none') },
              {
                title: t('admin.users.active'),
                key: 'status',
                width: 120,
                render: (_, u) => (
                  <Flex vertical gap={2}>
                    <Tag color={u.active ? 'green' : 'default'}>
                      {u.active ? t('admin.users.statusActive') : t('admin.users.statusInactive')}
                    </Tag>
                    {u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs()) && (
                      <Tooltip title={t('admin.users.lockedUntil', { time: dateTime(u.lockedUntil) })}>
                        <Tag color="orange">{t('admin.users.locked')}</Tag>
                      </Tooltip>
                    )}
                  </Flex>
                ),
              },
              { title: t('admin.users.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => dateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 200,
                fixed: 'right',
                render: (_, u) => (
                  <Flex gap={4}>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="small" icon={<KeyOutlined />} onClick={() => setResetting(u)}>
                      {t('admin.users.resetPassword')}
                    </Button>
                  </Flex>
                ),
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
      {editing && <UserModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}

function UserModal({ user, onClose }: { user: UserResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const initial: Partial<UserForm> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        orgUnitId: user.orgUnitId,
        roles: user.roles,
        joinedOn: user.joinedOn ? dayjs(user.joinedOn) : null,
        phone: user.phone ?? undefined,
        email: user.email ?? undefined,
        active: user.active,
      }
    : { roles: ['agent'] };

  const save = useMutation({
    mutationFn: async (v: UserForm): Promise<UserResponse> => {
      const common = {
        displayName: v.displayName.trim(),
        orgUnitId: v.orgUnitId,
        roles: v.roles,
        joinedOn: v.joinedOn ? v.joinedOn.format(DATE_FORMAT) : undefined,
        phone: v.phone?.trim() || undefined,
        email: v.email?.trim() || undefined,
      };
      if (!user) {
        return unwrap<UserResponse>(
          api.POST('/api/v1/users', {
            body: { ...common, username: v.username.trim(), password: v.password ?? '' },
            headers: { 'Idempotency-Key': idempotencyKey },
          }),
        );
      }
      // A cleared date is sent as null (the API then forgets it); an untouched empty one is left out.
      const joinedOn = v.joinedOn ? v.joinedOn.format(DATE_FORMAT) : user.joinedOn ? null : undefined;
      return unwrap<UserResponse>(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { ...common, joinedOn, active: v.active, version: user.version },
        }),
      );
    },
    onSuccess: async (saved) => {
      void message.success(user ? t('admin.users.updated') : t('admin.users.created', { name: saved.displayName }));
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: async (e) => {
      if (isStaleVersion(e)) {
        void message.warning(t('errors.staleVersion'));
        await queryClient.invalidateQueries({ queryKey: USERS_KEY });
        onClose();
        return;
      }
      if (!applyFieldErrors(form, e, ['username', 'displayName', 'orgUnitId', 'roles', 'joinedOn', 'phone', 'email', 'password'])) {
        void message.error(errorMessage(e, t));
      }
    },
  });

  const required = { required: true, message: t('admin.users.required') };
  return (
    <Modal
      open
      width={640}
      title={user ? `${t('admin.users.edit')} · ${user.username}` : t('admin.users.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<UserForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} name="user">
        <Flex gap={12}>
          <Form.Item
            style={{ flex: 1 }}
            name="username"
            label={t('admin.users.username')}
            extra={user ? undefined : t('admin.users.usernameHint')}
            rules={[required, { pattern: USERNAME, message: t('admin.users.usernameInvalid') }]}
          >
            <Input disabled={!!user} autoComplete="off" />
          </Form.Item>
          <Form.Item
            style={{ flex: 1 }}
            name="displayName"
            label={t('admin.users.displayName')}
            rules={[{ ...required, whitespace: true }, { max: 120 }]}
          >
            <Input maxLength={120} />
          </Form.Item>
        </Flex>
        <Form.Item name="orgUnitId" label={t('admin.users.unit')} rules={[required]}>
          <OrgUnitSelect />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('admin.users.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}
        >
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} optionFilterProp="label" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item style={{ flex: 1 }} name="joinedOn" label={t('admin.users.joinedOn')}>
            <DatePicker style={{ width: '100%' }} format={DATE_FORMAT} />
          </Form.Item>
          <Form.Item
            style={{ flex: 1 }}
            name="phone"
            label={t('admin.users.phone')}
            rules={[{ pattern: PHONE, message: t('admin.users.phoneInvalid') }]}
          >
            <Input maxLength={32} />
          </Form.Item>
        </Flex>
        <Form.Item name="email" label={t('admin.users.email')} rules={[{ type: 'email', message: t('admin.users.emailInvalid') }]}>
          <Input maxLength={200} />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('admin.users.activeSwitch')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('admin.users.password')}
            extra={t('admin.users.passwordHint')}
            rules={[required, { min: 10, message: t('admin.users.passwordTooShort') }]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserResponse; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (password: string) =>
      unwrapEmpty(api.POST('/api/v1/users/{id}/password', { params: { path: { id: user.id } }, body: { password } })),
    onSuccess: async () => {
      void message.success(t('admin.users.passwordReset'));
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['password'])) void message.error(errorMessage(e, t));
    },
  });
  return (
    <Modal
      open
      title={t('admin.users.resetPasswordTitle', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('admin.users.resetPasswordHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v.password)}>
        <Form.Item
          name="password"
          label={t('admin.users.newPassword')}
          rules={[
            { required: true, message: t('admin.users.required') },
            { min: 10, message: t('admin.users.passwordTooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
