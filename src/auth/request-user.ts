import type { Actor } from '../users/actor.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport puts the signed-in member here; API tokens resolve to the same shape.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'success' | 'error' | 'info'; message: string };
  }
}

export {};
