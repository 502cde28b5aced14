/**
 * API validation errors (`errors[].path`, e.g. `parties.0.idNumber`) placed at the form field of the same
 * path: the console's forms name their fields as the API's bodies do.
 */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/http';

export type FieldPath = Array<string | number>;

export function fieldPathOf(path: string): FieldPath {
  const name: FieldPath = path
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  // "a minor needs a guardian" is said of the guardian object; its field on screen is the name.
  if (name[name.length - 1] === 'guardian') name.push('name');
  return name;
}

/**
 * Sets each error on its field when the form has that field; returns what is left to say: the messages
 * that fit no field (a rule over several fields, or a field this form does not show), or the problem's
 * own text when it named no field at all. Empty when everything found its field.
 */
export function showFieldErrors(form: FormInstance, err: unknown, known: (path: FieldPath) => boolean): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const placed = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const e of err.problem?.errors ?? []) {
    const name = fieldPathOf(e.path);
    if (name.length > 0 && known(name)) {
      const key = name.join('.');
      const entry = placed.get(key) ?? { name, errors: [] };
      entry.errors.push(e.message);
      placed.set(key, entry);
    } else rest.push(e.path ? `${e.path}: ${e.message}` : e.message);
  }
  form.setFields([...placed.values()]);
  // A refusal with no field errors (a 409, or a 400 from the rules such as "extensions are counted in
  // months") still has something to say.
  return placed.size === 0 && rest.length === 0 ? [err.message] : rest;
}

/** `showFieldErrors` for a flat form whose fields are `fields`. */
export function fieldsNamed(fields: readonly string[]): (path: FieldPath) => boolean {
  return (path) => fields.includes(String(path[0]));
}

/** An antd rule from a check that names the problem (or null): the message is the check's, in one place. */
export function checkRule<T>(problem: (value: T) => string | null) {
  return {
    validator: (_: unknown, value: T) => {
      const p = problem(value);
      return p === null ? Promise.resolve() : Promise.reject(new Error(p));
    },
  };
}
