// @vitest-environment jsdom
/**
 * The bell and its drawer against a stubbed API (console.md S9): the count in the accessible label, the
 * list newest first tagged by kind, load more by cursor, 全部已读, an item opening its case.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { initI18n } from '../i18n/i18n';
import { NotificationBell } from './notification-bell';
import type { Notification } from './notifications-api';

const item = (i: number, over: Partial<Notification> = {}): Notification => ({
  id: `n${i}`,
  caseId: `case-${i}`,
  caseNo: `ND-2026-00000${i}`,
  kind: 'deadline.breached',
  title: `ND-2026-00000${i} 调解期限已超期`,
  detail: '期限至 2026-11-20；已自动升级至蕉城区矛调中心',
  at: new Date(Date.now() - i * 60_000).toISOString(),
  readAt: null,
  ...over,
});

let calls: string[] = [];
let unread = 2;

function answer(method: string, url: URL): unknown {
  if (url.pathname === '/api/v1/notifications' && url.searchParams.get('unread') === 'true')
    return { items: [], nextCursor: null, unreadCount: unread };
  if (url.pathname === '/api/v1/notifications' && url.searchParams.get('cursor') === 'page2')
    return {
      items: [item(3, { kind: 'case.transferred', readAt: '2026-11-01T00:00:00Z' })],
      nextCursor: null,
      unreadCount: unread,
    };
  if (url.pathname === '/api/v1/notifications')
    return {
      items: [item(1, { kind: 'risk.reported', title: 'ND-2026-000001 报告高风险' }), item(2)],
      nextCursor: 'page2',
      unreadCount: unread,
    };
  if (method === 'POST' && url.pathname === '/api/v1/notifications/read-all') {
    unread = 0;
    return { marked: 2, unreadCount: 0 };
  }
  if (method === 'POST' && url.pathname.endsWith('/read')) {
    unread -= 1;
    return item(1, { readAt: new Date().toISOString() });
  }
  return null;
}

class SilentEventSource {
  static readonly CLOSED = 2;
  readyState = 0;
  onopen = null;
  onerror = null;
  addEventListener() {}
  close() {}
}

beforeAll(() => {
  localStorage.clear();
  initI18n();
});

beforeEach(() => {
  calls = [];
  unread = 2;
  vi.stubGlobal('EventSource', SilentEventSource);
  vi.stubGlobal(
    'fetch',
    vi.fn((request: Request) => {
      const url = new URL(request.url);
      calls.push(`${request.method} ${url.pathname}${url.search}`);
      const body = answer(request.method, url);
      return Promise.resolve(
        new Response(JSON.stringify(body ?? { title: 'not found' }), {
          status: body ? 200 : 404,
          headers: { 'Content-Type': 'application/json' },
        }),
      );
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function CaseStub() {
  return <div data-testid="case-page">{useParams().id}</div>;
}

function mount() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <AntApp>
        <MemoryRouter initialEntries={['/']}>
          <Routes>
            <Route path="/" element={<NotificationBell />} />
            <Route
              path="/cases/:id"
              element={
                <>
                  <NotificationBell />
                  <CaseStub />
                </>
              }
            />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </QueryClientProvider>,
  );
}

describe('NotificationBell', () => {
  it('when there are unread notifications, then the bell says how many in words', async () => {
    mount();
    await waitFor(() => expect(screen.getByTestId('bell').getAttribute('aria-label')).toBe('消息，2 条未读'));
  });

  it('when opened, then the drawer lists them newest first with kind, number and effect; more by cursor', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('bell'));
    await waitFor(() => expect(screen.getAllByTestId('notification-item')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('notification-item');
    expect(first!.textContent).toContain('风险');
    expect(first!.textContent).toContain('ND-2026-000001');
    expect(first!.textContent).toContain('报告高风险');
    expect(first!.getAttribute('data-unread')).toBe('true');
    expect(second!.textContent).toContain('超期');
    expect(second!.textContent).toContain('已自动升级至蕉城区矛调中心');

    fireEvent.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(screen.getAllByTestId('notification-item')).toHaveLength(3));
    const third = screen.getAllByTestId('notification-item')[2]!;
    expect(third.textContent).toContain('待接收');
    expect(third.getAttribute('data-unread')).toBe('false');
    expect(calls).toContain('GET /api/v1/notifications?limit=20&cursor=page2');
    expect(screen.queryByTestId('load-more')).toBeNull();
  });

  it('when 全部已读 is pressed, then all are marked read and the bell says none unread', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('bell'));
    await waitFor(() => expect(screen.getAllByTestId('notification-item')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('read-all'));
    await waitFor(() => expect(screen.getByTestId('bell').getAttribute('aria-label')).toBe('消息，没有未读'));
    expect(calls).toContain('POST /api/v1/notifications/read-all');
  });

  it('when an item is clicked, then it is marked read and its case opens', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('bell'));
    await waitFor(() => expect(screen.getAllByTestId('notification-item')).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId('notification-item')[0]!);
    await waitFor(() => expect(screen.getByTestId('case-page').textContent).toBe('case-1'));
    await waitFor(() => expect(calls).toContain('POST /api/v1/notifications/n1/read'));
  });
});
