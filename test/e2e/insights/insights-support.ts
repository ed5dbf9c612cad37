import type { TestApp } from '../../support/test-app.js';

/** Writes a post's creation time with SQL: fixtures at known times. */
export async function setCreatedAt(t: TestApp, postId: number, at: Date): Promise<void> {
  await t.db.query('UPDATE posts SET created_at = $1 WHERE id = $2', [at, postId]);
}
