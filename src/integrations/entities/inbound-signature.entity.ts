import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Signatures of accepted inbound callbacks, so a replayed request is refused (kept past the window). */
@Entity('inbound_signatures')
@Index('inbound_signatures_by_time', ['receivedAt'])
export class InboundSignature {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  signature: string;

  @Column({ type: 'varchar', length: 60 })
  purpose: string;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
