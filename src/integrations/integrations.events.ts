/** What webhook endpoints can subscribe to: the event names in payloads, with what each means. */
export const WEBHOOK_EVENTS = {
  'question.asked': 'A question was asked',
  'question.answered': 'A question got an answer',
  'question.past-target': 'A question waited past its response target without a good answer',
  'answer.accepted': 'An answer was accepted as the solution',
  'thread.escalated': 'A thread was escalated to the support desk',
  'thread.resolved': 'The support desk resolved an escalated thread',
  'article.changed': 'A knowledge-base article was published or edited',
  'member.suspended': 'A member was suspended',
} as const;
export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

/** The jobs the integrations module publishes and handles. */
export const IntegrationJobs = {
  /** Send (or resend) one delivery to its endpoint; retried with backoff while it fails. */
  deliver: 'integrations.webhook-deliver',
  /** Hand a new escalation to the helpdesk (webhook or e-mail). */
  sendEscalation: 'integrations.escalation-send',
} as const;

/** Events for other modules (notifications subscribes). */
export const IntegrationEvents = {
  /** An endpoint kept failing and was paused: its admins should know. */
  endpointPaused: 'integrations.endpoint-paused',
  /** A thread was escalated to the helpdesk. */
  escalated: 'integrations.escalated',
  /** The helpdesk's resolution came back as a draft for an agent. */
  resolved: 'integrations.resolved',
} as const;

export interface DeliverJob {
  deliveryId: number;
  /** An admin asked to send it again, even if it was delivered. */
  redeliver?: boolean;
}

export interface EndpointPaused {
  endpointId: number;
  url: string;
  failures: number;
}

export interface Escalated {
  escalationId: number;
  questionId: number;
  ref: string;
  escalatedById: number;
}

export interface Resolved {
  escalationId: number;
  escalatedById: number | null;
  questionId: number;
  ref: string;
}
