import type { ReputationEntry } from '../reputation/entities/reputation-entry.entity.js';

const REASON_LABELS: Record<string, string> = {
  question_upvoted: 'Question upvoted',
  answer_upvoted: 'Answer upvoted',
  post_downvoted: 'Post downvoted',
  downvoted_answer: 'You downvoted an answer',
  answer_accepted: 'Answer accepted',
  accepted_answer: 'You accepted an answer',
  answer_promoted: 'Answer promoted to the knowledge base',
  post_deleted_as_spam: 'Post deleted as spam',
  reversal: 'Reversed',
};

export const ProfilesPresenter = {
  entry(entry: ReputationEntry) {
    return {
      id: entry.id,
      amount: entry.amount,
      requested: entry.requested,
      reason: entry.reason,
      postId: entry.postId,
      voteId: entry.voteId,
      reversalOf: entry.reversalOfId,
      createdAt: entry.createdAt.toISOString(),
    };
  },

  /** The ledger as a reader follows it: one group per UTC day, each entry linking to its post. */
  historyByDay(entries: ReputationEntry[], links: Map<number, { title: string; url: string }>) {
    const days = new Map<string, { day: string; total: number; entries: object[] }>();
    for (const entry of entries) {
      const day = entry.createdAt.toISOString().slice(0, 10);
      const group = days.get(day) ?? { day, total: 0, entries: [] };
      group.total += entry.amount;
      const link = entry.postId ? links.get(entry.postId) : undefined;
      group.entries.push({
        amount: entry.amount,
        signed: entry.amount > 0 ? `+${entry.amount}` : String(entry.amount),
        label: REASON_LABELS[entry.reason] ?? entry.reason,
        capped: entry.amount !== entry.requested,
        title: link?.title,
        url: link?.url,
      });
      days.set(day, group);
    }
    return [...days.values()].map((group) => ({ ...group, signedTotal: group.total > 0 ? `+${group.total}` : String(group.total) }));
  },
};
