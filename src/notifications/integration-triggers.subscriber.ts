import { Injectable, OnModuleInit } from '@nestjs/common';
import { IntegrationEvents, type EndpointPaused, type Resolved } from '../integrations/integrations.events.js';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { UsersService } from '../users/users.service.js';
import { NotificationsService } from './notifications.service.js';

const SUBSCRIBER = 'notifications';

/** Tells admins about a paused webhook endpoint, and the escalating agent about the helpdesk's resolution. */
@Injectable()
export class IntegrationTriggers implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly reader: ThreadReader,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<EndpointPaused>(IntegrationEvents.endpointPaused, (e) => this.endpointPaused(e), SUBSCRIBER);
    await this.jobs.subscribe<Resolved>(IntegrationEvents.resolved, (e) => this.resolved(e), SUBSCRIBER);
  }

  async endpointPaused(event: EndpointPaused): Promise<void> {
    for (const userId of await this.users.idsWithRole('admin')) {
      await this.notifications.notify({
        userId, kind: 'integration', sourceKey: `webhook-paused:${event.endpointId}:${event.failures}`, actorId: null,
        text: `Webhook endpoint ${event.url} was paused after ${event.failures} failed deliveries in a row`, url: `/admin/webhooks/${event.endpointId}`,
      });
    }
  }

  async resolved(event: Resolved): Promise<void> {
    if (event.escalatedById === null) return;
    const link = (await this.reader.linksFor(undefined, [event.questionId])).get(event.questionId);
    await this.notifications.notify({
      userId: event.escalatedById, kind: 'integration', sourceKey: `ticket-resolved:${event.escalationId}`, actorId: null,
      text: `Support resolved ticket ${event.ref} (“${link?.title ?? 'a question'}”): review and publish the answer`, url: link?.url ?? `/questions/${event.questionId}`,
    });
  }
}
