import type { Escalation } from './entities/escalation.entity.js';
import type { HelpdeskConnector } from './entities/helpdesk-connector.entity.js';
import type { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import type { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_NAMES } from './integrations.events.js';

/** Entities → what pages and the API show (one mapper for both). */
export const IntegrationsPresenter = {
  endpoint(endpoint: WebhookEndpoint & { secret?: string }) {
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      events: endpoint.events,
      paused: endpoint.pausedAt !== null,
      pausedAt: endpoint.pausedAt?.toISOString() ?? null,
      consecutiveFailures: endpoint.consecutiveFailures,
      createdAt: endpoint.createdAt.toISOString(),
      ...(endpoint.secret ? { secret: endpoint.secret } : {}),
    };
  },

  delivery(delivery: WebhookDelivery & { tries?: WebhookAttempt[] }) {
    return {
      id: delivery.id,
      event: delivery.event,
      eventKey: delivery.eventKey,
      status: delivery.status,
      attempts: delivery.attempts,
      lastStatusCode: delivery.lastStatusCode,
      createdAt: delivery.createdAt.toISOString(),
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      tries: (delivery.tries ?? []).map((a) => ({
        ok: a.ok, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, attemptedAt: a.attemptedAt.toISOString(),
      })),
    };
  },

  eventChoices(selected: string[] = []) {
    return WEBHOOK_EVENT_NAMES.map((name) => ({ name, label: WEBHOOK_EVENTS[name], checked: selected.includes(name) }));
  },

  connector(connector: (HelpdeskConnector & { newSecret?: string }) | null) {
    if (!connector) return null;
    return { mode: connector.mode, url: connector.url, intakeEmail: connector.intakeEmail, updatedAt: connector.updatedAt.toISOString(), ...(connector.newSecret ? { secret: connector.newSecret } : {}) };
  },

  /** Staff see the ticket; the asker (and everyone else) only that support is on it. */
  escalation(found: { escalation: Escalation; staff: boolean } | null) {
    if (!found) return null;
    const { escalation, staff } = found;
    if (!staff) return { staff: false, open: escalation.status !== 'published' };
    return {
      staff: true,
      open: escalation.status !== 'published',
      ref: escalation.ref,
      ticketUrl: escalation.ticketUrl,
      via: escalation.via,
      status: escalation.status,
      sent: escalation.sentAt !== null,
      escalatedAt: escalation.escalatedAt.toISOString(),
      resolution: escalation.status === 'resolved' ? escalation.resolution : null,
      resolvedAt: escalation.resolvedAt?.toISOString() ?? null,
      answerId: escalation.answerId,
    };
  },
};
