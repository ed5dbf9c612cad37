import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export type NominationStatus = 'pending' | 'approved' | 'declined';

/** What the bar saw when it nominated the member, kept for the community manager's decision. */
export interface NominationEvidence {
  reputation: number;
  acceptedAnswers: number;
  answers: number;
  acceptanceRate: number;
  lastActiveAt: string | null;
  flagsAgainst: number;
  windowDays: number;
}

/**
 * A super-user nomination: created by the programme's rule, decided by a community manager.
 * The partial unique key allows one pending nomination per member, whatever the timing.
 */
@Entity('super_user_nominations')
@Check('super_user_nominations_status_known', `"status" IN ('pending', 'approved', 'declined')`)
@Index('super_user_nominations_one_pending', ['userId'], { unique: true, where: `"status" = 'pending'` })
@Index('super_user_nominations_by_status', ['status', 'createdAt'])
export class SuperUserNomination {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: NominationStatus;

  @Column({ type: 'jsonb' })
  evidence: NominationEvidence;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
