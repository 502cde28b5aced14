/**
 * One notification to one outbound channel (`delivery-<deliveryId>[-<resend>]`): wait for working hours
 * when it is routine, then send, retried with backoff by Temporal; a worker that dies loses nothing.
 */
import { ActivityFailure, TimeoutFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities/deliveries';

export interface DeliverNotificationInput {
  deliveryId: string;
  /** The delivery's `resends` when this run started (absent in older runs: 0). */
  resends?: number;
  /** ISO instant before which it is not sent. */
  notBefore: string;
  retry: { initialIntervalMs: number; maximumIntervalMs: number; maximumAttempts: number };
}

export async function deliverNotification(input: DeliverNotificationInput): Promise<'sent' | 'failed'> {
  const wait = Date.parse(input.notBefore) - Date.now();
  if (wait > 0) await sleep(wait);
  const { sendDelivery } = proxyActivities<DeliveryActivities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      maximumInterval: input.retry.maximumIntervalMs,
      backoffCoefficient: 2,
      maximumAttempts: input.retry.maximumAttempts,
    },
  });
  try {
    await sendDelivery({
      deliveryId: input.deliveryId,
      resends: input.resends,
      maximumAttempts: input.retry.maximumAttempts,
    });
    return 'sent';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // An attempt that timed out or died with its worker recorded nothing: say failed, whatever the cause,
    // so that an administrator sees it and may send it again.
    const { markDeliveryFailed } = proxyActivities<DeliveryActivities>({ startToCloseTimeout: '10 seconds' });
    await markDeliveryFailed({ deliveryId: input.deliveryId, resends: input.resends, error: failureMessage(err) });
    return 'failed';
  }
}

function failureMessage(err: ActivityFailure): string {
  const cause = err.cause;
  if (cause instanceof TimeoutFailure) return `the last attempt timed out (${cause.timeoutType})`;
  return cause?.message || err.message;
}
