/** API validation paths (problem+json `errors[].path`, api.md "Errors") to the form field they name. */
import { describe, expect, it } from 'vitest';
import { fieldPathOf } from './field-errors';

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
