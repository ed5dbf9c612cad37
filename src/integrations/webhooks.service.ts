import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ArrayContains, IsNull, Repository, type EntityManager } from 'typeorm';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { Actor } from '../users/actor.js';
import type { RegisterWebhookDto } from './dto/integrations.dtos.js';
import { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import { IntegrationJobs, type DeliverJob, type WebhookEvent } from './integrations.events.js';
import { IntegrationsPolicy } from './integrations.policy.js';
import { targetProblem } from './outbound-http.js';
import { newSecret } from './signatures.js';

/** The payload every endpoint receives: the event, when it happened, and what it is about. */
export interface WebhookPayload {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Registering endpoints, the delivery log, redelivery; fanning an event out to the endpoints that want it. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    @InjectRepository(WebhookAttempt) private readonly attempts: Repository<WebhookAttempt>,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly policy: IntegrationsPolicy,
  ) {}

  /** Refuses a URL the sender would refuse (scheme, credentials, private targets unless allowed). */
  assertTarget(url: string, field = 'url'): void {
    const problem = targetProblem(url, this.config.integrations.webhooksAllowPrivate);
    if (problem) throw new ValidationFailedError({ [field]: [problem] });
  }

  /** Returns the endpoint with its secret: the only time the secret is shown. */
  async register(actor: Actor, input: RegisterWebhookDto): Promise<WebhookEndpoint> {
    this.policy.assertCanManage(actor);
    this.assertTarget(input.url);
    const endpoint = this.endpoints.create({ url: input.url, events: [...new Set(input.events)], description: input.description ?? '', secret: newSecret(), createdById: actor.id });
    return this.endpoints.save(endpoint);
  }

  async list(actor: Actor): Promise<WebhookEndpoint[]> {
    this.policy.assertCanManage(actor);
    return this.endpoints.find({ order: { id: 'ASC' } });
  }

  async get(actor: Actor, id: number): Promise<WebhookEndpoint> {
    this.policy.assertCanManage(actor);
    const endpoint = await this.endpoints.findOneBy({ id });
    if (!endpoint) throw new NotFoundError('There is no such webhook endpoint.');
    return endpoint;
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await this.get(actor, id);
    await this.endpoints.delete({ id });
  }

  /** Un-pauses an endpoint: it receives new events again (what it missed is in the log, to redeliver). */
  async resume(actor: Actor, id: number): Promise<WebhookEndpoint> {
    await this.get(actor, id);
    await this.endpoints.update({ id }, { pausedAt: null, consecutiveFailures: 0 });
    return this.get(actor, id);
  }

  /** The delivery log of an endpoint, newest first, each with its tries. */
  async log(actor: Actor, endpointId: number, limit = 50): Promise<{ endpoint: WebhookEndpoint; deliveries: (WebhookDelivery & { tries: WebhookAttempt[] })[] }> {
    const endpoint = await this.get(actor, endpointId);
    const deliveries = await this.deliveries.find({ where: { endpointId }, order: { id: 'DESC' }, take: limit });
    const tries = deliveries.length
      ? await this.attempts.createQueryBuilder('a').where('a.delivery_id IN (:...ids)', { ids: deliveries.map((d) => d.id) }).orderBy('a.id', 'ASC').getMany()
      : [];
    return { endpoint, deliveries: deliveries.map((d) => Object.assign(d, { tries: tries.filter((a) => a.deliveryId === d.id) })) };
  }

  /** Sends a logged delivery again, whatever its state; the endpoint must not be paused. */
  async redeliver(actor: Actor, deliveryId: number): Promise<WebhookDelivery> {
    this.policy.assertCanManage(actor);
    return this.transactions.inTransaction(async (tx) => {
      const delivery = await tx.getRepository(WebhookDelivery).findOne({ where: { id: deliveryId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw new NotFoundError('There is no such delivery.');
      await tx.getRepository(WebhookDelivery).update({ id: delivery.id }, { status: 'pending' });
      await this.jobs.publish<DeliverJob>(tx, IntegrationJobs.deliver, { deliveryId: delivery.id, redeliver: true });
      return { ...delivery, status: 'pending' as const };
    });
  }

  /**
   * Logs one delivery per active endpoint that wants the event, and queues each, in one
   * transaction; `key` names the event, so the same event is never logged twice for an endpoint.
   */
  async enqueue(event: WebhookEvent, key: string, data: Record<string, unknown>, tx?: EntityManager): Promise<number> {
    const work = async (manager: EntityManager) => {
      const targets = await manager.getRepository(WebhookEndpoint).findBy({ pausedAt: IsNull(), events: ArrayContains([event]) });
      let queued = 0;
      for (const endpoint of targets) {
        const payload: WebhookPayload = { id: `${event}:${key}`, event, occurredAt: new Date().toISOString(), data };
        const result = await manager
          .createQueryBuilder()
          .insert()
          .into(WebhookDelivery)
          .values({ endpointId: endpoint.id, event, eventKey: `${event}:${key}`.slice(0, 100), body: JSON.stringify(payload) })
          .orIgnore()
          .returning(['id'])
          .execute();
        const id = (result.raw as { id: number }[])[0]?.id;
        if (id === undefined) continue;
        await this.jobs.publish<DeliverJob>(manager, IntegrationJobs.deliver, { deliveryId: id });
        queued += 1;
      }
      return queued;
    };
    return tx ? work(tx) : this.transactions.inTransaction(work);
  }
}
