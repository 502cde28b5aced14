/**
 * The live stream (api.md "Notifications and live events"): one EventSource to `/api/v1/events` per
 * signed-in tab, authenticated by the session cookie. What each event means for the cached queries:
 *
 * - `case.changed` `{ id, version }`: that case (unless the cache already holds that version) and the
 *   lists it may appear in are stale;
 * - `counts.changed`: the queue tabs' counts and the org tree's counts are stale;
 * - `notification.created`: the bell and the drawer are stale, and the caller may want to say so;
 * - `resync`, or the stream coming back after an error: anything may have been missed, all is stale.
 *
 * An event may arrive twice (a resume replays from `Last-Event-ID`): ids already seen are dropped.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ME_KEY } from '../auth/session';
import { NOTIFICATIONS_KEY, type Notification, type NotificationKind } from './notifications-api';

export const EVENTS_PATH = '/api/v1/events';
export const LIVE_EVENT_TYPES = ['notification.created', 'case.changed', 'counts.changed', 'resync'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** The kinds worth interrupting someone for (domain/notifications.ts `isUrgent`): they get a toast. */
export function isUrgentKind(kind: NotificationKind): boolean {
  return kind === 'deadline.breached' || kind === 'risk.reported';
}

/** How many event keys to remember for dropping repeats: far more than one resume replays. */
const SEEN_LIMIT = 2000;

/** Turns each event of the stream into query invalidations, once per event. */
export class LiveEventHandler {
  private readonly seen = new Set<string>();
  private failedSinceOpen = false;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly onNotification: (n: Notification) => void = () => undefined,
  ) {}

  /** The stream is open. After an error, events may have been missed: everything is refetched. */
  opened(): void {
    if (this.failedSinceOpen) void this.queryClient.invalidateQueries();
    this.failedSinceOpen = false;
  }

  /** The stream broke (the browser reconnects by itself while it can). */
  failed(): void {
    this.failedSinceOpen = true;
  }

  /** One event: its type, the `id:` line's value (`lastEventId`, '' when none) and its `data`. */
  receive(type: string, eventId: string, rawData: string): void {
    const data = parse(rawData);
    switch (type) {
      case 'case.changed': {
        const change = data as { id?: unknown; version?: unknown } | null;
        if (!change || typeof change.id !== 'string') return;
        const version = typeof change.version === 'number' ? change.version : undefined;
        if (this.repeated(eventId && `c|${eventId}`, version !== undefined && `c|${change.id}|${version}`)) return;
        this.caseChanged(change.id, version);
        return;
      }
      case 'counts.changed':
        void this.queryClient.invalidateQueries({ queryKey: ['cases', 'counts'] });
        void this.queryClient.invalidateQueries({ queryKey: ['cases', 'unit-counts'] });
        return;
      case 'notification.created': {
        const n = data as Notification | null;
        if (!n || typeof n.id !== 'string') return;
        if (this.repeated(eventId && `n|${eventId}`, `n|${n.id}`)) return;
        void this.queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
        this.onNotification(n);
        return;
      }
      case 'resync':
        void this.queryClient.invalidateQueries();
        return;
      default:
        return;
    }
  }

  private caseChanged(id: string, version: number | undefined): void {
    const cached = this.queryClient.getQueryData<{ version?: number }>(['cases', 'one', id]);
    // The page's own action already brought this version (or a later one): no second fetch.
    const current = cached?.version !== undefined && version !== undefined && cached.version >= version;
    if (!current) {
      void this.queryClient.invalidateQueries({ queryKey: ['cases', 'one', id] });
      void this.queryClient.invalidateQueries({ queryKey: ['cases', 'allowed', id] });
    }
    void this.queryClient.invalidateQueries({ queryKey: ['cases', 'queue'] });
    void this.queryClient.invalidateQueries({ queryKey: ['cases', 'court'] });
  }

  /** True when any of `keys` (the event's id, what it is about) was seen before; remembers them either way. */
  private repeated(...candidates: Array<string | false>): boolean {
    const keys = candidates.filter((k): k is string => !!k);
    const seen = keys.some((k) => this.seen.has(k));
    for (const k of keys) this.seen.add(k);
    while (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    return seen;
  }
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Waits before opening again a stream the browser gave up on (a refused or non-stream answer). */
const REOPEN_DELAYS_MS = [3_000, 10_000, 30_000, 60_000];

/**
 * Opens the tab's one stream while mounted (mount it once, in the signed-in layout) and keeps it open:
 * the browser reconnects after a dropped connection, sending `Last-Event-ID`; a stream it gave up on is
 * opened again after a pause, and the session is checked (a lost session sends the user to sign in).
 */
export function useLiveEvents(onNotification?: (n: Notification) => void): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const callback = useRef(onNotification);
  useEffect(() => {
    callback.current = onNotification;
  }, [onNotification]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const handler = new LiveEventHandler(queryClient, (n) => callback.current?.(n));
    let source: EventSource | null = null;
    let timer: number | undefined;
    let giveUps = 0;
    let stopped = false;

    const open = () => {
      source = new EventSource(EVENTS_PATH);
      source.onopen = () => {
        giveUps = 0;
        handler.opened();
        setStatus('live');
      };
      source.onerror = () => {
        handler.failed();
        setStatus('reconnecting');
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        // Refused (a 401 after the session ended, a 5xx): the browser will not retry by itself.
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
        const delay = REOPEN_DELAYS_MS[Math.min(giveUps++, REOPEN_DELAYS_MS.length - 1)];
        timer = window.setTimeout(open, delay);
      };
      for (const type of LIVE_EVENT_TYPES) {
        source.addEventListener(type, (e) => {
          const event = e as MessageEvent<string>;
          handler.receive(type, event.lastEventId, event.data);
        });
      }
    };
    open();
    // Signed in again after the session ran out: the stream opens now, not when its pause (up to a
    // minute) ends. Only on that change: a session that never went away keeps the pause.
    let sessionLost = false;
    const unsubscribe = queryClient.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated') return;
      const query = e.query as { queryKey: readonly unknown[]; state: { data: unknown } };
      if (query.queryKey[0] !== ME_KEY[0]) return;
      if (!query.state.data) sessionLost = true;
      else if (sessionLost) {
        sessionLost = false;
        if (stopped || source?.readyState !== EventSource.CLOSED) return;
        window.clearTimeout(timer);
        open();
      }
    });
    return () => {
      stopped = true;
      unsubscribe();
      window.clearTimeout(timer);
      source?.close();
    };
  }, [queryClient]);

  return status;
}
