import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The reporting summary of one question, kept by the `thread.changed` job (re-read from the
 * thread each time, so idempotent) and rebuilt by `rebuildAll`. The dashboard and the agents'
 * queue read these narrow rows instead of scanning posts.
 */
@Entity('insights_question_facts')
@Index('insights_question_facts_by_time', ['askedAt'], { where: `"visible"` })
// The agents' queue: open, unsolved questions without a positively scored answer, oldest first.
@Index('insights_question_facts_waiting', ['askedAt', 'questionId'], {
  where: `"open" AND "solved_at" IS NULL AND ("best_answer_score" IS NULL OR "best_answer_score" <= 0)`,
})
export class QuestionFact {
  @PrimaryColumn({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', length: 150 })
  title: string;

  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'timestamptz' })
  askedAt: Date;

  /** Neither deleted nor hidden. */
  @Column({ type: 'boolean' })
  visible: boolean;

  /** Visible and not closed: it can still be answered. */
  @Column({ type: 'boolean' })
  open: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  firstAnswerAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAnswerAt: Date | null;

  @Column({ type: 'int', nullable: true })
  bestAnswerScore: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  solvedAt: Date | null;

  /** The accepted answer was written by support staff (agent, moderator, admin). */
  @Column({ type: 'boolean', nullable: true })
  solvedByStaff: boolean | null;
}
