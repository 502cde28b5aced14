/** What a caller sees of a case: sensitive party fields masked except for the owning unit. */
import type { CaseView } from '../domain/case-view';
import { maskPhone, maskResidentId } from '../domain/resident-id';
import type { Caller } from './auth';

export function presentCase(view: CaseView, caller: Caller) {
  const owning =
    caller.org === view.ownerOrgUnitId &&
    (caller.role === 'mediator' || caller.role === 'supervisor' || caller.role === 'liaison');
  const { nextDueAt: _n, ownerKind: _k, ...rest } = view;
  return {
    ...rest,
    parties: view.parties.map((p) => {
      const { idNumber, phone, ...party } = p;
      return {
        ...party,
        idNumberMasked: idNumber ? maskResidentId(idNumber) : null,
        phoneMasked: phone ? maskPhone(phone) : null,
        ...(owning ? { idNumber: idNumber ?? null, phone: phone ?? null } : {}),
      };
    }),
  };
}
