import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.js';
import { ThreadReader } from '../threads/thread-reader.service.js';
import { ThreadEvents, type CommentCreated, type PostCreated } from '../threads/threads.events.js';
import { UsersService } from '../users/users.service.js';
import { FollowsService } from './follows.service.js';
import { mentionedUsernames } from './mentions.js';
import { NotificationsService } from './notifications.service.js';

const SUBSCRIBER = 'follows';

/**
 * Watching and mentions. Asking or answering watches the thread; a new answer tells the thread's
 * watchers (not its author, nor the asker, who hears of it anyway); `@username` in a post or
 * comment tells that member once per post or comment, whatever the number of mentions.
 */
@Injectable()
export class FollowTriggers implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly follows: FollowsService,
    private readonly notifications: NotificationsService,
    private readonly reader: ThreadReader,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.subscribe<PostCreated>(ThreadEvents.postCreated, (e) => this.postCreated(e), SUBSCRIBER);
    await this.jobs.subscribe<CommentCreated>(ThreadEvents.commentCreated, (e) => this.commentCreated(e), SUBSCRIBER);
  }

  async postCreated(event: PostCreated): Promise<void> {
    const type = event.type;
    const { question, answers } = await this.reader.forIndexing(event.questionId);
    const post = type === 'question' ? question : answers.find((a) => a.id === event.postId);
    const summary = (await this.reader.contentSummaries([{ type, id: event.postId }])).get(`${type}:${event.postId}`);
    if (!post || !summary) return;
    await this.follows.autoWatch(event.authorId, event.questionId, post.createdAt);
    if (type === 'answer') {
      for (const userId of await this.follows.watcherIds(event.questionId, post.createdAt)) {
        if (userId === question?.authorId) continue;
        await this.notifications.notify({
          userId, kind: 'watched', sourceKey: `watched:${event.postId}`, actorId: event.authorId,
          text: `New answer in a thread you watch: “${summary.title}”`, url: summary.url,
        });
      }
    }
    await this.mentions(summary.text, `mention:${type}:${event.postId}`, event.authorId, `${summary.author} mentioned you in “${summary.title}”`, summary.url);
  }

  async commentCreated(event: CommentCreated): Promise<void> {
    const summary = (await this.reader.contentSummaries([{ type: 'comment', id: event.commentId }])).get(`comment:${event.commentId}`);
    if (!summary || summary.hidden || summary.deleted) return;
    await this.mentions(summary.text, `mention:comment:${event.commentId}`, event.authorId, `${summary.author} mentioned you in a comment on “${summary.title}”`, summary.url);
  }

  private async mentions(text: string, sourceKey: string, authorId: number, message: string, url: string): Promise<void> {
    const members = await this.users.findByUsernames(mentionedUsernames(text));
    for (const member of members) {
      await this.notifications.notify({ userId: member.id, kind: 'mention', sourceKey, actorId: authorId, text: message, url });
    }
  }
}
