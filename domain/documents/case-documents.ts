/**
 * Which document of a case is made of what, and when it exists: an agreement only once one is
 * recorded, a session record once a session is held, a follow-up record once a visit is recorded. The
 * case file (卷宗) is a cover with its contents, then every document that exists, then the event list.
 */
import type { CaseDocument, DocumentInput, DocumentKind, DocumentPart } from './document-model';
import { AGREEMENT_TITLE, agreementDocument } from './agreement-document';
import { CATEGORY_WORDS, chineseDate, chineseDateTime, chineseDayOf, OUTCOME_WORDS } from './document-labels';
import { EVENT_LIST_TITLE, eventList } from './event-list';
import { FOLLOW_UP_RECORD_TITLE, followUpRecords } from './follow-up-record';
import { INTAKE_REGISTER_TITLE, intakeRegister } from './intake-register';
import { SESSION_RECORD_TITLE, sessionRecords } from './session-record';

export const CASE_FILE_TITLE = '人民调解卷宗';

const TITLES: Record<DocumentKind, string> = {
  'intake-register': INTAKE_REGISTER_TITLE,
  'session-record': SESSION_RECORD_TITLE,
  agreement: AGREEMENT_TITLE,
  'follow-up-record': FOLLOW_UP_RECORD_TITLE,
  'case-file': CASE_FILE_TITLE,
};

/** The result: the document, or why it does not exist yet (a sentence for the caller). */
export type DocumentOutcome = { ok: true; document: CaseDocument } | { ok: false; reason: string };

/** The parts of one kind of document, or null when its content does not exist yet. */
function partsOf(kind: Exclude<DocumentKind, 'case-file'>, input: DocumentInput): DocumentPart[] | null {
  switch (kind) {
    case 'intake-register':
      return [intakeRegister(input)];
    case 'session-record':
      return input.view.sessions.length > 0 ? sessionRecords(input) : null;
    case 'agreement':
      return input.view.agreement ? [agreementDocument(input, input.view.agreement)] : null;
    case 'follow-up-record':
      return input.view.followUps.length > 0 ? followUpRecords(input) : null;
  }
}

const NOT_YET: Record<Exclude<DocumentKind, 'case-file' | 'intake-register'>, string> = {
  'session-record': 'the case has no mediation session yet: record-session first',
  agreement: 'the case has no agreement yet: record-agreement first',
  'follow-up-record': 'the case has no follow-up visit yet: record-follow-up first',
};

/** The day a document's content dates from, for the case file's contents. */
function dateOf(kind: Exclude<DocumentKind, 'case-file'>, input: DocumentInput, index: number): string {
  const { view } = input;
  switch (kind) {
    case 'intake-register':
      return chineseDayOf(view.createdAt);
    case 'session-record':
      return chineseDayOf(view.sessions[index]?.heldAt);
    case 'agreement':
      return chineseDate(view.agreement?.signedOn);
    case 'follow-up-record':
      return chineseDate(view.followUps[index]?.visitedOn);
  }
}

function caseFile(input: DocumentInput): DocumentPart[] {
  const { view, unitName, personName } = input;
  const documents = (['intake-register', 'session-record', 'agreement', 'follow-up-record'] as const).flatMap((kind) =>
    (partsOf(kind, input) ?? []).map((part, index) => ({ kind, part, index })),
  );
  const events = eventList(input.events, unitName, personName);
  const contents = [
    ...documents.map(({ kind, part, index }) => [
      kind === 'session-record' || kind === 'follow-up-record' ? `${part.title}（${part.subtitle}）` : part.title,
      dateOf(kind, input, index),
    ]),
    [EVENT_LIST_TITLE, ''],
  ].map((row, i) => [String(i + 1), ...row]);
  const cover: DocumentPart = {
    title: CASE_FILE_TITLE,
    subtitle: unitName(view.ownerOrgUnitId),
    blocks: [
      {
        type: 'fields',
        rows: [
          { label: '案号', value: view.caseNo },
          { label: '纠纷类型', value: CATEGORY_WORDS[view.category] },
          { label: '当事人', value: input.parties.map((p) => p.name).join('、') },
          { label: '调解组织', value: unitName(view.ownerOrgUnitId) },
          { label: '承办人', value: view.assigneeId ? personName(view.assigneeId) : '' },
          { label: '登记日期', value: chineseDayOf(view.createdAt) },
          { label: '结案日期', value: view.closedAt ? chineseDayOf(view.closedAt) : '未结案' },
          { label: '结案方式', value: view.outcome ? OUTCOME_WORDS[view.outcome] : '' },
          { label: '立卷时间', value: chineseDateTime(input.generatedAt) },
        ],
      },
      { type: 'heading', text: '卷内目录' },
      { type: 'table', columns: ['序号', '材料名称', '日期'], rows: contents },
    ],
  };
  return [cover, ...documents.map(({ part }) => part), events];
}

/** The document of `kind` for a case, or the reason it does not exist yet. */
export function buildCaseDocument(kind: DocumentKind, input: DocumentInput): DocumentOutcome {
  const parts = kind === 'case-file' ? caseFile(input) : partsOf(kind, input);
  if (!parts) return { ok: false, reason: NOT_YET[kind as keyof typeof NOT_YET] };
  return { ok: true, document: { kind, caseNo: input.view.caseNo, title: TITLES[kind], parts } };
}
