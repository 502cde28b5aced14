/**
 * Errors of versioned rule data (deadline policies, calendars). They carry stable string codes: an
 * `instanceof` check does not survive a process boundary (a workflow, a CLI), a code does.
 */
export type VersionErrorCode =
  /** A policy version this code does not know (not bundled, not passed in). */
  | 'unknown_policy_version'
  /** A calendar version, or the bundled snapshot it builds on, that this code does not know. */
  | 'unknown_calendar_version'
  /** A date in a year that neither the official data nor the provisional table of the calendar covers. */
  | 'calendar_out_of_range';

export class VersionError extends Error {
  constructor(
    readonly code: VersionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VersionError';
  }
}

/** Whether an error is a VersionError, by name and code (works across bundles, unlike `instanceof` alone). */
export function isVersionError(err: unknown): err is VersionError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && err.name === 'VersionError';
}
