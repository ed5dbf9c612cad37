/** Events the insights module publishes for others (integrations subscribes). */
export const InsightsEvents = {
  /** A question waited past its response target with no good answer. */
  questionPastTarget: 'insights.question-past-target',
} as const;

export interface QuestionPastTarget {
  questionId: number;
  title: string;
  slug: string;
  tags: string[];
  askedAt: string;
  targetHours: number;
}
