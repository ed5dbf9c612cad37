import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from '../users/users.service.js';
import type { Actor } from '../users/actor.js';

/** The session keeps only the member's id; role and suspension are read fresh on every request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: Actor, done: (error: unknown, id?: number) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: number, done: (error: unknown, user?: Actor | false) => void): void {
    this.users.findById(id).then(
      (user) => done(null, user ?? false),
      (error) => done(error),
    );
  }
}
