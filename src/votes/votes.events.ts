/**
 * What the votes module publishes. A vote publishes no job of its own: it records its change
 * (vote_changes) and a sweep publishes one `votes.changed` for every change recorded since the
 * last, so a burst of votes costs each subscriber a job per sweep, not one per vote. Subscribers
 * do what votes can change (scores in the search index, the vote badges, the best answer score in
 * the insight facts) and no more; each re-reads current state, so a job covers every vote before it.
 */
export const VoteEvents = {
  changed: 'votes.changed',
} as const;

export interface VotesChanged {
  /** Posts whose score changed. */
  postIds: number[];
  /** Threads in which the score of an answer changed. */
  answerQuestionIds: number[];
  /** Authors of posts whose score rose: only a rise can earn a score badge or reach the super-user bar. */
  raisedAuthorIds: number[];
  /** Members who cast a vote (not a retraction): the activity badges count days with one. */
  voterIds: number[];
}
