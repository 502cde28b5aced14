/**
 * `GET /api/v1/events` (api.md "Notifications and live events"): server-sent events for one caller —
 * `notification.created` (their own), `case.changed` `{ id, version }` for cases they may see, and
 * `counts.changed` (a hint to refetch the queue counts) after such a change; a heartbeat comment every
 * 15 s. `Last-Event-ID` resumes from the feed (api/live-feed.ts) without losing an event; from further
 * back than the feed holds, a `resync` event says to reload. The stream ends when the session does.
 */
import { Router, type Request, type Response } from 'express';
import type { AccountStore } from '../../db/accounts';
import type { LiveEventDoc } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import type { CaseView } from '../../domain/case-view';
import { sessionExpiry } from '../account-policy';
import { requireCaller, type Caller } from '../auth';
import { canSeeCase } from '../case-access';
import type { LiveFeed } from '../live-feed';
import { presentNotification } from './notifications';

export const HEARTBEAT_MS = 15_000;

export function liveEventRoutes(deps: {
  feed: LiveFeed;
  orgTree: () => OrgTree;
  accounts: AccountStore;
  heartbeatMs?: number;
}): Router {
  const router = Router();

  router.get('/events', async (req, res) => {
    const caller = requireCaller(req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // HEAD asks for the headers only: a stream that never ends would never send them.
    if (req.method === 'HEAD') return void res.end();
    res.write('retry: 3000\n\n');
    const stream = new CallerStream(res, caller, deps.orgTree);
    const buffered: LiveEventDoc[] = [];
    let replaying = true;
    const unsubscribe = deps.feed.subscribe((doc) => (replaying ? buffered.push(doc) : stream.send(doc)));
    const heartbeat = setInterval(() => void keepAlive(), deps.heartbeatMs ?? HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      if (!res.writableEnded) res.end();
    };
    // The response's close, not the request's: a request whose body was read has already closed.
    res.on('close', end);

    // Ends the stream when the caller's session has ended (logout, disabled, idle) or the token expired.
    async function keepAlive(): Promise<void> {
      if (!(await stillSignedIn(req, deps.accounts))) return end();
      // The feed's position: whatever this stream was not shown up to it, it need not be shown on resuming,
      // so a quiet stream's Last-Event-ID stays within the feed's memory (no needless resync).
      const position = replaying ? null : deps.feed.position;
      res.write(position ? `id: ${position}\n: heartbeat\n\n` : ': heartbeat\n\n');
    }

    const lastId = req.header('Last-Event-ID');
    if (lastId) {
      const missed = await deps.feed.since(lastId).catch(() => 'gone' as const);
      if (missed === 'gone') res.write('event: resync\ndata: {}\n\n');
      else for (const doc of missed) stream.send(doc);
    }
    replaying = false;
    for (const doc of buffered.splice(0)) stream.send(doc);
  });

  return router;
}

/** One open stream: what this caller may see of the feed, each entry once. */
class CallerStream {
  private readonly sent = new Set<string>();
  private countsPending = false;

  constructor(
    private readonly res: Response,
    private readonly caller: Caller,
    private readonly orgTree: () => OrgTree,
  ) {}

  send(doc: LiveEventDoc): void {
    if (this.sent.has(doc._id) || this.res.writableEnded) return;
    const data = this.visible(doc);
    if (!data) return;
    this.sent.add(doc._id);
    if (this.sent.size > 5000) this.sent.delete(this.sent.values().next().value!);
    this.res.write(`id: ${doc._id}\nevent: ${doc.type}\ndata: ${JSON.stringify(data)}\n\n`);
    if (doc.type === 'case.changed') this.countsChanged();
  }

  /** One hint per burst of changes: the client refetches its tab counts. */
  private countsChanged(): void {
    if (this.countsPending) return;
    this.countsPending = true;
    setImmediate(() => {
      this.countsPending = false;
      if (!this.res.writableEnded) this.res.write('event: counts.changed\ndata: {}\n\n');
    });
  }

  private visible(doc: LiveEventDoc): unknown {
    if (doc.type === 'notification.created')
      return doc.userId === this.caller.sub && doc.item ? presentNotification(doc.item) : null;
    if (!doc.scope) return null;
    const tree = this.orgTree();
    const view = {
      ownerOrgUnitId: doc.scope.ownerOrgUnitId,
      originOrgUnitId: doc.scope.originOrgUnitId,
      transfer: doc.scope.transferTo ? { toOrgUnitId: doc.scope.transferTo } : null,
      courtsInvolved: doc.scope.courtsInvolved,
    } as CaseView;
    if (canSeeCase(this.caller, view, tree)) return { id: doc.caseId, version: doc.version };
    // A case that has just left the caller's units: not theirs to be told of, but their counts changed.
    const sawItBefore = (doc.scope.left ?? []).some((unitId) =>
      canSeeCase(this.caller, { ...view, ownerOrgUnitId: unitId, originOrgUnitId: '', transfer: null }, tree),
    );
    if (sawItBefore) this.countsChanged();
    return null;
  }
}

async function stillSignedIn(req: Request, accounts: AccountStore): Promise<boolean> {
  const now = Date.now();
  if (req.authSession) {
    const session = await accounts.sessionById(req.authSession._id).catch(() => req.authSession!);
    return !!session && sessionExpiry(session).getTime() > now;
  }
  return !req.authExpiresAt || Date.parse(req.authExpiresAt) > now;
}
