import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** A member follows a tag: its new and unanswered questions come in their digest. */
@Entity('tag_follows')
@Index('tag_follows_by_tag', ['tag'])
export class TagFollow {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @PrimaryColumn({ type: 'varchar', length: 35 })
  tag: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
