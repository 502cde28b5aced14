/**
 * Who a notification target is at the time of sending (issue 11, "Recipients resolved"): the enabled
 * accounts holding the target's role in the target's unit. A unit with nobody in the role goes up to the
 * parent unit's supervisor, and the notification says so.
 */
import type { Role } from '../domain/case-types';
import type { CaseDocFields } from '../domain/case-view';
import type { NotifyTarget } from '../domain/deadline-policy';
import type { Models, UserDoc } from './models';
import type { OrgTree } from './org-units';

export interface Recipients {
  /** The unit the target names and, when the people were found higher up, that unit too: the
   * outbound channels of these units are sent the notification (even when nobody has an account). */
  unitIds: string[];
  userIds: string[];
  /** Set when nobody held the role there and the notification went up, e.g. 「…暂无主管，已转…」. */
  note: string | null;
}

/** The unit a target names for a case, and the role there that receives it. */
export function targetUnit(
  target: NotifyTarget,
  view: CaseDocFields,
  tree: OrgTree,
): { unitId: string; role: Role } | null {
  const staffOf = (unitId: string | undefined | null) =>
    unitId && tree.get(unitId)
      ? { unitId, role: (tree.get(unitId)!.kind === 'court' ? 'liaison' : 'supervisor') as Role }
      : null;
  switch (target) {
    case 'owner_supervisor':
      return staffOf(view.ownerOrgUnitId);
    case 'court':
      return staffOf(
        view.transfer && tree.get(view.transfer.toOrgUnitId)?.kind === 'court'
          ? view.transfer.toOrgUnitId
          : view.courtsInvolved[view.courtsInvolved.length - 1],
      );
    case 'target_supervisor':
      return staffOf(view.transfer?.toOrgUnitId);
    case 'sender':
      return staffOf(view.transfer?.fromOrgUnitId);
    case 'police_liaison':
      return staffOf(policeRoom(view.ownerOrgUnitId, tree));
  }
}

/** The police-station mediation room (派出所驻所调解室, `station_room`) nearest the owner: the owner
 * itself, else one under the owner's township (or under the owner, for a township centre). */
export function policeRoom(ownerId: string, tree: OrgTree): string | null {
  const owner = tree.get(ownerId);
  if (!owner) return null;
  if (owner.kind === 'station_room') return owner.id;
  const township = tree.path(ownerId).find((u) => u.kind === 'township_center');
  if (!township) return null;
  return tree.units.find((u) => u.kind === 'station_room' && !u.closed && u.parentId === township.id)?.id ?? null;
}

export class RecipientResolver {
  constructor(
    private readonly models: Models,
    private readonly tree: OrgTree,
  ) {}

  /** The target's people; when the case names no such unit (no court, no police room), the owner's
   * supervisor, saying so. Nobody up to the root: no people, the named unit's channels still. */
  async resolve(target: NotifyTarget, view: CaseDocFields): Promise<Recipients> {
    const named = targetUnit(target, view, this.tree);
    const start = named ?? { unitId: view.ownerOrgUnitId, role: 'supervisor' as Role };
    const missing = named ? null : `案件无${TARGET_NAMES[target]}，已通知主管`;
    let note = missing;
    for (let unitId: string | null = start.unitId, role = start.role; unitId;) {
      const users = await this.holders(unitId, role);
      if (users.length > 0)
        return { unitIds: [...new Set([start.unitId, unitId])], userIds: users.map((u) => u._id), note };
      const parentId: string | null = this.tree.get(unitId)?.parentId ?? null;
      if (parentId)
        note = `${this.name(unitId)}暂无${ROLE_NAMES[role]}，已转${this.name(parentId)}主管${missing ? `（${missing}）` : ''}`;
      unitId = parentId;
      role = 'supervisor';
    }
    return { unitIds: [start.unitId], userIds: [], note: null };
  }

  name(unitId: string): string {
    return this.tree.get(unitId)?.name ?? unitId;
  }

  private holders(org: string, role: Role): Promise<UserDoc[]> {
    return this.models.User.find({ org, role, disabled: false }).lean<UserDoc[]>().exec();
  }
}

const ROLE_NAMES: Partial<Record<Role, string>> = { supervisor: '主管', liaison: '联络员' };
const TARGET_NAMES: Record<NotifyTarget, string> = {
  owner_supervisor: '承办单位',
  court: '受移交法院',
  target_supervisor: '移交接收单位',
  sender: '移交发出单位',
  police_liaison: '派出所驻所调解室',
};
