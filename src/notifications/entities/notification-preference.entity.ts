import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/** A member's choice about e-mail; no row means the default (e-mail on, when the site sends any). */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'int' })
  userId: number;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
