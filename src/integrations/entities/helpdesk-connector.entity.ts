import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type HelpdeskMode = 'webhook' | 'email';

/**
 * How escalations reach the support desk (one row, id 1): a signed webhook to its URL, or an
 * e-mail to its intake address. `secret` signs the webhook and verifies the helpdesk's callback.
 */
@Entity('helpdesk_connector')
@Check('helpdesk_connector_single', `"id" = 1`)
@Check('helpdesk_connector_mode_known', `"mode" IN ('webhook', 'email')`)
export class HelpdeskConnector {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 10 })
  mode: HelpdeskMode;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  intakeEmail: string | null;

  @Column({ type: 'varchar', length: 100, select: false })
  secret: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
