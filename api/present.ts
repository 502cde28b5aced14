/** What a caller sees of a case: personal data masked, and opened only for the owning unit. */
import type { CaseView } from '../domain/case-view';
import type { SealedValue } from '../domain/case-types';
import type { Caller } from './auth';
import type { PiiVault } from './pii-vault';

/** Whether the caller acts for the unit that owns the case (the only one that sees personal data). */
export function isOwningUnit(caller: Caller, view: Pick<CaseView, 'ownerOrgUnitId'>): boolean {
  return (
    caller.org === view.ownerOrgUnitId &&
    (caller.role === 'mediator' || caller.role === 'supervisor' || caller.role === 'liaison')
  );
}

export function presentCase(view: CaseView, caller: Caller, vault: PiiVault) {
  const owning = isOwningUnit(caller, view);
  const open = (v: SealedValue | null | undefined): string | null => (v ? vault.open(v) : null);
  const { ownerKind: _k, ...rest } = view;
  return {
    ...rest,
    parties: view.parties.map((p) => {
      const { idNumber, phone, guardian, ...party } = p;
      return {
        ...party,
        idNumberMasked: idNumber?.masked ?? null,
        phoneMasked: phone?.masked ?? null,
        ...(owning ? { idNumber: open(idNumber), phone: open(phone) } : {}),
        ...(guardian
          ? {
              guardian: {
                name: guardian.name,
                phoneMasked: guardian.phone?.masked ?? null,
                ...(owning ? { phone: open(guardian.phone) } : {}),
              },
            }
          : {}),
      };
    }),
  };
}

/** Event data for a timeline: sealed values shown masked, or opened for the owning unit. */
export function presentEventData(data: unknown, owning: boolean, vault: PiiVault): unknown {
  if (Array.isArray(data)) return data.map((d) => presentEventData(d, owning, vault));
  if (data === null || typeof data !== 'object') return data;
  const o = data as Record<string, unknown>;
  if (typeof o.ciphertext === 'string' && typeof o.masked === 'string' && typeof o.hash === 'string') {
    return owning ? vault.open(o as unknown as SealedValue) : o.masked;
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, presentEventData(v, owning, vault)]));
}
