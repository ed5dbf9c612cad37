import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** A question routed to a member ("a question you can answer"); one per member and day spreads the load. */
@Entity('question_routes')
@Index('question_routes_by_user', ['userId', 'routedAt'])
export class QuestionRoute {
  @PrimaryColumn({ type: 'int' })
  questionId: number;

  @PrimaryColumn({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  routedAt: Date;
}
