/** Outbound notification channels per org unit and the record of their deliveries
 * (`notification_channels`, `deliveries`; api.md "Notifications and live events"). */
import { randomUUID } from 'node:crypto';
import { pageNewestFirst, type NewestFirstPage, type PageMark } from './newest-first';
import type { ChannelDoc, DeliveryDoc, Models } from './models';

export type ChannelFields = Pick<ChannelDoc, 'orgUnitId' | 'kind' | 'url' | 'secret' | 'immediate' | 'events'>;
export type ChannelPatch = Partial<Pick<ChannelDoc, 'url' | 'secret' | 'immediate' | 'events' | 'disabled'>>;

export class ChannelStore {
  constructor(private readonly models: Models) {}

  list(orgUnitId?: string): Promise<ChannelDoc[]> {
    return this.models.Channel.find(orgUnitId ? { orgUnitId } : {})
      .sort({ createdAt: 1 })
      .lean<ChannelDoc[]>()
      .exec();
  }

  async create(fields: ChannelFields): Promise<ChannelDoc> {
    const now = new Date().toISOString();
    const doc: ChannelDoc = { _id: `ch-${randomUUID()}`, ...fields, disabled: false, createdAt: now, updatedAt: now };
    await this.models.Channel.collection.insertOne(doc as never);
    return doc;
  }

  channel(id: string): Promise<ChannelDoc | null> {
    return this.models.Channel.findById(id).lean<ChannelDoc>().exec();
  }

  update(id: string, patch: ChannelPatch): Promise<ChannelDoc | null> {
    return this.models.Channel.findOneAndUpdate(
      { _id: id },
      { $set: { ...patch, updatedAt: new Date().toISOString() } },
      { returnDocument: 'after' },
    )
      .lean<ChannelDoc>()
      .exec();
  }

  async remove(id: string): Promise<boolean> {
    return (await this.models.Channel.deleteOne({ _id: id }).exec()).deletedCount > 0;
  }

  deliveries(filter: {
    status?: DeliveryDoc['status'];
    orgUnitId?: string;
    limit: number;
    after?: PageMark;
  }): Promise<NewestFirstPage<DeliveryDoc>> {
    const q: Record<string, unknown> = {};
    if (filter.status) q.status = filter.status;
    if (filter.orgUnitId) q.orgUnitId = filter.orgUnitId;
    return pageNewestFirst(this.models.Delivery, q, 'createdAt', filter.limit, filter.after);
  }

  delivery(id: string): Promise<DeliveryDoc | null> {
    return this.models.Delivery.findById(id).lean<DeliveryDoc>().exec();
  }

  /** A delivery made pending for one more run; null when it changed since it was read (or is unknown). */
  resend(id: string, status: DeliveryDoc['status'], resends: number): Promise<DeliveryDoc | null> {
    return this.models.Delivery.findOneAndUpdate(
      { _id: id, status, resends },
      { $set: { status: 'pending', resends: resends + 1, notBefore: new Date().toISOString(), lastError: null } },
      { returnDocument: 'after' },
    )
      .lean<DeliveryDoc>()
      .exec();
  }
}
