import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../api/org-units';
import type { OrgTreeNode, OrgUnitKind } from '../api/types';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

function toOptions(
  nodes: readonly OrgTreeNode[],
  allow: (node: OrgTreeNode) => boolean,
  kindLabel: (k: OrgUnitKind) => string,
): TreeOption[] {
  return nodes.map((node) => ({
    value: node.id,
    title: `${node.name} · ${kindLabel(node.kind)}`,
    disabled: !allow(node),
    children: toOptions(node.children, allow, kindLabel),
  }));
}

/** Picks an org unit from the tree in the user's scope (for forms and filters). */
export function OrgUnitSelect({
  value,
  onChange,
  allow = () => true,
  placeholder,
  allowClear,
  style,
  id,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Units that may not be chosen are shown greyed out. */
  allow?: (node: OrgTreeNode) => boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}) {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const options = useMemo(() => toOptions(tree.data ?? [], allow, (k) => t(`kinds.${k}`)), [tree.data, allow, t]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      treeData={options}
      loading={tree.isPending}
      status={tree.isError ? 'error' : undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
