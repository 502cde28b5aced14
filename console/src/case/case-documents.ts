/**
 * Which of a case's documents exist, read from the case view the page already has (no request): the
 * rules of `domain/documents/case-documents.ts`, where the API answers 409 for a document whose content
 * is not there yet (console.md "Beyond the anchors" 5).
 */
import type { DocumentKind } from '../../../domain/documents/document-model';
import type { CaseView } from '../api/client';
import type { Label } from '../labels/labels';
import type { MessageKey } from '../i18n/messages';

/** Each document's name as printed on it; a kind added to `domain/` without a name fails the type check. */
export const DOCUMENT_LABELS: Record<DocumentKind, Label> = {
  'intake-register': { zh: '人民调解受理登记表', en: 'Intake register' },
  'session-record': { zh: '调解记录', en: 'Session record' },
  agreement: { zh: '人民调解协议书', en: 'Mediation agreement' },
  'follow-up-record': { zh: '回访记录', en: 'Follow-up record' },
  'case-file': { zh: '人民调解卷宗', en: 'Case file' },
};

/** The menu's order: the order the papers are made in, the whole file last. */
const ORDER: readonly DocumentKind[] = [
  'intake-register',
  'session-record',
  'agreement',
  'follow-up-record',
  'case-file',
];

export interface CaseDocumentState {
  kind: DocumentKind;
  /** Why the document does not exist yet (a message key), or null when it can be printed. */
  missing: MessageKey | null;
}

/** The five documents of a case, each with the reason it does not exist yet, if it does not. */
export function caseDocumentStates(view: Pick<CaseView, 'sessions' | 'agreement' | 'followUps'>): CaseDocumentState[] {
  const missing: Record<DocumentKind, MessageKey | null> = {
    'intake-register': null,
    'session-record': (view.sessions?.length ?? 0) > 0 ? null : 'docMissingSessionRecord',
    agreement: view.agreement ? null : 'docMissingAgreement',
    'follow-up-record': (view.followUps?.length ?? 0) > 0 ? null : 'docMissingFollowUpRecord',
    'case-file': null,
  };
  return ORDER.map((kind) => ({ kind, missing: missing[kind] }));
}

/** The document's address: print-ready HTML, or the editable .docx (sent as an attachment). */
export function documentHref(caseId: string, kind: DocumentKind, format: 'html' | 'docx'): string {
  const path = `/api/v1/cases/${encodeURIComponent(caseId)}/documents/${kind}`;
  return format === 'docx' ? `${path}?format=docx` : path;
}
