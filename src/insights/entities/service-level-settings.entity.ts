import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The published figures, in the order the public page shows them. */
export const SERVICE_LEVEL_FIGURES = ['answered-within-target', 'time-to-first-answer', 'solved', 'kb-helpfulness', 'busy-hours', 'history'] as const;
export type ServiceLevelFigure = (typeof SERVICE_LEVEL_FIGURES)[number];

/** What the public service-levels page shows, if anything: one row, set by admins. */
@Entity('insights_service_level_settings')
@Check('insights_service_level_settings_single_row', `"id" = 1`)
export class ServiceLevelSettings {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'boolean', default: false })
  published: boolean;

  @Column({ type: 'varchar', array: true, default: () => `'{${SERVICE_LEVEL_FIGURES.join(',')}}'` })
  figures: ServiceLevelFigure[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
