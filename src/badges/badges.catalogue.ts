import { ThreadEvents } from '../threads/threads.events.js';
import { VoteEvents } from '../votes/votes.events.js';
import { KnowledgeEvents } from '../knowledge/knowledge.events.js';
import { ModerationEvents } from '../moderation/moderation.events.js';

export const TIERS = ['bronze', 'silver', 'gold'] as const;
export type Tier = (typeof TIERS)[number];

export type BadgeGroup = 'participation' | 'quality' | 'solving' | 'knowledge' | 'citizenship' | 'tenure' | 'recognition';

export interface BadgeDefinition {
  slug: string;
  name: string;
  tier: Tier;
  group: BadgeGroup;
  description: string;
  /** Once per member, or once per post (the post that earned it). */
  perPost: boolean;
  /** The jobs after which the rule is evaluated for the members they concern (VOTE_TRIGGERS for votes). */
  triggers: string[];
  /**
   * The rule, Discourse-style: SQL listing every (user_id, post_id) that qualifies (post_id null
   * for badges earned once). It reads other modules' tables; only the badges module writes awards.
   * Absent for badges given by people (the super-user badge).
   */
  rule?: string;
}

/** An answer counts as a solution when it is accepted by someone other than its author and neither post is deleted. */
export const ACCEPTED_ANSWERS = `
  SELECT a.author_id AS user_id, a.id AS post_id, q.accepted_at
  FROM posts q JOIN posts a ON a.id = q.accepted_answer_id
  WHERE q.type = 'question' AND q.deleted_at IS NULL AND a.deleted_at IS NULL AND a.author_id <> q.author_id`;

const postsOfType = (type: 'question' | 'answer') =>
  `SELECT DISTINCT author_id AS user_id, NULL::int AS post_id FROM posts WHERE type = '${type}' AND deleted_at IS NULL`;

const postCount = (threshold: number) =>
  `SELECT author_id AS user_id, NULL::int AS post_id FROM posts WHERE deleted_at IS NULL GROUP BY author_id HAVING count(*) >= ${threshold}`;

const scoredPosts = (type: 'question' | 'answer', threshold: number) =>
  `SELECT author_id AS user_id, id AS post_id FROM posts WHERE type = '${type}' AND deleted_at IS NULL AND score >= ${threshold}`;

const solutions = (threshold: number) =>
  `SELECT user_id, NULL::int AS post_id FROM (${ACCEPTED_ANSWERS}) s GROUP BY user_id HAVING count(*) >= ${threshold}`;

const promotions = (threshold: number) =>
  `SELECT author_id AS user_id, NULL::int AS post_id FROM kb_articles GROUP BY author_id HAVING count(*) >= ${threshold}`;

/** Edits of others' questions and answers (revisions after the first), on posts still standing. */
const helpfulEdits = (threshold: number) =>
  `SELECT r.editor_id AS user_id, NULL::int AS post_id
   FROM post_revisions r JOIN posts p ON p.id = r.post_id
   WHERE r.number > 1 AND r.editor_id <> p.author_id AND p.deleted_at IS NULL
   GROUP BY r.editor_id HAVING count(*) >= ${threshold}`;

/** UTC days on which the member posted, commented or voted. */
const activeDays = (threshold: number) =>
  `SELECT user_id, NULL::int AS post_id FROM (
     SELECT author_id AS user_id, (created_at AT TIME ZONE 'UTC')::date AS day FROM posts
     UNION SELECT author_id, (created_at AT TIME ZONE 'UTC')::date FROM comments
     UNION SELECT voter_id, (created_at AT TIME ZONE 'UTC')::date FROM votes
   ) d GROUP BY user_id HAVING count(*) >= ${threshold}`;

/**
 * The two audiences of a votes.changed job, as triggers: the authors whose post's score rose (a
 * fall earns nothing) and the members who voted. A rule runs only for the audience that can meet it.
 */
export const VOTE_TRIGGERS = { scoreRose: `${VoteEvents.changed}#score-rose`, voted: `${VoteEvents.changed}#voted` } as const;

const POSTED = [ThreadEvents.postCreated];
const VOTED = [VOTE_TRIGGERS.scoreRose];
const SOLVED = [ThreadEvents.solutionChanged];
const PROMOTED = [KnowledgeEvents.answerPromoted];
const EDITED = [ThreadEvents.answerEdited, ThreadEvents.changed];
const ACTIVE = [ThreadEvents.postCreated, ThreadEvents.commentCreated, VOTE_TRIGGERS.voted];

export const SUPER_USER_BADGE = 'super-user';

/** The catalogue: every badge, its tier and its rule. The numbers in the rules are the thresholds. */
export const BADGES: readonly BadgeDefinition[] = [
  { slug: 'curious', name: 'Curious', tier: 'bronze', group: 'participation', perPost: false, triggers: POSTED,
    description: 'Asked a first question.', rule: postsOfType('question') },
  { slug: 'helper', name: 'Helper', tier: 'bronze', group: 'participation', perPost: false, triggers: POSTED,
    description: 'Posted a first answer.', rule: postsOfType('answer') },
  { slug: 'commentator', name: 'Commentator', tier: 'bronze', group: 'participation', perPost: false, triggers: [ThreadEvents.commentCreated],
    description: 'Left a first comment.', rule: `SELECT DISTINCT author_id AS user_id, NULL::int AS post_id FROM comments WHERE deleted_at IS NULL` },
  { slug: 'regular', name: 'Regular', tier: 'bronze', group: 'participation', perPost: false, triggers: POSTED,
    description: 'Posted 10 questions or answers.', rule: postCount(10) },
  { slug: 'nice-answer', name: 'Nice Answer', tier: 'bronze', group: 'quality', perPost: true, triggers: VOTED,
    description: 'An answer with a score of 5 or more (once per answer).', rule: scoredPosts('answer', 5) },
  { slug: 'good-answer', name: 'Good Answer', tier: 'silver', group: 'quality', perPost: true, triggers: VOTED,
    description: 'An answer with a score of 10 or more (once per answer).', rule: scoredPosts('answer', 10) },
  { slug: 'great-answer', name: 'Great Answer', tier: 'gold', group: 'quality', perPost: true, triggers: VOTED,
    description: 'An answer with a score of 25 or more (once per answer).', rule: scoredPosts('answer', 25) },
  { slug: 'good-question', name: 'Good Question', tier: 'silver', group: 'quality', perPost: true, triggers: VOTED,
    description: 'A question with a score of 10 or more (once per question).', rule: scoredPosts('question', 10) },
  { slug: 'problem-solver', name: 'Problem Solver', tier: 'bronze', group: 'solving', perPost: false, triggers: SOLVED,
    description: 'A first answer accepted as the solution.', rule: solutions(1) },
  { slug: 'troubleshooter', name: 'Troubleshooter', tier: 'silver', group: 'solving', perPost: false, triggers: SOLVED,
    description: '10 answers accepted as the solution.', rule: solutions(10) },
  { slug: 'guru', name: 'Guru', tier: 'gold', group: 'solving', perPost: false, triggers: SOLVED,
    description: '50 answers accepted as the solution.', rule: solutions(50) },
  { slug: 'documented', name: 'Documented', tier: 'silver', group: 'knowledge', perPost: true, triggers: PROMOTED,
    description: 'An answer promoted to a knowledge-base article (once per answer).',
    rule: `SELECT author_id AS user_id, source_answer_id AS post_id FROM kb_articles` },
  { slug: 'librarian', name: 'Librarian', tier: 'gold', group: 'knowledge', perPost: false, triggers: PROMOTED,
    description: '5 answers promoted to knowledge-base articles.', rule: promotions(5) },
  { slug: 'citizen-patrol', name: 'Citizen Patrol', tier: 'bronze', group: 'citizenship', perPost: false, triggers: [ModerationEvents.actionRecorded],
    description: 'A first flag that a moderator acted on.', rule: `SELECT DISTINCT flagger_id AS user_id, NULL::int AS post_id FROM flags WHERE status = 'upheld'` },
  { slug: 'editor', name: 'Editor', tier: 'silver', group: 'citizenship', perPost: false, triggers: EDITED,
    description: 'Made 10 edits to other members\u2019 posts.', rule: helpfulEdits(10) },
  { slug: 'devoted', name: 'Devoted', tier: 'silver', group: 'tenure', perPost: false, triggers: ACTIVE,
    description: 'Active (posting, commenting or voting) on 30 distinct days.', rule: activeDays(30) },
  { slug: SUPER_USER_BADGE, name: 'Super-user', tier: 'gold', group: 'recognition', perPost: false, triggers: [],
    description: 'Recognised by the community managers for answering for everyone: the super-user programme.' },
];

const BY_SLUG = new Map(BADGES.map((badge) => [badge.slug, badge]));

export function badgeBySlug(slug: string): BadgeDefinition | undefined {
  return BY_SLUG.get(slug);
}

export function badgesTriggeredBy(event: string): BadgeDefinition[] {
  return BADGES.filter((badge) => badge.triggers.includes(event));
}
