/**
 * A write under an Idempotency-Key that the user may edit and send again after an answer that never came
 * (a network drop, a 503). The server keeps the first request it applied under a key and answers 422 to a
 * different one (api.md: 422, "an Idempotency-Key reused with a different body"): a corrected retry would be stuck there, and a reload would file the
 * case twice. So every request sent under the key is remembered, and on a 422 the earlier ones are sent
 * again, newest first, until one gets the stored answer; `replayed` then says the answer is for an earlier
 * request, not for the edits.
 */
import { ApiError, newIdempotencyKey } from './http';

export class KeyedPost<R, T> {
  private key = newIdempotencyKey();
  private sent: R[] = [];

  constructor(private readonly send: (request: R, key: string) => Promise<T>) {}

  async post(request: R): Promise<{ result: T; replayed: boolean }> {
    this.sent.push(request);
    try {
      return { result: await this.send(request, this.key), replayed: false };
    } catch (err) {
      if (!isKeyTaken(err)) throw err;
      for (const earlier of this.sent.slice(0, -1).reverse()) {
        try {
          return { result: await this.send(earlier, this.key), replayed: true };
        } catch (again) {
          if (!isKeyTaken(again)) throw again;
        }
      }
      throw err;
    }
  }

  /** Nothing was applied under the key (refused as sent, or stale): what comes next is a new request. */
  renew(): void {
    this.key = newIdempotencyKey();
    this.sent = [];
  }
}

function isKeyTaken(err: unknown): boolean {
  return err instanceof ApiError && err.status === 422;
}
