/**
 * Custom search attributes of case workflows, registered on the dev server at start
 * (`--search-attribute`) and in production by `temporal operator search-attribute create`.
 * Plain data so that the workflow code, the worker and the service scripts share one list.
 */
export const SEARCH_ATTRIBUTES = {
  CaseStage: 'Keyword',
  CaseTrack: 'Keyword',
  CaseOwner: 'Keyword',
  CaseNextDue: 'Datetime',
} as const;
