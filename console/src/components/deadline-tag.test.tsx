// @vitest-environment jsdom
/**
 * The tag a person reads: colour and icon and text, the last day (`dueDate`) rather than `dueAt`
 * (00:00 of the next day), the breach's effect beside 已超期 (console.md "Showing a deadline").
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { initI18n } from '../i18n/i18n';
import { DeadlineTag } from './deadline-tag';
import type { DeadlineLike } from './deadline-display';

beforeAll(() => {
  localStorage.clear();
  initI18n();
});
afterEach(cleanup);

const due: DeadlineLike = {
  kind: 'mediation',
  status: 'running',
  unit: 'months',
  dueDate: '2026-12-24',
  dueAt: '2026-12-24T16:00:00.000Z',
  warnAt: '2026-12-17T10:00:00.000Z',
};

describe('DeadlineTag', () => {
  it('when running, then green with the time left and the last day 12月24日, not 12月25日', () => {
    const { getByTestId } = render(
      <DeadlineTag deadline={due} now={Date.parse('2026-12-10T00:00:00+08:00')} pausedSince={null} showKind />,
    );
    const tag = getByTestId('deadline-tag');
    expect(tag.dataset.tone).toBe('green');
    // The year is written only when it is not the current one.
    expect(tag.textContent).toMatch(/^调解期限 · 剩 15 天 · 至 (2026年)?12月24日$/);
    expect(tag.querySelector('[aria-label="clock-circle"]')).not.toBeNull();
  });

  it('when breached, then red ⚠ 已超期 with the effect of the breach', () => {
    const { getByTestId } = render(
      <DeadlineTag
        deadline={{ ...due, status: 'breached' }}
        now={Date.parse('2026-12-27T00:00:00+08:00')}
        pausedSince={null}
        showKind
      />,
    );
    const tag = getByTestId('deadline-tag');
    expect(tag.dataset.tone).toBe('red');
    expect(tag.textContent).toMatch(/^调解期限 · 已超期 2 天 · 至 (2026年)?12月24日 · 已自动升级至上级$/);
    expect(tag.querySelector('[aria-label="warning"]')).not.toBeNull();
  });

  it('when cancelled, then struck through without a due date', () => {
    const { getByTestId } = render(
      <DeadlineTag deadline={{ ...due, status: 'cancelled' }} now={0} pausedSince={null} />,
    );
    const tag = getByTestId('deadline-tag');
    expect(tag.style.textDecoration).toBe('line-through');
    expect(tag.textContent).toBe('已取消');
  });
});
