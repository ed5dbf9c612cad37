/** How questions with one tag fared lately, as the community publishes it. */
export interface ResponseExpectation {
  tag: string;
  /** The period the figures cover, ending now. */
  days: number;
  targetHours: number;
  /** Null when that figure is not published. */
  medianHoursToFirstAnswer: number | null;
  answeredWithinTargetShare: number | null;
}

/**
 * The port through which the ask page reads what to expect for the tags being chosen. The
 * insights module provides it (globally), so threads need not import insights, which sits on
 * top; without a provider, or while nothing is published, the ask page shows no expectation.
 */
export interface ResponseExpectationsReader {
  /** Whether anything is published that the ask page could show. */
  available(): boolean;
  forTags(tags: readonly string[]): Promise<ResponseExpectation[]>;
}

export const RESPONSE_EXPECTATIONS = Symbol('RESPONSE_EXPECTATIONS');

/** 0.4 → "25 minutes", 3.2 → "3 hours", 70 → "3 days": how long, as a reader would say it. */
export function durationInWords(hours: number): string {
  if (hours < 1) {
    const minutes = Math.max(5, Math.ceil((hours * 60) / 5) * 5);
    return minutes === 60 ? '1 hour' : `${minutes} minutes`;
  }
  if (hours < 48) {
    const whole = Math.round(hours);
    return `${whole} ${whole === 1 ? 'hour' : 'hours'}`;
  }
  return `${Math.round(hours / 24)} days`;
}

/** The one wording of an expectation, for the ask page and its script alike. */
export function describeExpectation(e: ResponseExpectation): string {
  const period = `last ${e.days} days`;
  const target = `our ${e.targetHours}-hour target`;
  const share = e.answeredWithinTargetShare === null ? null : `${Math.round(e.answeredWithinTargetShare * 100)} %`;
  if (e.medianHoursToFirstAnswer !== null) {
    const median = `Questions tagged ${e.tag} usually get a first answer within ${durationInWords(e.medianHoursToFirstAnswer)} (median, ${period})`;
    return share === null ? `${median}.` : `${median}; ${share} within ${target}.`;
  }
  return `${share} of questions tagged ${e.tag} get a first answer within ${target} (${period}).`;
}
