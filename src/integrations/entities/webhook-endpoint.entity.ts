import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** An admin's webhook endpoint: where events go, signed with its secret. Paused after repeated failures. */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  /** The HMAC-SHA256 key both sides hold; shown to the admin once, at registration. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret: string;

  /** The event names it receives (see WEBHOOK_EVENTS). */
  @Column({ type: 'varchar', array: true })
  events: string[];

  @Column({ type: 'varchar', length: 200, default: '' })
  description: string;

  /** Failed tries since the last success; at the limit the endpoint is paused. */
  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
