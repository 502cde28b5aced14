/** An API problem's `errors` (problem+json) placed at the form's fields; the rest as one message. */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/http';

interface FieldProblem {
  path: string;
  message: string;
}

/** Puts each field error the API named at its field; returns the text to show for what is left. */
export function showProblem(form: FormInstance, err: unknown, fields: readonly string[]): string | null {
  if (!(err instanceof ApiError)) return String(err);
  // Read as unknown: the typed `errors` of ApiError.problem is newer than some builds of http.ts.
  const problem: unknown = err.problem;
  const errors = ((problem as { errors?: FieldProblem[] } | null)?.errors ?? []).filter((e) =>
    fields.includes(e.path.split('.')[0] ?? ''),
  );
  if (errors.length > 0) {
    form.setFields(errors.map((e) => ({ name: e.path.split('.')[0]!, errors: [e.message] })));
    return null;
  }
  return err.message;
}
