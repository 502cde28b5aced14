/**
 * The clean-up FerretDB's missing TTL indexes leave to us (issue 11, "Clean-up without TTL indexes"):
 * run by the Temporal Schedule `clean-up` (worker/clean-up-schedule.ts), so each run is visible in the
 * Temporal UI. Removes read notifications, dispatched outbox rows, sent deliveries and idempotency
 * records, and sessions that ended, older than the retention; the live feed past its hour, and login
 * failures past the lock-out.
 */
import type { Logger } from 'pino';
import { LOCK_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../api/account-policy';
import type { Models } from '../db/models';

export interface CleanUpInput {
  retentionDays: number;
}

export type CleanUpResult = Record<
  'readNotifications' | 'outbox' | 'deliveries' | 'idempotency' | 'sessions' | 'liveEvents' | 'loginFailures',
  number
>;

export function createCleanUpActivities(deps: { models: Models; log: Logger }) {
  const { models, log } = deps;

  async function cleanUpStores(input: CleanUpInput): Promise<CleanUpResult> {
    const now = Date.now();
    const cutoff = new Date(now - input.retentionDays * 86_400_000);
    const iso = cutoff.toISOString();
    const removed = async (p: Promise<{ deletedCount?: number }>) => (await p).deletedCount ?? 0;
    const result: CleanUpResult = {
      readNotifications: await removed(models.InboxItem.deleteMany({ readAt: { $ne: null, $lt: iso } }).exec()),
      outbox: await removed(models.Notification.deleteMany({ status: 'sent', at: { $lt: iso } }).exec()),
      deliveries: await removed(models.Delivery.deleteMany({ status: 'sent', sentAt: { $lt: iso } }).exec()),
      idempotency: await removed(models.Idempotency.deleteMany({ createdAt: { $lt: cutoff } }).exec()),
      // Sessions that ended (idle or too old) before the cutoff: a record of who was signed in, and
      // when, for as long as the rest is kept; one that ended since is refused by its expiry meanwhile.
      sessions: await removed(
        models.Session.deleteMany({
          $or: [
            { lastSeenAt: { $lt: new Date(cutoff.getTime() - SESSION_IDLE_MS).toISOString() } },
            { createdAt: { $lt: new Date(cutoff.getTime() - SESSION_ABSOLUTE_MS).toISOString() } },
          ],
        }).exec(),
      ),
      liveEvents: await removed(
        models.LiveEvent.deleteMany({ _id: { $lt: new Date(now - 3_600_000).toISOString() } }).exec(),
      ),
      loginFailures: await removed(
        models.LoginFailure.deleteMany({ at: { $lt: new Date(now - LOCK_MS).toISOString() } }).exec(),
      ),
    };
    log.info({ retentionDays: input.retentionDays, removed: result }, 'clean-up done');
    return result;
  }

  return { cleanUpStores };
}

export type CleanUpActivities = ReturnType<typeof createCleanUpActivities>;
