/**
 * Turns a validated action body into a decider command: org unit ids become the paths the decider
 * needs (so it never looks anything up), optional fields become explicit nulls.
 */
import type { ActionName, ActionRequest } from '../domain/case-decider';
import type { Actor, OrgKind, OrgPath } from '../domain/case-types';

/** An open unit's path, refused with 400 at `field` when it is unknown, closed or not of `kind`. */
export type ResolveOrg = (id: string, field: string, kind?: OrgKind) => OrgPath;

export function buildActionCommand(
  action: ActionName,
  body: Record<string, unknown>,
  actor: Actor,
  resolveOrg: ResolveOrg,
): ActionRequest {
  const command: Record<string, unknown> = { ...body, type: action, actor };
  switch (action) {
    case 'accept':
      command.subtrack = body.subtrack ?? null;
      break;
    case 'record-agreement':
      command.performanceDueOn = body.performanceDueOn ?? null;
      break;
    case 'request-confirmation':
      command.court = resolveOrg(body.courtId as string, 'courtId', 'court');
      break;
    case 'record-failure':
      command.target = body.courtId
        ? resolveOrg(body.courtId as string, 'courtId', 'court')
        : body.agencyId
          ? resolveOrg(body.agencyId as string, 'agencyId', 'agency')
          : null;
      break;
    case 'transfer':
      command.to = resolveOrg(body.toOrgUnitId as string, 'toOrgUnitId');
      break;
    default:
      break;
  }
  return command as unknown as ActionRequest;
}
