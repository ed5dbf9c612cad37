import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A vote that changed something, waiting for the sweep that hands the changes to the modules that
 * follow them up (VotesChanged). Written in the vote's transaction, deleted by the sweep in the
 * transaction that publishes the job: a change is in exactly one of the two places.
 */
@Entity('vote_changes')
export class VoteChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'int' })
  postId: number;

  @Column({ type: 'varchar', length: 10 })
  postType: 'question' | 'answer';

  /** The thread the post belongs to (the post itself for a question). */
  @Column({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'int' })
  voterId: number;

  @Column({ type: 'smallint' })
  value: number;

  @Column({ type: 'smallint' })
  previous: number;

  /** For /healthz: how long the oldest change has waited for its sweep. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
