import type { EntityManager } from 'typeorm';

/**
 * Everything a member's data download holds, read in one go. A read-only report across the
 * tables that hold their contributions (like insights' queries); it writes nothing.
 */
export async function personalData(db: EntityManager, userId: number) {
  const [profile] = await db.query(
    `SELECT id, username, email, role, reputation, about, email_verified_at AS "emailVerifiedAt", created_at AS "createdAt"
       FROM users WHERE id = $1`,
    [userId],
  );
  const posts = await db.query(
    `SELECT id, type, parent_id AS "questionId", title, body, tags, score, created_at AS "createdAt", edited_at AS "editedAt", deleted_at AS "deletedAt"
       FROM posts WHERE author_id = $1 ORDER BY id`,
    [userId],
  );
  const comments = await db.query(
    `SELECT id, post_id AS "postId", body, created_at AS "createdAt", deleted_at AS "deletedAt" FROM comments WHERE author_id = $1 ORDER BY id`,
    [userId],
  );
  const votes = await db.query(`SELECT post_id AS "postId", value, created_at AS "createdAt" FROM votes WHERE voter_id = $1 ORDER BY post_id`, [userId]);
  const notifications = await db.query(
    `SELECT kind, text, url, created_at AS "createdAt", read_at AS "readAt" FROM notifications WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return { exportedAt: new Date().toISOString(), profile, posts, comments, votes, notifications };
}
