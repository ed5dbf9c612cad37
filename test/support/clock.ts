import { setClockForTests } from '../../src/common/clock.js';

/** Fixes the app's Clock at `now` (whole seconds, so SQL and JS agree); returns it. */
export function fixClock(now = new Date()): Date {
  const fixed = new Date(Math.floor(now.getTime() / 1000) * 1000);
  setClockForTests(fixed);
  return fixed;
}

export function resetClock(): void {
  setClockForTests(null);
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
