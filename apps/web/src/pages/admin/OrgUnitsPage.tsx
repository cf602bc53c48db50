import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap, unwrapEmpty } from '../../api/client';
import { ALLOWED_PARENT_KINDS, childKindsOf } from '../../api/enums';
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { flattenTree, ORG_TREE_QUERY_KEY, subtreeIds, useOrgTree } from '../../api/org-units';
import type { OrgTreeNode, OrgUnitKind, OrgUnitResponse } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

interface UnitForm {
  name: string;
  code?: string;
  kind: OrgUnitKind;
  parentId?: string;
}

type Editing = { mode: 'create'; parent: OrgTreeNode | null } | { mode: 'edit'; unit: OrgTreeNode };

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function filterTree(nodes: readonly OrgTreeNode[], needle: string): OrgTreeNode[] {
  if (!needle) return [...nodes];
  const out: OrgTreeNode[] = [];
  for (const node of nodes) {
    const children = filterTree(node.children, needle);
    const hit = node.name.toLowerCase().includes(needle) || (node.code ?? '').toLowerCase().includes(needle);
    if (hit || children.length > 0) out.push({ ...node, children });
  }
  return out;
}

export default function OrgUnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { dateTime } = useBusinessTime();
  const tree = useOrgTree();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);

  const all = useMemo(() => flattenTree(tree.data ?? []), [tree.data]);
  const byId = useMemo(() => new Map(all.map((n) => [n.id, n])), [all]);
  const selected = selectedId ? (byId.get(selectedId) ?? null) : null;

  const treeData = useMemo(() => {
    const toItems = (nodes: readonly OrgTreeNode[]): TreeItem[] =>
      nodes.map((n) => ({
        key: n.id,
        title: (
          <span data-testid="org-unit-node">
            {n.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`kinds.${n.kind}`)}
              {n.code ? ` · ${n.code}` : ''}
            </Typography.Text>
          </span>
        ),
        children: toItems(n.children),
      }));
    return toItems(filterTree(tree.data ?? [], search.trim().toLowerCase()));
  }, [tree.data, search, t]);

  const remove = useMutation({
    mutationFn: (id: string) => unwrapEmpty(api.DELETE('/api/v1/org-units/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      void message.success(t('admin.orgUnits.deleted'));
      setSelectedId(null);
      await queryClient.invalidateQueries({ queryKey: ORG_TREE_QUERY_KEY });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  const canAddChild = selected ? childKindsOf(selected.kind).length > 0 : false;

  return (
    <>
      <PageHeader
        title={t('admin.orgUnits.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ mode: 'create', parent: selected })}
            data-testid="org-unit-create"
          >
            {t('admin.orgUnits.create')}
          </Button>
        }
      />
      <Row gutter={16}>
        <Col xs={24} md={11} xl={9}>
          <Card title={t('admin.orgUnits.tree')} size="small" styles={{ body: { minHeight: 300 } }}>
            <Input.Search
              allowClear
              placeholder={t('admin.orgUnits.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 8 }}
            />
            {tree.isPending ? (
              <Flex justify="center" style={{ padding: 32 }}>
                <Spin />
              </Flex>
            ) : tree.isError ? (
              <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} />
            ) : treeData.length === 0 ? (
              <Empty description={t('admin.orgUnits.empty')} />
            ) : (
              <Tree
                blockNode
                defaultExpandAll
                key={search ? `s:${search}` : `all:${all.length}`}
                treeData={treeData}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys[0] ? String(keys[0]) : null)}
                style={{ maxHeight: 'calc(100vh - 260px)', overflow: 'auto' }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={13} xl={15}>
          <Card title={t('admin.orgUnits.details')} size="small">
            {!selected ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.orgUnits.noSelection')} />
            ) : (
              <>
                <Descriptions column={1} size="small" bordered>
                  <Descriptions.Item label={t('admin.orgUnits.name')}>{selected.name}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.code')}>{selected.code ?? t('common.none')}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.kind')}>
                    <Tag>{t(`kinds.${selected.kind}`)}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.parent')}>
                    {selected.parentId ? (byId.get(selected.parentId)?.name ?? selected.parentId) : t('common.none')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.depth')}>{selected.depth}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.version')}>{selected.version}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.createdAt')}>{dateTime(selected.createdAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('admin.orgUnits.updatedAt')}>{dateTime(selected.updatedAt)}</Descriptions.Item>
                </Descriptions>
                <Flex gap={8} wrap style={{ marginTop: 16 }}>
                  <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', unit: selected })}>
                    {t('common.edit')}
                  </Button>
                  <Button
                    icon={<PlusOutlined />}
                    disabled={!canAddChild}
                    title={canAddChild ? undefined : t('admin.orgUnits.noChildKinds')}
                    onClick={() => setEditing({ mode: 'create', parent: selected })}
                  >
                    {t('admin.orgUnits.addChild')}
                  </Button>
                  <Popconfirm
                    title={t('admin.orgUnits.deleteConfirm', { name: selected.name })}
                    description={t('admin.orgUnits.deleteHint')}
                    onConfirm={() => remove.mutate(selected.id)}
                    disabled={!selected.parentId}
                  >
                    <Button
                      danger
                      icon={<DeleteOutlined />}
                      loading={remove.isPending}
                      disabled={!selected.parentId}
                      title={selected.parentId ? undefined : t('admin.orgUnits.cannotDeleteRoot')}
                    >
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Flex>
              </>
            )}
          </Card>
        </Col>
      </Row>
      {editing && (
        <UnitModal
          editing={editing}
          byId={byId}
          onClose={() => setEditing(null)}
          onSaved={(unit) => {
            setEditing(null);
            setSelectedId(unit.id);
          }}
        />
      )}
    </>
  );
}

function UnitModal({
  editing,
  byId,
  onClose,
  onSaved,
}: {
  editing: Editing;
  byId: Map<string, OrgTreeNode>;
  onClose: () => void;
  onSaved: (unit: OrgUnitResponse) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UnitForm>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const editingUnit = editing.mode === 'edit' ? editing.unit : null;
  const parentId = Form.useWatch('parentId', form);
  const kind = Form.useWatch('kind', form);
  const parent = parentId ? byId.get(parentId) : undefined;

  const initial: Partial<UnitForm> =
    editing.mode === 'edit'
      ? {
          name: editing.unit.name,
          code: editing.unit.code ?? undefined,
          kind: editing.unit.kind,
          parentId: editing.unit.parentId ?? undefined,
        }
      : { parentId: editing.parent?.id, kind: editing.parent ? childKindsOf(editing.parent.kind)[0] : undefined };

  // A unit may not move under itself or its own sub-units.
  const excluded = useMemo(() => (editingUnit ? subtreeIds(editingUnit) : new Set<string>()), [editingUnit]);
  const allowParent = useMemo(
    () => (node: OrgTreeNode) =>
      !excluded.has(node.id) && (kind ? ALLOWED_PARENT_KINDS[kind].includes(node.kind) : childKindsOf(node.kind).length > 0),
    [excluded, kind],
  );
  const kindOptions = (parent ? childKindsOf(parent.kind) : (['hq'] as OrgUnitKind[])).map((k) => ({ value: k, label: t(`kinds.${k}`) }));

  const save = useMutation({
    mutationFn: async (values: UnitForm): Promise<OrgUnitResponse> => {
      const code = values.code?.trim() || undefined;
      if (editing.mode === 'create') {
        return unwrap<OrgUnitResponse>(
          api.POST('/api/v1/org-units', {
            body: { name: values.name.trim(), code, kind: values.kind, parentId: values.parentId },
            headers: { 'Idempotency-Key': idempotencyKey },
          }),
        );
      }
      const unit = editing.unit;
      return unwrap<OrgUnitResponse>(
        api.PATCH('/api/v1/org-units/{id}', {
          params: { path: { id: unit.id } },
          body: {
            version: unit.version,
            name: values.name.trim() !== unit.name ? values.name.trim() : undefined,
            code: code !== (unit.code ?? undefined) ? code : undefined,
            parentId: values.parentId && values.parentId !== unit.parentId ? values.parentId : undefined,
          },
        }),
      );
    },
    onSuccess: async (unit) => {
      void message.success(editing.mode === 'create' ? t('admin.orgUnits.created', { name: unit.name }) : t('admin.orgUnits.updated'));
      await queryClient.invalidateQueries({ queryKey: ORG_TREE_QUERY_KEY });
      onSaved(unit);
    },
    onError: async (e) => {
      if (isStaleVersion(e)) {
        void message.warning(t('errors.staleVersion'));
        await queryClient.invalidateQueries({ queryKey: ORG_TREE_QUERY_KEY });
        onClose();
        return;
      }
      if (!applyFieldErrors(form, e, ['name', 'code', 'kind', 'parentId'])) void message.error(errorMessage(e, t));
    },
  });

  return (
    <Modal
      open
      title={editing.mode === 'create' ? t('admin.orgUnits.create') : `${t('common.edit')} · ${editing.unit.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<UnitForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} name="org-unit">
        {!(editingUnit && !editingUnit.parentId) && (
          <Form.Item
            name="parentId"
            label={t('admin.orgUnits.parent')}
            rules={[{ required: true, message: t('admin.orgUnits.parentRequired') }]}
            extra={editing.mode === 'edit' ? t('admin.orgUnits.moveHint') : undefined}
          >
            <OrgUnitSelect
              allow={allowParent}
              onChange={(id) => {
                const p = id ? byId.get(id) : undefined;
                if (editing.mode === 'create' && p && !childKindsOf(p.kind).includes(form.getFieldValue('kind') as OrgUnitKind)) {
                  form.setFieldValue('kind', childKindsOf(p.kind)[0]);
                }
              }}
            />
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('admin.orgUnits.kind')} rules={[{ required: true, message: t('admin.orgUnits.kindRequired') }]}>
          <Select options={kindOptions} disabled={editing.mode === 'edit'} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.orgUnits.name')}
          rules={[{ required: true, whitespace: true, message: t('admin.orgUnits.nameRequired') }, { max: 120 }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('admin.orgUnits.code')}
          extra={t('admin.orgUnits.codeHint')}
          rules={[{ pattern: CODE_PATTERN, message: t('admin.orgUnits.codeInvalid') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
