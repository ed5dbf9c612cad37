import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../role.js';

@Entity('users')
@Check('users_reputation_floor', '"reputation" >= 1')
// Signed-up members have an e-mail address, and a password unless they sign in through single sign-on;
// imported and deleted members may have neither.
@Check('users_can_sign_in_or_imported', `"imported_from" IS NOT NULL OR "deleted_at" IS NOT NULL OR "email" IS NOT NULL`)
@Check('users_role_known', `"role" IN ('member', 'agent', 'moderator', 'admin')`)
export class User {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  /** citext: unique case-insensitively, shown as the member typed it. */
  @Column({ type: 'citext', unique: true })
  username: string;

  /** Null only for imported members: nobody can sign in as them. */
  @Column({ type: 'citext', unique: true, nullable: true })
  email: string | null;

  /** Null for imported members and for members who sign in only through single sign-on. */
  @Column({ type: 'text', select: false, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: Role;

  @Column({ type: 'int', default: 1 })
  reputation: number;

  /**
   * What the member's upvotes (capped ledger entries) earned on `cappedDay` (UTC), which the daily
   * cap reads; kept by the ledger's writes (ReputationService), never read with the member.
   */
  @Column({ type: 'int', default: 0, select: false })
  cappedEarned: number;

  @Column({ type: 'date', nullable: true, select: false })
  cappedDay: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  suspendedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason: string | null;

  @Column({ type: 'text', nullable: true })
  about: string | null;

  /** The site an imported member came from (e.g. "cardano.stackexchange.com"); null for members who signed up. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  importedFrom: string | null;

  @Column({ type: 'int', nullable: true })
  importedSourceId: number | null;

  /** The display name on the original site, as written there (the username is derived from it). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  importedName: string | null;

  /** When the member confirmed their current address; null until they do. */
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** Set when the member deleted their account: the row stays (posts keep an author), its personal data is gone. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
