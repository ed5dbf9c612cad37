import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../../../users/entities/user.entity.js';

/**
 * A member's TOTP secret (RFC 6238), encrypted at rest (secret-box.ts). Pending until the member
 * confirms a first code (`enabledAt` null); `lastUsedStep` refuses a code used once already.
 */
@Entity('two_factor_credentials')
export class TwoFactorCredential {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'text' })
  secretSealed: string;

  @Column({ type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  @Column({ type: 'int', nullable: true })
  lastUsedStep: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
