/** API validation paths (problem+json `errors[].path`, api.md "Errors") to the form field they name, and what is left to say. */
import { describe, expect, it } from 'vitest';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/http';
import { fieldPathOf, fieldsNamed, showFieldErrors } from './field-errors';

describe('fieldPathOf', () => {
  it('when a path names a party’s field, then list indexes are numbers, as antd names a Form.List field', () => {
    expect(fieldPathOf('parties.0.idNumber')).toEqual(['parties', 0, 'idNumber']);
    expect(fieldPathOf('occurredOn')).toEqual(['occurredOn']);
  });

  it('when the error is about a minor’s missing guardian, then it lands on the guardian’s name field', () => {
    expect(fieldPathOf('parties.1.guardian')).toEqual(['parties', 1, 'guardian', 'name']);
  });

  it('when the error is about the whole body, then there is no field', () => {
    expect(fieldPathOf('')).toEqual([]);
  });
});

describe('showFieldErrors', () => {
  const formWith = () => {
    const set: unknown[] = [];
    return { form: { setFields: (f: unknown[]) => set.push(...f) } as unknown as FormInstance, set };
  };

  it('when the API names a field the form shows, then the error is set there and nothing is left to say', () => {
    const { form, set } = formWith();
    const err = new ApiError(400, { detail: 'invalid', errors: [{ path: 'password', message: 'too short' }] }, null);
    expect(showFieldErrors(form, err, fieldsNamed(['password']))).toEqual([]);
    expect(set).toEqual([{ name: ['password'], errors: ['too short'] }]);
  });

  it('when an error names a field the form does not show, then it is left to say, with its path', () => {
    const { form } = formWith();
    const err = new ApiError(400, { errors: [{ path: 'org', message: 'unknown unit' }] }, null);
    expect(showFieldErrors(form, err, fieldsNamed(['password']))).toEqual(['org: unknown unit']);
  });

  it('when a refusal names no field (a rule of the decider, a conflict), then its own text is left to say', () => {
    const { form, set } = formWith();
    const err = new ApiError(400, { detail: 'mediation extensions are counted in months' }, null);
    expect(showFieldErrors(form, err, () => true)).toEqual(['mediation extensions are counted in months']);
    expect(set).toEqual([]);
  });
});
