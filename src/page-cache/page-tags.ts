/**
 * What a kept page shows, as tags: a change announces the tags it touches and every page carrying
 * one is dropped, on every instance. What no tag covers (reputation and badges beside names, view
 * counts) waits for the page's time-to-live.
 */
export const PageTags = {
  /** The thread page of one question (its question, answers, comments, votes, articles made of it). */
  thread: (questionId: number) => `thread:${questionId}`,
  /** Whatever shows one answer (its thread page): for changes made outside threads, such as an article made of it. */
  answer: (answerId: number) => `answer:${answerId}`,
  /** Every list of questions: home, /questions in any sort, tag pages, the tag index. */
  questionLists: 'question-lists',
  /** The knowledge base: its index and articles. */
  knowledge: 'knowledge',
  /** Member profiles and the leaderboard: time-to-live only (reputation moves with every vote). */
  members: 'members',
} as const;

/** The tags a change to one thread touches: its page and the lists that show it. */
export const threadTags = (questionId: number): string[] => [PageTags.thread(questionId), PageTags.questionLists];
