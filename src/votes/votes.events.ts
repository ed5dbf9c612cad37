/**
 * Jobs the votes module publishes with each vote that changes something. A vote publishes only
 * this (not `thread.changed`): its subscribers do what a vote can change, the post's score in the
 * search index, the vote badges, the best answer score in the insight facts, and no more.
 */
export const VoteEvents = {
  cast: 'vote.cast',
} as const;

export interface VoteCast {
  voteId: number;
  postId: number;
  postType: 'question' | 'answer';
  /** The thread the post belongs to (the post itself for a question). */
  questionId: number;
  authorId: number;
  voterId: number;
  value: -1 | 0 | 1;
  previous: -1 | 0 | 1;
}
