import type { z } from 'zod';
import { AppError } from './errors';
import { plainIssue } from './plain-issues';
import { fieldErrors } from './schemas';

/**
 * Parses with a zod schema or throws a 400 listing every failing field. A failure of the value as a
 * whole (a header, a body that is not an object) is named by `where` instead of an empty path.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value, { error: (issue) => plainIssue(issue) });
  if (!r.success) {
    const errors = fieldErrors(r.error).map((e) => (e.path === '' ? { ...e, path: where } : e));
    // The detail names the place (query, body, header) and the first field, as a person would read it.
    const first = errors[0];
    const at = first && first.path !== where ? ` at ${first.path}` : '';
    throw new AppError('validation_failed', `the ${where} is invalid${at}: ${first?.message ?? 'invalid'}`, errors);
  }
  return r.data;
}
