/** The reputation and privilege numbers, with the defaults from DESIGN.md; admins can change them. */
export const DEFAULT_RULES = {
  questionUpvoted: 5,
  answerUpvoted: 10,
  postDownvoted: -2,
  downvotedAnswer: -1,
  answerAccepted: 15,
  acceptedAnswer: 2,
  answerPromoted: 25,
  postDeletedAsSpam: -100,
  dailyVoteCap: 200,
  privilegeUpvote: 15,
  privilegeComment: 50,
  privilegeDownvote: 125,
  privilegeEdit: 1000,
  privilegeClose: 2000,
  newMemberBelow: 10,
  newMemberLinks: 2,
  flagMinReputation: 15,
  flagsToHide: 3,
  closeVotesToClose: 3,
} as const;

export type RuleName = keyof typeof DEFAULT_RULES;
export type Rules = { readonly [K in RuleName]: number };

export const RULE_LABELS: Record<RuleName, string> = {
  questionUpvoted: 'Your question is upvoted',
  answerUpvoted: 'Your answer is upvoted',
  postDownvoted: 'Your post is downvoted',
  downvotedAnswer: 'You downvote an answer',
  answerAccepted: 'Your answer is accepted',
  acceptedAnswer: 'You accept an answer to your question',
  answerPromoted: 'Your answer is promoted to a knowledge article',
  postDeletedAsSpam: 'Your post is deleted as spam or offensive',
  dailyVoteCap: 'Most reputation from votes per member per UTC day',
  privilegeUpvote: 'Reputation needed to upvote',
  privilegeComment: "Reputation needed to comment on others' posts",
  privilegeDownvote: 'Reputation needed to downvote',
  privilegeEdit: "Reputation needed to edit others' posts",
  privilegeClose: 'Reputation needed to vote to close',
  newMemberBelow: 'Members below this reputation count as new',
  newMemberLinks: 'Most links a new member may put in one post',
  flagMinReputation: 'Reputation a flagger needs for the flag to count toward hiding',
  flagsToHide: 'Counting flags that hide a post pending review',
  closeVotesToClose: 'Close votes that close a question',
};

export type EntryReason =
  | 'question_upvoted'
  | 'answer_upvoted'
  | 'post_downvoted'
  | 'downvoted_answer'
  | 'answer_accepted'
  | 'accepted_answer'
  | 'answer_promoted'
  | 'post_deleted_as_spam'
  | 'reversal';

/** A change to one member's reputation, before the floor and the daily cap are applied. */
export interface EntryDraft {
  userId: number;
  amount: number;
  reason: EntryReason;
  postId?: number;
  voteId?: number;
  actorId?: number;
  /** Counts toward the daily vote cap (reputation earned from upvotes). */
  capped?: boolean;
}

/** What one vote is worth, to the post's author and (for a downvoted answer) to the voter. */
export function voteEntries(
  rules: Rules,
  vote: { value: 1 | -1; postType: 'question' | 'answer'; postId: number; voteId: number; authorId: number; voterId: number },
): EntryDraft[] {
  const source = { postId: vote.postId, voteId: vote.voteId, actorId: vote.voterId };
  if (vote.value === 1) {
    const question = vote.postType === 'question';
    return [
      {
        ...source,
        userId: vote.authorId,
        amount: question ? rules.questionUpvoted : rules.answerUpvoted,
        reason: question ? 'question_upvoted' : 'answer_upvoted',
        capped: true,
      },
    ];
  }
  const entries: EntryDraft[] = [{ ...source, userId: vote.authorId, amount: rules.postDownvoted, reason: 'post_downvoted' }];
  if (vote.postType === 'answer') entries.push({ ...source, userId: vote.voterId, amount: rules.downvotedAnswer, reason: 'downvoted_answer' });
  return entries;
}

/** What an acceptance is worth: nothing for accepting your own answer, +2 only to an asker who accepts. */
export function acceptanceEntries(
  rules: Rules,
  acceptance: { answerId: number; answerAuthorId: number; askerId: number; accepterId: number },
): EntryDraft[] {
  if (acceptance.answerAuthorId === acceptance.askerId) return [];
  const entries: EntryDraft[] = [
    { userId: acceptance.answerAuthorId, amount: rules.answerAccepted, reason: 'answer_accepted', postId: acceptance.answerId, actorId: acceptance.accepterId },
  ];
  if (acceptance.accepterId === acceptance.askerId) {
    entries.push({ userId: acceptance.askerId, amount: rules.acceptedAnswer, reason: 'accepted_answer', postId: acceptance.answerId, actorId: acceptance.accepterId });
  }
  return entries;
}

/**
 * The amount actually written: never below the floor of 1, and capped entries never past the
 * day's cap. `earnedToday` is what capped entries have already added today.
 */
export function appliedAmount(draft: { amount: number; capped?: boolean }, reputation: number, earnedToday: number, dailyCap: number): number {
  let amount = draft.amount;
  if (draft.capped && amount > 0) amount = Math.max(0, Math.min(amount, dailyCap - earnedToday));
  if (reputation + amount < 1) amount = 1 - reputation;
  return amount;
}
