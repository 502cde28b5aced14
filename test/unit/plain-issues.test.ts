/** Validation problems read as plain words (issue 13: no raw zod wording reaches a caller). */
import { z } from 'zod';
import { AppError } from '../../api/errors';
import { parse } from '../../api/validate';

function problem(schema: z.ZodType, value: unknown, where = 'request body'): { detail: string; errors: unknown } {
  try {
    parse(schema, value, where);
  } catch (err) {
    if (err instanceof AppError) return { detail: err.message, errors: err.errors };
    throw err;
  }
  throw new Error('parsed');
}

const body = z.strictObject({
  name: z.string().min(1).max(5),
  count: z.number().int().min(1),
  kind: z.enum(['a', 'b']),
  tags: z.array(z.string()).max(1).optional(),
});

test('when a field is missing, of the wrong type, out of range or unknown, then each error says so plainly', () => {
  const { errors } = problem(body, { count: 'x', kind: 'c', tags: ['1', '2'], extra: 1 });
  expect(errors).toEqual(
    expect.arrayContaining([
      { path: 'name', message: 'required' },
      { path: 'count', message: 'must be a number' },
      { path: 'kind', message: 'must be one of "a", "b"' },
      { path: 'tags', message: 'must have at most 1 items' },
      { path: 'request body', message: 'not a known field: extra' },
    ]),
  );
  expect(JSON.stringify(errors)).not.toMatch(/Invalid input|expected .*received/);
});

test('when a text is too long, then the limit is in characters', () => {
  expect(problem(body, { name: '123456', count: 1, kind: 'a' }).errors).toEqual([
    { path: 'name', message: 'must be at most 5 characters long' },
  ]);
});

test('when a query is invalid, then the detail names the place and the field', () => {
  const { detail } = problem(z.strictObject({ limit: z.coerce.number().int().min(1) }), { limit: '0' }, 'query');
  expect(detail).toBe('the query is invalid at limit: must be at least 1');
});

test('when a schema has its own message, then that message is kept', () => {
  const own = z.strictObject({ code: z.string().regex(/^\d+$/, 'must be digits') });
  expect(problem(own, { code: 'x' }).errors).toEqual([{ path: 'code', message: 'must be digits' }]);
});
