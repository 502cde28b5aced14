/**
 * The case documents (console.md "Beyond the anchors" 5; api.md "Statistics and documents") as a neutral
 * structure: what each document says and in which order, with no HTML or Word in it. The API renders
 * the same structure as print-ready HTML and as an editable .docx, so the two cannot say different things.
 */
import type { CaseEvent, EventBody } from '../case-events';
import type { PartyRole, SealedValue } from '../case-types';
import type { CaseView } from '../case-view';

export const DOCUMENT_KINDS = [
  'intake-register',
  'session-record',
  'agreement',
  'follow-up-record',
  'case-file',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A value as its reader may see it: personal data already opened (owning unit) or masked (anyone else). */
export type Presented<T> = T extends SealedValue
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Presented<U>>
    : T extends object
      ? { [K in keyof T]: Presented<T[K]> }
      : T;

/** A party as the caller may see it: `idNumber` and `phone` in clear for the owning unit, masked otherwise. */
export interface DocumentParty {
  role: PartyRole;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  minor: boolean;
  guardian: { name: string; phone: string | null } | null;
}

/** An event of the case's history as the caller may see it. */
export type DocumentEvent = Pick<CaseEvent, 'seq' | 'at' | 'actor' | 'reason'> & Presented<EventBody>;

/** Everything a document is made from: the case, its history, and the names of the units it mentions. */
export interface DocumentInput {
  view: Omit<CaseView, 'parties'>;
  parties: DocumentParty[];
  events: DocumentEvent[];
  /** The name of an org unit (its id when unknown). */
  unitName: (id: string) => string;
  /** The name of a staff member by user id (the id when no account has it). */
  personName: (id: string) => string;
  /** When the document is made (an ISO instant): the case file's date of compiling. */
  generatedAt: string;
}

/** A label and its value, one row of a form. */
export interface FieldRow {
  label: string;
  value: string;
}

/** Where a person signs (and, for an organisation, seals) by hand on the printed page. */
export interface SignatureLine {
  /** Who signs: 「申请人 林某」, 「人民调解员」, 「蕉城区…人民调解委员会」. */
  label: string;
  /** What is asked: 「签名（盖章或按指印）」, 「（印章）」. */
  mark: string;
  /** A date already known, as printed (the agreement's signing date), or null for a blank 年 月 日 to fill in. */
  date: string | null;
}

export type DocumentBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: FieldRow[] }
  | { type: 'table'; columns: string[]; rows: string[][] }
  | { type: 'signatures'; lines: SignatureLine[] };

/** One part of a document; each part begins on a new page. */
export interface DocumentPart {
  /** The title printed at the top of the part, e.g. 人民调解协议书. */
  title: string;
  /** A line under the title, e.g. 「第 2 次」 or the issuing committee; empty when none. */
  subtitle: string;
  blocks: DocumentBlock[];
}

/** A whole document: printed with the case number on every page. */
export interface CaseDocument {
  kind: DocumentKind;
  caseNo: string;
  /** The document's name (file names, the HTML title): 人民调解协议书. */
  title: string;
  parts: DocumentPart[];
}
