import type { z } from 'zod';
import { AppError } from './errors';
import { fieldErrors } from './schemas';

/** Parses with a zod schema or throws a 400 listing every failing field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('validation_failed', `the ${where} is invalid`, fieldErrors(r.error));
  return r.data;
}
