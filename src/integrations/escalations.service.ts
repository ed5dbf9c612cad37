import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { ConflictError, InvalidStateError, NotFoundError, UnauthenticatedError } from '../common/errors/domain-errors.js';
import { isUniqueViolation } from '../common/errors/postgres-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { JobQueue } from '../jobs/job-queue.js';
import { EMAIL_SENDER, type EmailSender } from '../notifications/email-sender.js';
import { PageCache } from '../page-cache/page-cache.service.js';
import { PageTags } from '../page-cache/page-tags.js';
import { ReputationRulesService } from '../reputation/reputation-rules.service.js';
import { AnswersService } from '../threads/answers.service.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { questionPath } from '../threads/threads.presenter.js';
import type { Actor } from '../users/actor.js';
import { UsersService } from '../users/users.service.js';
import type { HelpdeskConnectorDto } from './dto/integrations.dtos.js';
import { Escalation } from './entities/escalation.entity.js';
import { HelpdeskConnector } from './entities/helpdesk-connector.entity.js';
import { InboundSignature } from './entities/inbound-signature.entity.js';
import { IntegrationEvents, IntegrationJobs, type Escalated, type Resolved } from './integrations.events.js';
import { IntegrationsPolicy } from './integrations.policy.js';
import { postJson } from './outbound-http.js';
import { newSecret, signatureHeader, verifySignature } from './signatures.js';
import { WebhooksService } from './webhooks.service.js';

interface SendEscalation {
  escalationId: number;
}

/**
 * Escalating a thread to the support desk and bringing its resolution back: the helpdesk
 * connector (admin), escalate (agent), the helpdesk's signed callback, and publishing the
 * returned answer as verified by support (agent).
 */
@Injectable()
export class EscalationsService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EMAIL_SENDER) private readonly mail: EmailSender,
    @InjectRepository(Escalation) private readonly escalations: Repository<Escalation>,
    @InjectRepository(HelpdeskConnector) private readonly connectors: Repository<HelpdeskConnector>,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
    private readonly policy: IntegrationsPolicy,
    private readonly reader: ThreadReader,
    private readonly answers: AnswersService,
    private readonly rules: ReputationRulesService,
    private readonly users: UsersService,
    private readonly webhooks: WebhooksService,
    private readonly pages: PageCache,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<SendEscalation>(IntegrationJobs.sendEscalation, ({ escalationId }) => this.send(escalationId));
  }

  async connector(actor: Actor): Promise<HelpdeskConnector | null> {
    this.policy.assertCanManage(actor);
    return this.connectors.findOne({ where: { id: 1 }, select: { id: true, mode: true, url: true, intakeEmail: true, updatedAt: true } });
  }

  /** Saves the connector; returns it with its secret when a new one was made (the first save, or `rotate`). */
  async configure(actor: Actor, input: HelpdeskConnectorDto, rotate = false): Promise<HelpdeskConnector & { newSecret?: string }> {
    this.policy.assertCanManage(actor);
    if (input.mode === 'webhook') this.webhooks.assertTarget(input.url!);
    const existing = await this.connectors.findOne({ where: { id: 1 }, select: { id: true, secret: true } });
    const secret = !existing || rotate ? newSecret() : existing.secret;
    await this.connectors.upsert(
      { id: 1, mode: input.mode, url: input.mode === 'webhook' ? input.url! : null, intakeEmail: input.mode === 'email' ? input.intakeEmail! : null, secret },
      ['id'],
    );
    const saved = (await this.connector(actor))!;
    return secret !== existing?.secret ? { ...saved, newSecret: secret } : saved;
  }

  /**
   * The escalation of a question: in full for staff, as "our team is looking into it" for members;
   * null for anonymous readers (their page is cached and costs no query for it) and when there is none.
   */
  async forQuestion(actor: Actor | undefined, questionId: number): Promise<{ escalation: Escalation; staff: boolean } | null> {
    if (!actor) return null;
    const escalation = await this.escalations.findOneBy({ questionId });
    if (!escalation) return null;
    return { escalation, staff: this.policy.canSeeTickets(actor) };
  }

  canEscalate(actor: Actor | undefined): boolean {
    return this.policy.canSeeTickets(actor);
  }

  async escalate(actor: Actor, questionId: number): Promise<Escalation> {
    this.policy.assertCanEscalate(actor);
    const { question } = await this.reader.thread(actor, questionId);
    if (question.acceptedAnswerId) throw new InvalidStateError('This thread is already solved; only unsolved threads are escalated.');
    const connector = await this.connectors.findOneBy({ id: 1 });
    if (!connector) throw new InvalidStateError('No helpdesk is connected yet: an administrator sets it up under Admin → Helpdesk.');
    try {
      return await this.transactions.inTransaction(async (tx) => {
        const repo = tx.getRepository(Escalation);
        const escalation = await repo.save(
          repo.create({ ref: `AB-${question.id}`, questionId: question.id, questionAskedAt: question.createdAt, via: connector.mode, escalatedById: actor.id, escalatedAt: new Date() }),
        );
        await this.jobs.publish<SendEscalation>(tx, IntegrationJobs.sendEscalation, { escalationId: escalation.id });
        await this.jobs.publish<Escalated>(tx, IntegrationEvents.escalated, { escalationId: escalation.id, questionId: question.id, ref: escalation.ref, escalatedById: actor.id });
        await this.webhooks.enqueue('thread.escalated', escalation.ref, { ref: escalation.ref, questionId: question.id, title: question.title, url: this.link(questionPath(question)) }, tx);
        await this.announce(tx, escalation);
        return escalation;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('This thread has already been escalated.');
      throw error;
    }
  }

  /** The job: hands the ticket to the helpdesk (its webhook, or its intake address). Retried until it goes. */
  async send(escalationId: number): Promise<void> {
    const escalation = await this.escalations.findOneBy({ id: escalationId });
    if (!escalation || escalation.sentAt) return;
    const connector = await this.connectors.findOne({ where: { id: 1 }, select: { id: true, mode: true, url: true, intakeEmail: true, secret: true } });
    if (!connector) return;
    const { question } = await this.reader.forIndexing(escalation.questionId);
    if (!question) return;
    const asker = await this.users.findById(question.authorId);
    const callbackUrl = this.link(`/api/v1/integrations/tickets/${encodeURIComponent(escalation.ref)}/resolved`);
    const ticket = {
      event: 'ticket.requested',
      ref: escalation.ref,
      subject: question.title,
      description: question.body,
      tags: question.tags ?? [],
      threadUrl: this.link(questionPath(question)),
      askedAt: question.createdAt.toISOString(),
      asker: asker ? { username: asker.username, email: asker.email } : null,
      callbackUrl,
    };
    let ticketUrl: string | null = null;
    if (connector.mode === 'webhook') {
      const body = JSON.stringify(ticket);
      const result = await postJson(connector.url!, body, { 'answerbase-signature': signatureHeader(connector.secret, body), 'answerbase-event': 'ticket.requested' }, {
        allowPrivate: this.config.integrations.webhooksAllowPrivate,
        timeoutMs: this.config.integrations.webhookTimeoutMs,
      });
      if (!result.ok) throw new Error(`The helpdesk did not take ticket ${escalation.ref}: ${result.error ?? `HTTP ${result.statusCode}`}`);
      ticketUrl = ticketUrlFrom(result.body);
    } else {
      if (!this.mail.delivers) throw new Error(`Ticket ${escalation.ref} cannot be e-mailed: SMTP_URL is not set.`);
      await this.mail.send({
        to: connector.intakeEmail!,
        subject: `[${escalation.ref}] ${question.title}`,
        text: [
          `A community thread was escalated to support (ticket reference ${escalation.ref}).`,
          '',
          `Asked by: ${asker ? `${asker.username} <${asker.email}>` : 'a former member'}`,
          `Thread: ${ticket.threadUrl}`,
          `Tags: ${ticket.tags.join(', ') || '(none)'}`,
          '',
          question.body,
          '',
          `When it is resolved, POST the resolution, signed, to ${callbackUrl}`,
        ].join('\n'),
        headers: { 'X-AnswerBase-Ticket': escalation.ref },
      });
    }
    await this.transactions.inTransaction(async (tx) => {
      await tx.getRepository(Escalation).update({ id: escalation.id }, { sentAt: new Date(), ticketUrl });
      await this.announce(tx, escalation);
    });
  }

  /**
   * The helpdesk's signed callback: verifies the signature over the raw body (fresh, matching,
   * never seen before), then keeps the resolution as the draft answer for an agent.
   */
  async resolve(ref: string, rawBody: string, signature: string | undefined, resolution: string): Promise<Escalation> {
    const connector = await this.connectors.findOne({ where: { id: 1 }, select: { id: true, secret: true } });
    if (!connector) throw new UnauthenticatedError('No helpdesk is connected.');
    const check = verifySignature(connector.secret, signature, rawBody, this.config.integrations.signatureWindowSeconds);
    if (!check.ok) throw new UnauthenticatedError(check.reason);
    return this.transactions.inTransaction(async (tx) => {
      const seen = await tx.createQueryBuilder().insert().into(InboundSignature).values({ signature: check.signature, purpose: 'ticket-resolved' }).orIgnore().returning(['signature']).execute();
      if ((seen.raw as unknown[]).length === 0) throw new UnauthenticatedError('This request was already received (replayed signature).');
      const escalation = await tx.getRepository(Escalation).findOne({ where: { ref }, lock: { mode: 'pessimistic_write' } });
      if (!escalation) throw new NotFoundError('There is no escalation with this reference.');
      if (escalation.status === 'published') throw new ConflictError('The answer for this ticket is already published.');
      Object.assign(escalation, { resolution, resolvedAt: escalation.resolvedAt ?? new Date(), status: 'resolved' });
      await tx.getRepository(Escalation).save(escalation);
      await this.jobs.publish<Resolved>(tx, IntegrationEvents.resolved, { escalationId: escalation.id, escalatedById: escalation.escalatedById, questionId: escalation.questionId, ref: escalation.ref });
      await this.webhooks.enqueue('thread.resolved', escalation.ref, { ref: escalation.ref, questionId: escalation.questionId }, tx);
      await this.announce(tx, escalation);
      return escalation;
    });
  }

  /** An agent publishes the (edited) resolution as an answer verified by support, in one transaction. */
  async publish(actor: Actor, ref: string, body: string): Promise<{ escalation: Escalation; answerId: number }> {
    this.policy.assertCanEscalate(actor);
    const rules = await this.rules.current();
    return this.transactions.inTransaction(async (tx) => {
      const escalation = await tx.getRepository(Escalation).findOne({ where: { ref }, lock: { mode: 'pessimistic_write' } });
      if (!escalation) throw new NotFoundError('There is no escalation with this reference.');
      if (escalation.status === 'published') throw new ConflictError('This resolution is already published.');
      if (escalation.status !== 'resolved') throw new InvalidStateError('The support desk has not sent a resolution yet.');
      const answer = await this.answers.answerIn(tx, actor, escalation.questionId, { body }, rules, { verified: true });
      Object.assign(escalation, { status: 'published', answerId: answer.id, publishedAt: new Date() });
      await tx.getRepository(Escalation).save(escalation);
      return { escalation, answerId: answer.id };
    });
  }

  /** Members see a thread's escalation on its page (staff its ticket): its changes drop the kept page. */
  private announce(tx: EntityManager, escalation: Escalation): Promise<void> {
    return this.pages.announce(tx, [PageTags.thread(escalation.questionId)]);
  }

  private link(path: string): string {
    return `${this.config.mail.publicUrl}${path}`;
  }
}

/** The helpdesk may answer the ticket webhook with `{"ticketUrl": "https://…"}`; anything else is ignored. */
function ticketUrlFrom(body: string): string | null {
  try {
    const url = (JSON.parse(body) as { ticketUrl?: unknown }).ticketUrl;
    return typeof url === 'string' && /^https?:\/\//.test(url) ? url.slice(0, 500) : null;
  } catch {
    return null;
  }
}
