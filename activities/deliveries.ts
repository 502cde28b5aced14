/**
 * Outbound deliveries (issue 11): the record of each one in `deliveries`, the workflow that sends it,
 * and the activity that makes one attempt and writes down how it went.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { ChannelDoc, DeliveryDoc, Models } from '../db/models';
import { isDuplicateKey } from '../db/models';
import type { DeliverNotificationInput } from '../workflows/deliver-notification';
import { channelRequest, readAnswer } from './channel-requests';

export interface DeliveryStarter {
  client: Client;
  taskQueue: string;
  /** Retry policy of each delivery (tests make it short). */
  retry: DeliverNotificationInput['retry'];
}

export const DEFAULT_DELIVERY_RETRY: DeliverNotificationInput['retry'] = {
  initialIntervalMs: 5_000,
  maximumIntervalMs: 30 * 60_000,
  maximumAttempts: 12,
};

export function deliveryWorkflowId(delivery: Pick<DeliveryDoc, '_id' | 'resends'>): string {
  return delivery.resends > 0 ? `delivery-${delivery._id}-${delivery.resends}` : `delivery-${delivery._id}`;
}

/** Whether the run that sends this delivery (its current `resends`) is still going: a pending delivery
 * whose run ended or never started (no worker when recorded, a start that failed) may be sent again. */
export async function deliveryRunning(
  client: Client,
  delivery: Pick<DeliveryDoc, '_id' | 'resends'>,
): Promise<boolean> {
  try {
    const described = await client.workflow.getHandle(deliveryWorkflowId(delivery)).describe();
    return described.status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Records a delivery (once) and starts its workflow (once per `resends`). Without a starter (a tool
 * that records events outside the worker) the delivery stays pending for an administrator to send. */
export async function startDelivery(
  models: Models,
  starter: DeliveryStarter | undefined,
  doc: DeliveryDoc,
): Promise<void> {
  try {
    await models.Delivery.collection.insertOne(doc as never);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  if (starter) await startDeliveryWorkflow(starter, doc);
}

export async function startDeliveryWorkflow(
  starter: DeliveryStarter,
  doc: Pick<DeliveryDoc, '_id' | 'resends' | 'notBefore'>,
): Promise<void> {
  try {
    await starter.client.workflow.start('deliverNotification', {
      taskQueue: starter.taskQueue,
      workflowId: deliveryWorkflowId(doc),
      // A run of the same id that already ended must not send a second time.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          deliveryId: doc._id,
          resends: doc.resends,
          notBefore: doc.notBefore,
          retry: starter.retry,
        } satisfies DeliverNotificationInput,
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Which run of a delivery an activity works for: `resends` as when it started (absent in runs started
 * before it was passed: the first). A run's writes touch only its own round. */
interface RunOf {
  deliveryId: string;
  resends?: number;
}

export function createDeliveryActivities(deps: { models: Models; log: Logger; fetch?: typeof fetch }) {
  const { models, log } = deps;
  const send = deps.fetch ?? fetch;

  /** One attempt. Sent already: nothing to do (at least once, and no more than needed). */
  async function sendDelivery(input: RunOf & { maximumAttempts: number }): Promise<void> {
    const delivery = await models.Delivery.findById(input.deliveryId).lean<DeliveryDoc>().exec();
    // Sent already, or "send again" has handed it to a newer run: this one has nothing left to do.
    if (!delivery || delivery.status === 'sent' || (input.resends ?? 0) !== delivery.resends) return;
    const channel = await models.Channel.findById(delivery.channelId).lean<ChannelDoc>().exec();
    const attempt = Context.current().info.attempt;
    let answer: ReturnType<typeof readAnswer>;
    if (!channel) {
      answer = { ok: false, error: 'the channel was deleted', retryable: false };
    } else if (channel.disabled) {
      // Disabled while the notice was held (its address leaked, its robot was removed): nothing goes out.
      answer = { ok: false, error: 'the channel is disabled (渠道已停用)', retryable: false };
    } else {
      const request = channelRequest(channel, delivery.payload, Date.now());
      try {
        const res = await send(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(10_000),
          redirect: 'error',
        });
        answer = readAnswer(channel.kind, res.status, await res.text().catch(() => ''));
      } catch (err) {
        answer = { ok: false, error: (err as Error).message, retryable: true };
      }
    }
    const now = new Date().toISOString();
    if (answer.ok) {
      await models.Delivery.updateOne(
        { _id: delivery._id, resends: delivery.resends },
        { $set: { status: 'sent', attempts: delivery.attempts + 1, sentAt: now, lastError: null } },
      ).exec();
      return;
    }
    const last = !answer.retryable || attempt >= input.maximumAttempts;
    // Only over what this attempt read: an older attempt that timed out may fail only after a newer one
    // sent the delivery (or failed it), and must not take it back to pending, to be sent again.
    await models.Delivery.updateOne(
      { _id: delivery._id, resends: delivery.resends, status: { $ne: 'sent' }, attempts: delivery.attempts },
      { $set: { status: last ? 'failed' : 'pending', attempts: delivery.attempts + 1, lastError: answer.error } },
    ).exec();
    log.warn({ deliveryId: delivery._id, attempt, error: answer.error, last }, 'delivery attempt failed');
    throw ApplicationFailure.create({ type: 'DeliveryFailed', message: answer.error, nonRetryable: !answer.retryable });
  }

  /** The run gave up (attempts spent, a refusal, or its last attempt timed out or died with its worker):
   * a delivery still pending is failed, for an administrator to see and send again. */
  async function markDeliveryFailed(input: RunOf & { error: string }): Promise<void> {
    await models.Delivery.updateOne(
      { _id: input.deliveryId, status: 'pending', resends: input.resends ?? 0 },
      { $set: { status: 'failed', lastError: input.error } },
    ).exec();
  }

  return { sendDelivery, markDeliveryFailed };
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
