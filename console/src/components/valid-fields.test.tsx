// @vitest-environment jsdom
/**
 * A dialog's 确定 is never lost: a validation overtaken by a newer one is validated again, while a field
 * in error still refuses (console.md: a clear error for bad input, nothing lost).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { Form, Input, type FormInstance } from 'antd';
import { hasFieldErrors, validFields } from './valid-fields';

// antd's Form.Item lays out on a grid that asks the window for its breakpoints; jsdom has no matchMedia.
beforeAll(() => {
  const noop = () => undefined;
  const matchMedia = (media: string) => ({ matches: false, media, addEventListener: noop, removeEventListener: noop });
  Object.assign(window, { matchMedia });
});
afterEach(cleanup);

type Values = { reason?: string };

function formWith(reason: string | undefined): FormInstance<Values> {
  let instance: FormInstance<Values> | undefined;
  function Dialog() {
    const [form] = Form.useForm<Values>();
    instance = form;
    return (
      <Form form={form} initialValues={{ reason }}>
        <Form.Item name="reason" rules={[{ required: true, message: '必填' }]}>
          <Input />
        </Form.Item>
      </Form>
    );
  }
  render(<Dialog />);
  return instance!;
}

describe('validFields', () => {
  it('when a newer validation starts before the first ends, then antd alone drops the first with no field in error', async () => {
    const form = formWith('当事人同意');
    let first: unknown;
    await act(async () => {
      const clicked = form.validateFields().catch((e: unknown) => (first = e));
      void form.validateFields(['reason']);
      await clicked;
    });
    // The race this module exists for: no field in error, and nothing for the dialog to show.
    expect(first).toMatchObject({ outOfDate: true, errorFields: [] });
  });

  it('when overtaken the same way, then validFields still gives the values', async () => {
    const form = formWith('当事人同意');
    let values: Values | undefined;
    await act(async () => {
      const clicked = validFields(form);
      void form.validateFields(['reason']).catch(() => undefined);
      values = await clicked;
    });
    expect(values).toEqual({ reason: '当事人同意' });
  });

  it('when a field is in error, then it refuses with that field', async () => {
    const form = formWith(undefined);
    let refused: unknown;
    await act(async () => {
      await validFields(form).catch((e: unknown) => (refused = e));
    });
    expect(hasFieldErrors(refused)).toBe(true);
    expect(refused).toMatchObject({ errorFields: [{ name: ['reason'], errors: ['必填'] }] });
  });
});
