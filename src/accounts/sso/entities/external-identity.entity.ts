import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../../users/entities/user.entity.js';

/** An account at an OpenID provider (issuer + subject) that signs in as a member here. */
@Entity('external_identities')
@Index('external_identities_issuer_subject', ['issuer', 'subject'], { unique: true })
@Index('external_identities_by_user', ['userId'])
export class ExternalIdentity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  /** The address the provider gave when the identity was linked (for the member's settings page). */
  @Column({ type: 'citext', nullable: true })
  email: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;
}
