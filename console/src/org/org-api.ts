/**
 * The org units (GET /org-units, flat, with `closed`): the one query every screen reads them through,
 * as a tree for antd's Tree and TreeSelect, a subtree for a picker, or the units of one kind.
 */
import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../api/http';
import type { OrgKind } from '../../../domain/case-types';
import type { components } from '../api/schema';

export type OrgUnit = components['schemas']['OrgUnit'];

export const ORG_UNITS_KEY = ['org-units', 'list'] as const;

const orgUnitsQuery = {
  queryKey: ORG_UNITS_KEY,
  queryFn: () => requestJson<OrgUnit[]>('GET', '/api/v1/org-units'),
  staleTime: 60_000,
};

export function useOrgUnits() {
  return useQuery(orgUnitsQuery);
}

/** Unit names by id, from the same query. */
export function useOrgUnitNames() {
  return useQuery({ ...orgUnitsQuery, select: (units: OrgUnit[]) => new Map(units.map((u) => [u.id, u.name])) });
}

export interface OrgNode {
  unit: OrgUnit;
  children: OrgNode[];
}

/** Roots first; children in the order of the kinds ladder, then by name. A unit whose parent is not
 * listed is a root (e.g. courts and agencies beside the tree). */
export function buildTree(units: readonly OrgUnit[]): OrgNode[] {
  const nodes = new Map(units.map((u) => [u.id, { unit: u, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (a: OrgNode, b: OrgNode) =>
    KIND_ORDER.indexOf(a.unit.kind) - KIND_ORDER.indexOf(b.unit.kind) || a.unit.id.localeCompare(b.unit.id);
  const sort = (list: OrgNode[]) => {
    list.sort(order);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

const KIND_ORDER: readonly OrgKind[] = [
  'city_center',
  'county_center',
  'township_center',
  'station_room',
  'village_committee',
  'court',
  'agency',
];

/** `id` and every unit below it. */
export function subtreeIds(units: readonly OrgUnit[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
  }
  return ids;
}

export interface UnitOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: UnitOption[];
}

/** TreeSelect data: closed units are greyed out (they take no new case, transfer or account), and
 * so are the ones `exclude` says. */
export function unitOptions(
  nodes: readonly OrgNode[],
  kindLabel: (kind: OrgKind) => string,
  exclude: (u: OrgUnit) => boolean = () => false,
  closedLabel = '',
): UnitOption[] {
  return nodes.map((n) => ({
    value: n.unit.id,
    title: `${n.unit.name} · ${kindLabel(n.unit.kind)}${n.unit.closed ? ` · ${closedLabel}` : ''}`,
    disabled: !!n.unit.closed || exclude(n.unit),
    children: n.children.length ? unitOptions(n.children, kindLabel, exclude, closedLabel) : undefined,
  }));
}

export interface OrgTreeNode {
  value: string;
  title: string;
  disabled?: boolean;
  children: OrgTreeNode[];
}

/** `rootId` and every unit below it, as a tree for antd's TreeSelect (courts and agencies left out;
 * closed units greyed out: they take no new case or transfer). */
export function subtreeOf(units: readonly OrgUnit[], rootId: string): OrgTreeNode[] {
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
      ...(u.closed ? { disabled: true } : {}),
      children: (children.get(u.id) ?? [])
        .filter((c) => !seen.has(c.id) && c.kind !== 'court' && c.kind !== 'agency')
        .map((c) => build(c, seen)),
    };
  };
  const root = units.find((u) => u.id === rootId);
  return root ? [build(root, new Set())] : [];
}

/** The open units of one kind (courts, agencies). */
export function unitsOfKind(units: readonly OrgUnit[], kind: OrgKind): OrgUnit[] {
  return units.filter((u) => u.kind === kind && !u.closed);
}
