import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tag's own response target; a question takes the strictest of its tags', else the default. */
@Entity('insights_response_targets')
@Check('insights_response_targets_positive', `"hours" > 0`)
export class ResponseTarget {
  @PrimaryColumn({ type: 'varchar', length: 35 })
  tag: string;

  @Column({ type: 'int' })
  hours: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
