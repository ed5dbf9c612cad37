import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Post } from '../../threads/entities/post.entity.js';
import { User } from '../../users/entities/user.entity.js';

export type EscalationStatus = 'open' | 'resolved' | 'published';

/**
 * A thread escalated to a helpdesk ticket (at most one per question). The helpdesk's signed
 * callback brings the resolution back as a draft; an agent publishes it as a verified answer.
 */
@Entity('escalations')
@Check('escalations_status_known', `"status" IN ('open', 'resolved', 'published')`)
@Check('escalations_via_known', `"via" IN ('webhook', 'email')`)
export class Escalation {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  /** The ticket reference both sides use (AB-<id>, or the helpdesk's own id once it answers). */
  @Column({ type: 'varchar', length: 40, unique: true })
  ref: string;

  @Column({ type: 'int', unique: true })
  questionId: number;

  @ManyToOne(() => Post, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<Post>;

  @Column({ type: 'timestamptz' })
  questionAskedAt: Date;

  @Column({ type: 'varchar', length: 10 })
  via: 'webhook' | 'email';

  @Column({ type: 'int', nullable: true })
  escalatedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'escalated_by_id' })
  escalatedBy?: Relation<User>;

  @Column({ type: 'timestamptz' })
  escalatedAt: Date;

  /** Set once the helpdesk has it (its webhook answered 2xx, or the e-mail went out). */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The helpdesk's own link to the ticket, when its webhook response gives one. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  ticketUrl: string | null;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: EscalationStatus;

  /** The helpdesk's resolution: the draft answer an agent edits and publishes. */
  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  answerId: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
