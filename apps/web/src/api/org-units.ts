/** The org tree is used by several screens (unit pickers, names in tables), so it lives here. */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from './client';
import type { OrgTreeNode } from './types';

export const ORG_TREE_QUERY_KEY = ['org-units', 'tree'] as const;

export function fetchOrgTree(): Promise<OrgTreeNode[]> {
  return unwrap<OrgTreeNode[]>(api.GET('/api/v1/org-units/tree'));
}

export function useOrgTree() {
  return useQuery({ queryKey: ORG_TREE_QUERY_KEY, queryFn: fetchOrgTree, staleTime: 60_000 });
}

/** Every node of the tree, parents before children. */
export function flattenTree(roots: readonly OrgTreeNode[]): OrgTreeNode[] {
  const out: OrgTreeNode[] = [];
  const walk = (nodes: readonly OrgTreeNode[]) => {
    for (const node of nodes) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(roots);
  return out;
}

/** id → unit, for showing unit names in tables. */
export function useOrgUnitIndex(): Map<string, OrgTreeNode> {
  const { data } = useOrgTree();
  return useMemo(() => new Map(flattenTree(data ?? []).map((node) => [node.id, node])), [data]);
}

/** The ids of a node and everything below it. */
export function subtreeIds(node: OrgTreeNode): Set<string> {
  return new Set(flattenTree([node]).map((n) => n.id));
}
