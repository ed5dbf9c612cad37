import type { MigrationInterface, QueryRunner } from 'typeorm';

const VISIBLE = (alias: string) => `(${alias}.deleted_at IS NULL AND ${alias}.hidden_at IS NULL)`;

/**
 * What a member's profile shows as counts (visible questions, answers, accepted answers and
 * comments, as the public sees them), kept in `member_counts` instead of counted per view.
 *
 * Triggers keep them, so every writer — the services, a merge, account deletion, the Stack
 * Exchange importer, seed:bulk — changes them in the transaction of its own write, and none can
 * forget to. Inserts (the hot path: new answers and comments) add set-based deltas from the
 * statement's new rows; the rarer changes of visibility, acceptance, author or parent recount the
 * members they touch (a hidden question also takes its answers and comments out of their authors'
 * counts). A vote's UPDATE of posts.score does not match the WHEN clause and costs nothing.
 */
export class MemberCounts1796400000001 implements MigrationInterface {
  name = 'MemberCounts1796400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "member_counts" (
      "user_id" integer NOT NULL PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE,
      "questions" integer NOT NULL DEFAULT 0, "answers" integer NOT NULL DEFAULT 0,
      "accepted" integer NOT NULL DEFAULT 0, "comments" integer NOT NULL DEFAULT 0)`);

    // The one definition of each count, for the members in `ids` (used by the recount and the backfill).
    const counts = (member: string) => `
      questions = (SELECT count(*) FROM posts p WHERE p.author_id = ${member} AND p.type = 'question' AND ${VISIBLE('p')}),
      answers = (SELECT count(*) FROM posts p LEFT JOIN posts q ON q.id = p.parent_id
                 WHERE p.author_id = ${member} AND p.type = 'answer' AND ${VISIBLE('p')} AND (q.id IS NULL OR ${VISIBLE('q')})),
      accepted = (SELECT count(*) FROM posts p JOIN posts q ON q.id = p.parent_id
                  WHERE p.author_id = ${member} AND p.type = 'answer' AND ${VISIBLE('p')} AND ${VISIBLE('q')} AND q.accepted_answer_id = p.id),
      comments = (SELECT count(*) FROM comments c JOIN posts cp ON cp.id = c.post_id LEFT JOIN posts cq ON cq.id = COALESCE(cp.parent_id, cp.id)
                  WHERE c.author_id = ${member} AND ${VISIBLE('c')} AND ${VISIBLE('cp')} AND (cq.id IS NULL OR ${VISIBLE('cq')}))`;

    // Rows locked in id order before counting: a concurrent insert's delta waits, then adds to the recount.
    await queryRunner.query(`CREATE FUNCTION member_counts_recount(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO member_counts (user_id) SELECT DISTINCT id FROM unnest(ids) AS u(id) WHERE id IS NOT NULL ORDER BY id ON CONFLICT (user_id) DO NOTHING;
        PERFORM 1 FROM member_counts WHERE user_id = ANY(ids) ORDER BY user_id FOR UPDATE;
        UPDATE member_counts m SET ${counts('m.user_id')} WHERE m.user_id = ANY(ids);
      END $$`);

    await queryRunner.query(`CREATE FUNCTION member_counts_posts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO member_counts AS m (user_id, questions, answers, accepted)
        SELECT author_id, sum(questions), sum(answers), sum(accepted) FROM (
          SELECT n.author_id,
                 (n.type = 'question' AND ${VISIBLE('n')})::int AS questions,
                 (n.type = 'answer' AND ${VISIBLE('n')} AND (q.id IS NULL OR ${VISIBLE('q')}))::int AS answers,
                 (n.type = 'answer' AND ${VISIBLE('n')} AND ${VISIBLE('q')} AND q.accepted_answer_id IS NOT DISTINCT FROM n.id)::int AS accepted
          FROM new_posts n LEFT JOIN posts q ON q.id = n.parent_id
          UNION ALL
          -- A question written with its solution already there (an import); answers of this statement count above.
          SELECT a.author_id, 0, 0, 1 FROM new_posts n JOIN posts a ON a.id = n.accepted_answer_id AND a.parent_id = n.id
          WHERE n.type = 'question' AND ${VISIBLE('n')} AND ${VISIBLE('a')} AND NOT EXISTS (SELECT 1 FROM new_posts x WHERE x.id = a.id)
        ) d
        GROUP BY author_id HAVING sum(questions) + sum(answers) + sum(accepted) > 0 ORDER BY author_id
        ON CONFLICT (user_id) DO UPDATE SET questions = m.questions + excluded.questions, answers = m.answers + excluded.answers,
          accepted = m.accepted + excluded.accepted;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER member_counts_posts_inserted AFTER INSERT ON posts REFERENCING NEW TABLE AS new_posts
      FOR EACH STATEMENT EXECUTE FUNCTION member_counts_posts_inserted()`);

    await queryRunner.query(`CREATE FUNCTION member_counts_comments_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO member_counts AS m (user_id, comments)
        SELECT n.author_id, count(*) FROM new_comments n JOIN posts cp ON cp.id = n.post_id LEFT JOIN posts cq ON cq.id = COALESCE(cp.parent_id, cp.id)
        WHERE ${VISIBLE('n')} AND ${VISIBLE('cp')} AND (cq.id IS NULL OR ${VISIBLE('cq')})
        GROUP BY n.author_id ORDER BY n.author_id
        ON CONFLICT (user_id) DO UPDATE SET comments = m.comments + excluded.comments;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER member_counts_comments_inserted AFTER INSERT ON comments REFERENCING NEW TABLE AS new_comments
      FOR EACH STATEMENT EXECUTE FUNCTION member_counts_comments_inserted()`);

    // A post that appears, disappears, moves, changes hands or becomes (or stops being) the solution.
    await queryRunner.query(`CREATE FUNCTION member_counts_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        reach boolean := ${VISIBLE('OLD')} IS DISTINCT FROM ${VISIBLE('NEW')} OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.type IS DISTINCT FROM NEW.type;
      BEGIN
        PERFORM member_counts_recount(ARRAY(
          SELECT OLD.author_id UNION SELECT NEW.author_id
          UNION SELECT author_id FROM posts WHERE id IN (OLD.accepted_answer_id, NEW.accepted_answer_id)
          UNION SELECT author_id FROM posts WHERE reach AND parent_id = NEW.id AND type = 'answer'
          UNION SELECT author_id FROM comments WHERE reach AND post_id = NEW.id
          UNION SELECT c.author_id FROM comments c JOIN posts a ON a.id = c.post_id WHERE reach AND a.parent_id = NEW.id AND a.type = 'answer'));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER member_counts_post_changed AFTER UPDATE ON posts FOR EACH ROW
      WHEN (${VISIBLE('OLD')} IS DISTINCT FROM ${VISIBLE('NEW')} OR OLD.accepted_answer_id IS DISTINCT FROM NEW.accepted_answer_id
            OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.type IS DISTINCT FROM NEW.type)
      EXECUTE FUNCTION member_counts_post_changed()`);

    await queryRunner.query(`CREATE FUNCTION member_counts_comment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM member_counts_recount(ARRAY[OLD.author_id, NEW.author_id]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER member_counts_comment_changed AFTER UPDATE ON comments FOR EACH ROW
      WHEN (${VISIBLE('OLD')} IS DISTINCT FROM ${VISIBLE('NEW')} OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.post_id IS DISTINCT FROM NEW.post_id)
      EXECUTE FUNCTION member_counts_comment_changed()`);

    // Rows removed outright (not the usual soft delete): their authors are recounted.
    await queryRunner.query(`CREATE FUNCTION member_counts_rows_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM member_counts_recount(ARRAY(SELECT DISTINCT author_id FROM old_rows));
        RETURN NULL;
      END $$`);
    for (const table of ['posts', 'comments']) {
      await queryRunner.query(`CREATE TRIGGER member_counts_${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION member_counts_rows_deleted()`);
    }

    await queryRunner.query(`INSERT INTO member_counts (user_id)
      SELECT author_id FROM posts UNION SELECT author_id FROM comments ORDER BY 1`);
    await queryRunner.query(`UPDATE member_counts m SET ${counts('m.user_id')}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [trigger, table] of [['posts_inserted', 'posts'], ['comments_inserted', 'comments'], ['post_changed', 'posts'],
      ['comment_changed', 'comments'], ['posts_deleted', 'posts'], ['comments_deleted', 'comments']]) {
      await queryRunner.query(`DROP TRIGGER member_counts_${trigger} ON ${table}`);
    }
    for (const fn of ['posts_inserted()', 'comments_inserted()', 'post_changed()', 'comment_changed()', 'rows_deleted()', 'recount(integer[])']) {
      await queryRunner.query(`DROP FUNCTION member_counts_${fn}`);
    }
    await queryRunner.query('DROP TABLE "member_counts"');
  }
}
