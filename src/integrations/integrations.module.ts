import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { emailSenderProvider } from '../notifications/email-sender.js';
import { ReputationModule } from '../reputation/reputation.module.js';
import { ThreadsModule } from '../threads/threads.module.js';
import { UsersModule } from '../users/users.module.js';
import { Escalation } from './entities/escalation.entity.js';
import { HelpdeskConnector } from './entities/helpdesk-connector.entity.js';
import { InboundSignature } from './entities/inbound-signature.entity.js';
import { WebhookAttempt } from './entities/webhook-attempt.entity.js';
import { WebhookDelivery } from './entities/webhook-delivery.entity.js';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import { EscalationsService } from './escalations.service.js';
import { IntegrationsApiController } from './integrations.api.controller.js';
import { IntegrationsPagesController } from './integrations.pages.controller.js';
import { IntegrationsPolicy } from './integrations.policy.js';
import { WebhookDeliverer } from './webhook-deliverer.js';
import { WebhookEventsSubscriber } from './webhook-events.subscriber.js';
import { WebhooksService } from './webhooks.service.js';

/**
 * Outbound webhooks (signed, retried, logged) and helpdesk escalation with its signed callback.
 * It subscribes to the domain's jobs; the thread page reads an escalation through EscalationsService.
 */
@Module({
  imports: [ThreadsModule, UsersModule, ReputationModule, TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery, WebhookAttempt, HelpdeskConnector, Escalation, InboundSignature])],
  controllers: [IntegrationsPagesController, IntegrationsApiController],
  providers: [emailSenderProvider, WebhooksService, WebhookDeliverer, WebhookEventsSubscriber, EscalationsService, IntegrationsPolicy],
  exports: [EscalationsService, IntegrationsPolicy],
})
export class IntegrationsModule {}
