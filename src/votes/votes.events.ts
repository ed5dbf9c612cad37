/** Jobs the votes module publishes with each vote that changes something. */
export const VoteEvents = {
  cast: 'vote.cast',
} as const;

export interface VoteCast {
  voteId: number;
  postId: number;
  postType: 'question' | 'answer';
  authorId: number;
  voterId: number;
  value: -1 | 0 | 1;
  previous: -1 | 0 | 1;
}
