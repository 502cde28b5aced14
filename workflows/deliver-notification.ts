/**
 * One notification to one outbound channel (`delivery-<deliveryId>[-<resend>]`): wait for working hours
 * when it is routine, then send, retried with backoff by Temporal; a worker that dies loses nothing.
 */
import { ActivityFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities/deliveries';

export interface DeliverNotificationInput {
  deliveryId: string;
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
    await sendDelivery({ deliveryId: input.deliveryId, maximumAttempts: input.retry.maximumAttempts });
    return 'sent';
  } catch (err) {
    // The activity recorded the failure on the delivery; an administrator may send it again.
    if (err instanceof ActivityFailure) return 'failed';
    throw err;
  }
}
