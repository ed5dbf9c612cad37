import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** An agent has taken a waiting question: one claim per question (the primary key). */
@Entity('insights_queue_claims')
export class QueueClaim {
  @PrimaryColumn({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  agentId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent?: Relation<User>;

  @Column({ type: 'timestamptz' })
  claimedAt: Date;
}
