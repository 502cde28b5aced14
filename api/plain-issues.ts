/**
 * zod's issues in plain words, for a problem's `errors[].message` ("required", "must be a whole number
 * from 1 to 100") instead of zod's own ("Invalid input: expected string, received undefined"). A message a
 * schema sets itself wins over these (zod applies the parse-level map last).
 */
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

function sized(issue: Issue & { origin?: string }, bound: 'at least' | 'at most', value: unknown): string {
  switch (issue.origin) {
    case 'string':
      return `must be ${bound} ${String(value)} characters long`;
    case 'array':
    case 'set':
      return `must have ${bound} ${String(value)} items`;
    default:
      return `must be ${bound} ${String(value)}`;
  }
}

export function plainIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return sized(issue, 'at least', issue.minimum);
    case 'too_big':
      return sized(issue, 'at most', issue.maximum);
    case 'unrecognized_keys':
      return `not a known field: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'is not in the expected form' : `must be a valid ${issue.format}`;
    case 'invalid_union':
      return 'matches none of the accepted forms';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}
