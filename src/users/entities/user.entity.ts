import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../role.js';

@Entity('users')
@Check('users_reputation_floor', '"reputation" >= 1')
@Check('users_role_known', `"role" IN ('member', 'agent', 'moderator', 'admin')`)
export class User {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  /** citext: unique case-insensitively, shown as the member typed it. */
  @Column({ type: 'citext', unique: true })
  username: string;

  @Column({ type: 'citext', unique: true })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: Role;

  @Column({ type: 'int', default: 1 })
  reputation: number;

  @Column({ type: 'timestamptz', nullable: true })
  suspendedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
