import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export type AccountTokenPurpose = 'password-reset' | 'email';

/**
 * A link sent by e-mail: a random token, of which only the sha256 is kept, good once and until
 * `expiresAt`. `email` is the address an e-mail token confirms (the new one, for a change).
 */
@Entity('account_tokens')
@Check('account_tokens_purpose_known', `"purpose" IN ('password-reset', 'email')`)
@Index('account_tokens_by_hash', ['tokenHash'], { unique: true })
@Index('account_tokens_by_user', ['userId', 'purpose'])
export class AccountToken {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'account_tokens_pk' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'account_tokens_user_fk' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  purpose: AccountTokenPurpose;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'citext', nullable: true })
  email: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
