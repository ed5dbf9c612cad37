import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One visible answer, for participation and top contributors; kept with its question's facts. */
@Entity('insights_answer_facts')
@Index('insights_answer_facts_by_time', ['answeredAt'])
@Index('insights_answer_facts_by_question', ['questionId'])
export class AnswerFact {
  @PrimaryColumn({ type: 'int' })
  answerId: number;

  @Column({ type: 'int' })
  questionId: number;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'timestamptz' })
  answeredAt: Date;

  @Column({ type: 'boolean' })
  accepted: boolean;
}
