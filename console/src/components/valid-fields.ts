/**
 * The form's values once its rules pass, for every dialog's 确定.
 *
 * antd's `validateFields` rejects with no field in error when a newer validation of the same form started
 * before it finished (`outOfDate`: a field's own validation on change, a second click). Taken as a refusal,
 * that made 确定 do nothing, with nothing shown. Such a rejection is validated again instead; a field in
 * error still rejects, and antd shows it under the field.
 */
import type { FormInstance } from 'antd';

/** How many overtaken validations in a row are validated again before giving up. */
const TRIES = 5;

export async function validFields<T>(form: FormInstance<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await form.validateFields();
    } catch (err) {
      if (!overtaken(err) || attempt >= TRIES) throw err;
    }
  }
}

/** A rejection that says nothing about the fields: a newer validation took over. */
function overtaken(err: unknown): boolean {
  const e = err as { outOfDate?: unknown; errorFields?: unknown[] } | null;
  return e?.outOfDate === true && (e.errorFields?.length ?? 0) === 0;
}

/** Whether a rejection of `validFields` put an error under a field (else the dialog must say something). */
export function hasFieldErrors(err: unknown): boolean {
  return ((err as { errorFields?: unknown[] } | null)?.errorFields?.length ?? 0) > 0;
}
