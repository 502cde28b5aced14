/**
 * Which documents the 文书 menu offers, read from the case view alone. Oracle: api.md "Statistics and
 * documents" (409 until the content exists): the intake register and the case file from the start, the
 * session record once a session is held, the agreement once recorded, the follow-up record once a visit is.
 */
import { describe, expect, it } from 'vitest';
import { caseDocumentStates, documentHref } from './case-documents';

const registered = { sessions: [], agreement: null, followUps: [] };
const session = {
  heldAt: '2026-05-01T02:00:00.000Z',
  mode: 'on_site' as const,
  attendees: [],
  notes: '',
  recordedBy: 'u',
};
const agreement = {
  terms: '赔偿',
  signedOn: '2026-05-01',
  performanceDueOn: null,
  obligations: [],
  confirmation: null,
};
const visit = { visitedOn: '2026-05-20', performed: true, notes: '', recordedBy: 'u' };

const missingOf = (view: Parameters<typeof caseDocumentStates>[0]) =>
  Object.fromEntries(caseDocumentStates(view).map((d) => [d.kind, d.missing]));

describe('caseDocumentStates', () => {
  it('when a case is only registered, then the intake register and the case file exist and the rest say why not', () => {
    expect(missingOf(registered)).toEqual({
      'intake-register': null,
      'session-record': 'docMissingSessionRecord',
      agreement: 'docMissingAgreement',
      'follow-up-record': 'docMissingFollowUpRecord',
      'case-file': null,
    });
  });

  it('when an agreement is recorded after a session, then only the follow-up record is missing', () => {
    expect(missingOf({ sessions: [session], agreement, followUps: [] })).toEqual({
      'intake-register': null,
      'session-record': null,
      agreement: null,
      'follow-up-record': 'docMissingFollowUpRecord',
      'case-file': null,
    });
  });

  it('when a visit is recorded, then all five exist, listed in the order the papers are made', () => {
    const states = caseDocumentStates({ sessions: [session], agreement, followUps: [visit] });
    expect(states.map((d) => d.kind)).toEqual([
      'intake-register',
      'session-record',
      'agreement',
      'follow-up-record',
      'case-file',
    ]);
    expect(states.every((d) => d.missing === null)).toBe(true);
  });

  it('then the links are the API paths, the case id escaped, Word with format=docx', () => {
    expect(documentHref('c/1', 'agreement', 'html')).toBe('/api/v1/cases/c%2F1/documents/agreement');
    expect(documentHref('c1', 'case-file', 'docx')).toBe('/api/v1/cases/c1/documents/case-file?format=docx');
  });
});
