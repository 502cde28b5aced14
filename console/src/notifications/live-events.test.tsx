// @vitest-environment jsdom
/**
 * What each live event does to the cached queries (api.md "Notifications and live events"), repeats
 * dropped, and the hook's one stream: everything refetched after the stream comes back from an error.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { LiveEventHandler, useLiveEvents } from './live-events';
import type { Notification } from './notifications-api';

const note = (id: string, kind: Notification['kind'] = 'risk.reported'): Notification => ({
  id,
  caseId: 'case-1',
  caseNo: '（2026）宁蕉调字第 1 号',
  kind,
  title: '报告高风险',
  detail: '风险等级由低风险升为高风险，须在 24 小时内处置',
  at: '2026-11-27T04:00:00.000Z',
  readAt: null,
});

/** A query client holding the console's keys, each with data, so invalidation is visible as `isInvalidated`. */
function seeded(): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const keys: unknown[][] = [
    ['me'],
    ['cases', 'one', 'case-1'],
    ['cases', 'one', 'case-2'],
    ['cases', 'allowed', 'case-1', 3, 'zh'],
    ['cases', 'allowed', 'case-2', 1, 'zh'],
    ['cases', 'queue', 'mine', ''],
    ['cases', 'court', 'review', 'ND-JC-COURT'],
    ['cases', 'counts'],
    ['cases', 'unit-counts', 'ND-JC'],
    ['notifications', 'unread'],
    ['notifications', 'list'],
    ['users', 'ND'],
  ];
  for (const key of keys) qc.setQueryData(key, key[1] === 'one' ? { id: key[2], version: 3 } : { any: 1 });
  return qc;
}

function stale(qc: QueryClient): string[] {
  return qc
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => q.queryKey.join('/'))
    .sort();
}

describe('LiveEventHandler', () => {
  it('when a case changes to a newer version, then that case, its actions and the lists are stale, nothing else', () => {
    const qc = seeded();
    new LiveEventHandler(qc).receive('case.changed', 'e1', JSON.stringify({ id: 'case-1', version: 4 }));
    expect(stale(qc)).toEqual([
      'cases/allowed/case-1/3/zh',
      'cases/court/review/ND-JC-COURT',
      'cases/one/case-1',
      'cases/queue/mine/',
    ]);
  });

  it('when the cache already holds that version (the page made the change), then only the lists are stale', () => {
    const qc = seeded();
    new LiveEventHandler(qc).receive('case.changed', 'e1', JSON.stringify({ id: 'case-1', version: 3 }));
    expect(stale(qc)).toEqual(['cases/court/review/ND-JC-COURT', 'cases/queue/mine/']);
  });

  it('when counts change, then the queue counts and the org counts are stale', () => {
    const qc = seeded();
    new LiveEventHandler(qc).receive('counts.changed', '', '{}');
    expect(stale(qc)).toEqual(['cases/counts', 'cases/unit-counts/ND-JC']);
  });

  it('when a notification arrives, then the bell and the drawer are stale and the caller hears of it once', () => {
    const qc = seeded();
    const heard = vi.fn();
    const handler = new LiveEventHandler(qc, heard);
    handler.receive('notification.created', 'n-ev-1', JSON.stringify(note('n1')));
    expect(stale(qc)).toEqual(['notifications/list', 'notifications/unread']);
    expect(heard).toHaveBeenCalledTimes(1);
    expect(heard.mock.calls[0]![0]).toMatchObject({ id: 'n1', kind: 'risk.reported' });
  });

  it('when an event comes twice (by its id, or the same notification under another id), then the repeat is dropped', () => {
    const qc = seeded();
    const heard = vi.fn();
    const handler = new LiveEventHandler(qc, heard);
    handler.receive('notification.created', 'n-ev-1', JSON.stringify(note('n1')));
    handler.receive('notification.created', 'n-ev-1', JSON.stringify(note('n1')));
    handler.receive('notification.created', 'n-ev-1-again', JSON.stringify(note('n1')));
    expect(heard).toHaveBeenCalledTimes(1);

    handler.receive('case.changed', 'c-ev-1', JSON.stringify({ id: 'case-2', version: 5 }));
    const spy = vi.spyOn(qc, 'invalidateQueries');
    handler.receive('case.changed', 'c-ev-1', JSON.stringify({ id: 'case-2', version: 5 }));
    expect(spy).not.toHaveBeenCalled();
    // A later version of the same case is news.
    handler.receive('case.changed', 'c-ev-2', JSON.stringify({ id: 'case-2', version: 6 }));
    expect(spy).toHaveBeenCalled();
  });

  it('when counts change twice, then both count (they carry no id and invalidating twice is harmless)', () => {
    const qc = seeded();
    const spy = vi.spyOn(qc, 'invalidateQueries');
    const handler = new LiveEventHandler(qc);
    handler.receive('counts.changed', 'x', '{}');
    handler.receive('counts.changed', 'x', '{}');
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('when told to resync, then every query is stale', () => {
    const qc = seeded();
    new LiveEventHandler(qc).receive('resync', '', '{}');
    expect(stale(qc)).toHaveLength(qc.getQueryCache().getAll().length);
  });

  it('when the stream comes back after an error, then every query is stale; the first open changes nothing', () => {
    const qc = seeded();
    const handler = new LiveEventHandler(qc);
    handler.opened();
    expect(stale(qc)).toEqual([]);
    handler.failed();
    handler.opened();
    expect(stale(qc)).toHaveLength(qc.getQueryCache().getAll().length);
  });

  it('when an event is malformed or unknown, then nothing happens', () => {
    const qc = seeded();
    const heard = vi.fn();
    const handler = new LiveEventHandler(qc, heard);
    handler.receive('case.changed', 'e', 'not json');
    handler.receive('notification.created', 'e2', '{}');
    handler.receive('something.else', 'e3', '{}');
    expect(stale(qc)).toEqual([]);
    expect(heard).not.toHaveBeenCalled();
  });
});

/** Just enough of EventSource to drive the hook. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  error(closed = false) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
  emit(type: string, data: unknown, id = '') {
    const e = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id });
    for (const fn of this.listeners.get(type) ?? []) fn(e);
  }
}

describe('useLiveEvents', () => {
  beforeEach(() => {
    FakeEventSource.all = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function mount(qc: QueryClient, onNotification?: (n: Notification) => void) {
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(QueryClientProvider, { client: qc }, children);
    return renderHook(() => useLiveEvents(onNotification), { wrapper });
  }

  it('when mounted, then one stream to /api/v1/events; its events reach the queries; unmounting closes it', () => {
    const qc = seeded();
    const heard = vi.fn();
    const { result, unmount } = mount(qc, heard);
    expect(FakeEventSource.all).toHaveLength(1);
    const source = FakeEventSource.all[0]!;
    expect(source.url).toBe('/api/v1/events');
    expect(result.current).toBe('connecting');
    act(() => source.open());
    expect(result.current).toBe('live');

    act(() => source.emit('notification.created', note('n9', 'deadline.breached'), 'ev-9'));
    act(() => source.emit('notification.created', note('n9', 'deadline.breached'), 'ev-9'));
    expect(heard).toHaveBeenCalledTimes(1);
    act(() => source.emit('case.changed', { id: 'case-2', version: 4 }, 'ev-10'));
    expect(stale(qc)).toContain('cases/one/case-2');

    unmount();
    expect(source.closed).toBe(true);
  });

  it('when the browser reconnects after an error, then all is refetched once it is open again', () => {
    const qc = seeded();
    const { result } = mount(qc);
    const source = FakeEventSource.all[0]!;
    act(() => source.open());
    act(() => source.error());
    expect(result.current).toBe('reconnecting');
    expect(stale(qc)).toEqual([]);
    act(() => source.open());
    expect(result.current).toBe('live');
    expect(stale(qc)).toHaveLength(qc.getQueryCache().getAll().length);
    expect(FakeEventSource.all).toHaveLength(1);
  });

  it('when the browser gives up on the stream, then the session is checked and a new stream opens after a pause', () => {
    const qc = seeded();
    mount(qc);
    const first = FakeEventSource.all[0]!;
    act(() => first.error(true));
    expect(stale(qc)).toEqual(['me']);
    expect(FakeEventSource.all).toHaveLength(1);
    act(() => void vi.advanceTimersByTime(3_000));
    expect(FakeEventSource.all).toHaveLength(2);
    act(() => FakeEventSource.all[1]!.open());
    expect(stale(qc)).toHaveLength(qc.getQueryCache().getAll().length);
  });

  it('when the user signs in again while the stream waits to reopen, then it opens at once', () => {
    const qc = seeded();
    mount(qc);
    act(() => FakeEventSource.all[0]!.error(true));
    act(() => void qc.setQueryData(['me'], null));
    expect(FakeEventSource.all).toHaveLength(1);
    act(() => void qc.setQueryData(['me'], { sub: 'u-1' }));
    expect(FakeEventSource.all).toHaveLength(2);
    // Signed in with the stream open: nothing more is opened.
    act(() => FakeEventSource.all[1]!.open());
    act(() => void qc.setQueryData(['me'], { sub: 'u-1', again: true }));
    expect(FakeEventSource.all).toHaveLength(2);
  });
});
