import type { Rules } from '../reputation/reputation.rules.js';
import type { Thread } from '../threads/thread-reader.service.js';
import type { Actor } from '../users/actor.js';
import { isSuspended } from '../users/suspension.js';

/** What tells whether a member may be shown a thread body kept for their audience. */
export interface ThreadReaders {
  /** The posts on the page: a member's vote on one presses its button. */
  postIds: readonly number[];
  /** Who wrote the question, an answer or a comment: their page has their own controls. */
  writers: readonly number[];
}

/**
 * Members who see the same thread page, as long as they wrote and voted on none of it: the same
 * role under the same privilege rules, holding the same privileges, and, below the voting
 * privileges (whose refusals name the member's reputation), the same reputation. None for a
 * suspended member: the page tells them why they cannot post.
 */
export function threadAudience(member: Actor, rules: Rules): string | undefined {
  if (isSuspended(member)) return undefined;
  const privileges = [rules.privilegeUpvote, rules.privilegeComment, rules.privilegeDownvote, rules.privilegeEdit, rules.privilegeClose];
  const standing =
    member.reputation < Math.max(rules.privilegeUpvote, rules.privilegeDownvote)
      ? `reputation ${member.reputation}`
      : `${privileges.filter((needed) => member.reputation >= needed).length} privileges`;
  return `thread: ${member.role} under ${privileges.join('/')}, ${standing}`;
}

export function votedOn(votes: Map<number, number>): boolean {
  return [...votes.values()].some((value) => value !== 0);
}

export function writersOf({ question, answers, commentsByPost }: Thread): number[] {
  const writers = new Set([question.authorId, ...answers.map((answer) => answer.authorId)]);
  for (const comments of commentsByPost.values()) for (const comment of comments) writers.add(comment.authorId);
  return [...writers];
}
