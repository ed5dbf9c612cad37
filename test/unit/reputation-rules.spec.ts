import { acceptanceEntries, appliedAmount, DEFAULT_RULES, voteEntries } from '../../src/reputation/reputation.rules.js';

describe('reputation rules (pure)', () => {
  const vote = { postId: 1, voteId: 2, authorId: 10, voterId: 20 };

  it('values votes as the table says', () => {
    expect(voteEntries(DEFAULT_RULES, { ...vote, value: 1, postType: 'question' })).toEqual([
      expect.objectContaining({ userId: 10, amount: 5, reason: 'question_upvoted', capped: true }),
    ]);
    expect(voteEntries(DEFAULT_RULES, { ...vote, value: 1, postType: 'answer' })).toEqual([
      expect.objectContaining({ userId: 10, amount: 10, reason: 'answer_upvoted', capped: true }),
    ]);
    expect(voteEntries(DEFAULT_RULES, { ...vote, value: -1, postType: 'question' })).toEqual([expect.objectContaining({ userId: 10, amount: -2 })]);
    expect(voteEntries(DEFAULT_RULES, { ...vote, value: -1, postType: 'answer' })).toEqual([
      expect.objectContaining({ userId: 10, amount: -2, reason: 'post_downvoted' }),
      expect.objectContaining({ userId: 20, amount: -1, reason: 'downvoted_answer' }),
    ]);
  });

  it('values acceptance: +15 and +2, nothing for accepting your own answer, no +2 to staff', () => {
    expect(acceptanceEntries(DEFAULT_RULES, { answerId: 5, answerAuthorId: 10, askerId: 20, accepterId: 20 }).map((e) => [e.userId, e.amount])).toEqual([
      [10, 15],
      [20, 2],
    ]);
    expect(acceptanceEntries(DEFAULT_RULES, { answerId: 5, answerAuthorId: 20, askerId: 20, accepterId: 20 })).toEqual([]);
    expect(acceptanceEntries(DEFAULT_RULES, { answerId: 5, answerAuthorId: 10, askerId: 20, accepterId: 30 }).map((e) => [e.userId, e.amount])).toEqual([[10, 15]]);
  });

  it('applies the floor of 1 and the daily cap', () => {
    expect(appliedAmount({ amount: -2 }, 2, 0, 200)).toBe(-1);
    expect(appliedAmount({ amount: -2 }, 1, 0, 200)).toBe(0);
    expect(appliedAmount({ amount: 10, capped: true }, 1, 195, 200)).toBe(5);
    expect(appliedAmount({ amount: 10, capped: true }, 1, 200, 200)).toBe(0);
    expect(appliedAmount({ amount: 15 }, 1, 200, 200)).toBe(15);
  });
});
