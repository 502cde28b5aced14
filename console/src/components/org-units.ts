/** The org unit tree (GET /org-units, flat) for pickers: a subtree, or the units of one kind. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

export interface OrgUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export function useOrgUnits() {
  return useQuery({
    queryKey: ['org-units', 'list'],
    queryFn: async (): Promise<OrgUnit[]> => {
      const { data } = await api.GET('/api/v1/org-units');
      return data ?? [];
    },
    staleTime: 10 * 60_000,
  });
}

export interface OrgTreeNode {
  value: string;
  title: string;
  children: OrgTreeNode[];
}

/** `rootId` and every unit below it, as a tree for antd's TreeSelect (courts and agencies left out). */
export function subtreeOf(units: OrgUnit[], rootId: string): OrgTreeNode[] {
  const children = new Map<string, OrgUnit[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const build = (u: OrgUnit, seen: Set<string>): OrgTreeNode => {
    seen.add(u.id);
    return {
      value: u.id,
      title: u.name,
      children: (children.get(u.id) ?? [])
        .filter((c) => !seen.has(c.id) && c.kind !== 'court' && c.kind !== 'agency')
        .map((c) => build(c, seen)),
    };
  };
  const root = units.find((u) => u.id === rootId);
  return root ? [build(root, new Set())] : [];
}

export function unitsOfKind(units: OrgUnit[], kind: string): OrgUnit[] {
  return units.filter((u) => u.kind === kind);
}
