/**
 * Custom search attributes of case workflows (typed keys), registered on the dev server at start
 * (`--search-attribute`) and in production with `temporal operator search-attribute create`.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CASE_STAGE = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CASE_TRACK = defineSearchAttributeKey('CaseTrack', SearchAttributeType.KEYWORD);
export const CASE_OWNER = defineSearchAttributeKey('CaseOwner', SearchAttributeType.KEYWORD);
export const CASE_NEXT_DUE = defineSearchAttributeKey('CaseNextDue', SearchAttributeType.DATETIME);

/** Name → type for the dev server's `--search-attribute name=Type` flags. */
export const SEARCH_ATTRIBUTES = {
  CaseStage: 'Keyword',
  CaseTrack: 'Keyword',
  CaseOwner: 'Keyword',
  CaseNextDue: 'Datetime',
} as const;
