import { Injectable } from '@nestjs/common';

let fixedNow: Date | null = null;

/**
 * The time "now" for rules that depend on it (response targets, report windows). System time,
 * unless a test fixes it with `setClockForTests` so data built at known times gives known answers.
 */
@Injectable()
export class Clock {
  now(): Date {
    return fixedNow ? new Date(fixedNow.getTime()) : new Date();
  }
}

/** Tests only: fix the clock at `now`, or give it back to the system with null. */
export function setClockForTests(now: Date | null): void {
  fixedNow = now ? new Date(now.getTime()) : null;
}
