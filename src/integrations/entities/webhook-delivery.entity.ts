import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/**
 * One event for one endpoint (the delivery log). `eventKey` names the event (`question.asked:42`),
 * unique per endpoint, so a job that runs twice delivers once. Its tries are WebhookAttempt rows.
 */
@Entity('webhook_deliveries')
@Unique('webhook_deliveries_once_per_event', ['endpointId', 'eventKey'])
@Check('webhook_deliveries_status_known', `"status" IN ('pending', 'delivered', 'failed', 'skipped')`)
@Index('webhook_deliveries_by_endpoint', ['endpointId', 'id'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  endpointId: number;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: Relation<WebhookEndpoint>;

  @Column({ type: 'varchar', length: 40 })
  event: string;

  @Column({ type: 'varchar', length: 100 })
  eventKey: string;

  /** The exact JSON body sent (and signed). */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
