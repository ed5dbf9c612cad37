import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import { IntegrationEvents, IntegrationJobs, type DeliverJob, type EndpointPaused } from './integrations.events.js';
import { postJson } from './outbound-http.js';
import { signatureHeader } from './signatures.js';

export class DeliveryFailedError extends Error {}

/**
 * Sends one delivery (a job of its own). Every try is logged; a failed try throws, so the job
 * queue retries it with backoff; a success stops the retries. An endpoint that fails
 * `webhookPauseAfterFailures` times in a row is paused (its pending deliveries are skipped) and
 * its admins are told.
 */
@Injectable()
export class WebhookDeliverer implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<DeliverJob>(IntegrationJobs.deliver, (job) => this.deliver(job));
  }

  async deliver({ deliveryId, redeliver }: DeliverJob): Promise<void> {
    const target = await this.transactions.inTransaction(async (tx) => {
      const delivery = await tx.getRepository(WebhookDelivery).findOneBy({ id: deliveryId });
      if (!delivery || (delivery.status === 'delivered' && !redeliver)) return undefined;
      const endpoint = await tx.getRepository(WebhookEndpoint).findOne({ where: { id: delivery.endpointId }, select: { id: true, url: true, secret: true, pausedAt: true } });
      if (!endpoint || endpoint.pausedAt) {
        await tx.getRepository(WebhookDelivery).update({ id: delivery.id }, { status: 'skipped' });
        return undefined;
      }
      return { delivery, endpoint };
    });
    if (!target) return;
    const { delivery, endpoint } = target;

    const result = await postJson(
      endpoint.url,
      delivery.body,
      {
        'answerbase-signature': signatureHeader(endpoint.secret, delivery.body),
        'answerbase-event': delivery.event,
        'answerbase-delivery': String(delivery.id),
      },
      { allowPrivate: this.config.integrations.webhooksAllowPrivate, timeoutMs: this.config.integrations.webhookTimeoutMs },
    );

    const paused = await this.transactions.inTransaction(async (tx) => {
      await tx.getRepository(WebhookAttempt).insert({ deliveryId: delivery.id, ok: result.ok, statusCode: result.statusCode, error: result.error?.slice(0, 300) ?? null, durationMs: result.durationMs });
      await tx.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $2, status = $3, delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END WHERE id = $1`,
        [delivery.id, result.statusCode, result.ok ? 'delivered' : 'failed', result.ok],
      );
      if (result.ok) {
        await tx.getRepository(WebhookEndpoint).update({ id: endpoint.id }, { consecutiveFailures: 0 });
        return false;
      }
      await tx.query(
        `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
                paused_at = CASE WHEN consecutive_failures + 1 >= $2 AND paused_at IS NULL THEN now() ELSE paused_at END
          WHERE id = $1`,
        [endpoint.id, this.config.integrations.webhookPauseAfterFailures],
      );
      const now = await tx.getRepository(WebhookEndpoint).findOne({ where: { id: endpoint.id }, select: { id: true, consecutiveFailures: true, pausedAt: true } });
      const justPaused = !!now && now.consecutiveFailures === this.config.integrations.webhookPauseAfterFailures && !!now.pausedAt;
      if (justPaused) {
        await this.jobs.publish<EndpointPaused>(tx, IntegrationEvents.endpointPaused, { endpointId: endpoint.id, url: endpoint.url, failures: now.consecutiveFailures });
      }
      return !!now?.pausedAt;
    });
    // A paused endpoint's delivery is not retried (it stays in the log as failed, to redeliver).
    if (!result.ok && !paused) {
      throw new DeliveryFailedError(`Webhook delivery ${delivery.id} failed: ${result.error ?? `HTTP ${result.statusCode}`}`);
    }
  }
}
