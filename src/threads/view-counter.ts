import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WriteBehind } from '../common/write-behind.js';

const FLUSH_MS = 1_000;

/**
 * Views are counted in batches: the thread page only notes the view, and once a second one
 * statement records them all, counting a viewer at most once per question per hour.
 */
@Injectable()
export class ViewCounter implements OnApplicationShutdown {
  private readonly views = new WriteBehind<{ postId: number; viewerKey: string }>((batch) => this.write(batch), FLUSH_MS);

  constructor(private readonly dataSource: DataSource) {}

  record(postId: number, viewerKey: string): void {
    this.views.note(`${postId}|${viewerKey}`, { postId, viewerKey });
  }

  flush(): Promise<void> {
    return this.views.flush();
  }

  private async write(batch: { postId: number; viewerKey: string }[]): Promise<void> {
    await this.dataSource.query(
      `WITH counted AS (
         INSERT INTO post_views (post_id, viewer_key, viewed_at)
         SELECT post_id, viewer_key, now() FROM unnest($1::int[], $2::varchar[]) AS v(post_id, viewer_key)
         ON CONFLICT (post_id, viewer_key) DO UPDATE SET viewed_at = now()
           WHERE post_views.viewed_at < now() - interval '1 hour'
         RETURNING post_id)
       UPDATE posts p SET view_count = p.view_count + c.n
       FROM (SELECT post_id, count(*)::int AS n FROM counted GROUP BY post_id) c WHERE p.id = c.post_id`,
      [batch.map((v) => v.postId), batch.map((v) => v.viewerKey)],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush().catch(() => undefined);
  }
}
