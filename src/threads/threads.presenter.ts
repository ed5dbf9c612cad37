import { diffWords } from 'diff';
import { renderedToText } from '../common/markdown/markdown.js';
import type { Rules } from '../reputation/reputation.rules.js';
import type { Actor } from '../users/actor.js';
import type { User } from '../users/entities/user.entity.js';
import type { Comment } from './entities/comment.entity.js';
import type { Post } from './entities/post.entity.js';
import type { Revision } from './entities/revision.entity.js';
import type { Tag } from './entities/tag.entity.js';
import type { QuestionSlice } from './question-lists.service.js';
import type { Thread } from './thread-reader.service.js';
import type { ThreadsPolicy } from './threads.policy.js';

/** The reader's vote on a post and whether each vote control works for them. */
export interface VotingState {
  myVote: number;
  up: { allowed: boolean; reason?: string };
  down: { allowed: boolean; reason?: string };
}

export const questionPath = (question: Pick<Post, 'id' | 'slug'>) => `/questions/${question.id}/${question.slug}`;

const author = (user: User | undefined) =>
  user ? { id: user.id, username: user.username, reputation: user.reputation, role: user.role } : { id: 0, username: 'deleted', reputation: 0, role: 'member' };

/** An imported post's attribution, as its licence asks: the site, the author's name there, a link to the original. */
const attribution = (post: Post) =>
  post.importedFrom && post.sourceId !== null
    ? {
        site: post.importedFrom,
        author: post.sourceAuthor ?? 'a deleted user',
        url: `https://${post.importedFrom}/${post.type === 'question' ? 'q' : 'a'}/${post.sourceId}`,
        license: post.sourceLicense ?? 'CC BY-SA',
      }
    : null;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Moderators see removed content marked: hidden (pending review) or deleted. */
const removal = (row: { hiddenAt: Date | null; deletedAt: Date | null }) => ({
  ...(row.deletedAt ? { deleted: true } : {}),
  ...(row.hiddenAt ? { hidden: true } : {}),
});

/** Why a question is closed, and the original a duplicate links to (while readers can see it). */
function closure(question: Post, seesRemoved: boolean) {
  if (!question.closedAt) return { closed: false };
  const original = question.duplicateOf;
  const visible = original && (seesRemoved || (!original.deletedAt && !original.hiddenAt));
  return {
    closed: true,
    closeReason: question.closeReason,
    closedAt: question.closedAt.toISOString(),
    duplicateOf: visible ? { id: original.id, title: original.title!, url: questionPath(original) } : null,
  };
}

/** Whether an assert-style policy check passes, for showing or hiding a control. */
function allowed(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** One mapper for pages and API: entities never reach a view or a response body. */
export const ThreadsPresenter = {
  questionRow(question: Post) {
    return {
      id: question.id,
      url: questionPath(question),
      title: question.title!,
      tags: question.tags ?? [],
      score: question.score,
      answerCount: question.answerCount,
      viewCount: question.viewCount,
      solved: question.acceptedAnswerId !== null,
      verified: question.hasVerifiedAnswer,
      locked: question.lockedAt !== null,
      author: author(question.author),
      createdAt: question.createdAt.toISOString(),
      lastActivityAt: question.lastActivityAt.toISOString(),
    };
  },

  questionList(slice: QuestionSlice) {
    const last = slice.items.at(-1);
    // nextAfter: the cursor of the next page (?after=), whatever the depth.
    return { items: slice.items.map(ThreadsPresenter.questionRow), page: slice.page, size: slice.size, hasNext: slice.hasNext, nextAfter: slice.hasNext ? last?.id : undefined };
  },

  apiAnswer(answer: Post, acceptedAnswerId: number | null) {
    return {
      id: answer.id,
      questionId: answer.parentId!,
      body: answer.body,
      bodyHtml: answer.bodyHtml,
      score: answer.score,
      accepted: answer.id === acceptedAnswerId,
      verified: answer.verifiedAt !== null,
      commentCount: answer.commentCount,
      author: author(answer.author),
      attribution: attribution(answer),
      createdAt: answer.createdAt.toISOString(),
      editedAt: iso(answer.editedAt),
      ...removal(answer),
    };
  },

  apiComment(comment: Comment) {
    return {
      id: comment.id,
      postId: comment.postId,
      body: comment.body,
      bodyHtml: comment.bodyHtml,
      author: author(comment.author),
      createdAt: comment.createdAt.toISOString(),
      ...removal(comment),
    };
  },

  apiQuestion({ question, answers, commentsByPost }: Thread) {
    return {
      ...ThreadsPresenter.questionRow(question),
      body: question.body,
      bodyHtml: question.bodyHtml,
      attribution: attribution(question),
      acceptedAnswerId: question.acceptedAnswerId,
      editedAt: iso(question.editedAt),
      comments: (commentsByPost.get(question.id) ?? []).map(ThreadsPresenter.apiComment),
      answers: answers.map((answer) => ({
        ...ThreadsPresenter.apiAnswer(answer, question.acceptedAnswerId),
        comments: (commentsByPost.get(answer.id) ?? []).map(ThreadsPresenter.apiComment),
      })),
      ...closure(question, true),
      ...removal(question),
    };
  },

  /** The thread page: posts with the controls this reader may use, and what search engines read. */
  threadPage(thread: Thread, actor: Actor | undefined, policy: ThreadsPolicy, rules: Rules, origin: string, voting: Map<number, VotingState>) {
    const { question, answers, commentsByPost } = thread;
    const comments = (post: Post) =>
      (commentsByPost.get(post.id) ?? []).map((comment) => ({
        ...ThreadsPresenter.apiComment(comment),
        removed: comment.deletedAt !== null || comment.hiddenAt !== null,
        canDelete: !!actor && allowed(() => policy.assertCanDeleteComment(actor, comment.authorId)),
        canFlag: !!actor && comment.authorId !== actor.id && !comment.deletedAt,
      }));
    const controls = (post: Post) => ({
      voting: ThreadsPresenter.voting(voting.get(post.id)),
      canEdit: !!actor && allowed(() => policy.assertCanEdit(actor, post, rules)),
      canDelete: !!actor && !post.deletedAt && allowed(() => policy.assertCanDelete(actor, post, question)),
      canComment: !!actor && allowed(() => policy.assertCanComment(actor, question, post, rules)),
      canFlag: !!actor && post.authorId !== actor.id && !post.deletedAt,
    });
    const moderator = policy.isModerator(actor);
    const suspended = actor?.suspendedUntil && actor.suspendedUntil > new Date() ? actor : undefined;
    const url = questionPath(question);
    const plain = renderedToText(question.bodyHtml);
    return {
      title: question.title!,
      description: plain.length > 155 ? `${plain.slice(0, 154)}…` : plain,
      canonical: `${origin}${url}`,
      question: {
        ...ThreadsPresenter.questionRow(question),
        bodyHtml: question.bodyHtml,
        attribution: attribution(question),
        editedAt: iso(question.editedAt),
        revisionCount: question.revisionCount,
        removed: question.deletedAt !== null || question.hiddenAt !== null,
        comments: comments(question),
        ...closure(question, moderator),
        ...controls(question),
      },
      answers: answers.map((answer) => ({
        ...ThreadsPresenter.apiAnswer(answer, question.acceptedAnswerId),
        removed: answer.deletedAt !== null || answer.hiddenAt !== null,
        revisionCount: answer.revisionCount,
        comments: comments(answer),
        canAccept: !!actor && answer.id !== question.acceptedAnswerId && !answer.deletedAt && allowed(() => policy.assertCanAccept(actor, question)),
        canUnaccept: !!actor && answer.id === question.acceptedAnswerId && allowed(() => policy.assertCanUnaccept(actor, question)),
        canVerify: !!actor && !answer.deletedAt && allowed(() => policy.assertCanVerify(actor)),
        ...controls(answer),
      })),
      canAnswer: !!actor && allowed(() => policy.assertCanAnswer(actor, question)),
      // The moderators' thread tools and the members' close vote post to the moderation pages.
      moderation: moderator ? { locked: question.lockedAt !== null, closed: question.closedAt !== null } : null,
      canVoteToClose: !!actor && !moderator && !suspended && !question.closedAt && !question.deletedAt && actor.reputation >= rules.privilegeClose,
      suspension: suspended
        ? { until: `${suspended.suspendedUntil!.toISOString().slice(0, 16).replace('T', ' ')} UTC`, reason: suspended.suspensionReason }
        : null,
      structuredData: ThreadsPresenter.structuredData(thread, `${origin}${url}`),
    };
  },

  /** The vote column: the score, the member's vote, and the value each button asks for. */
  voting(state: VotingState | undefined) {
    const myVote = state?.myVote ?? 0;
    return {
      myVote,
      up: { pressed: myVote === 1, value: myVote === 1 ? 0 : 1, allowed: state?.up.allowed ?? false, reason: state?.up.reason },
      down: { pressed: myVote === -1, value: myVote === -1 ? 0 : -1, allowed: state?.down.allowed ?? false, reason: state?.down.reason },
    };
  },

  /** schema.org QAPage: the question, its accepted answer and the top suggested answers. */
  structuredData({ question, answers }: Thread, url: string) {
    const person = (user?: User) => ({ '@type': 'Person', name: user?.username ?? 'deleted' });
    const answerData = (answer: Post) => ({
      '@type': 'Answer',
      text: renderedToText(answer.bodyHtml),
      upvoteCount: answer.score,
      dateCreated: answer.createdAt.toISOString(),
      url: `${url}#answer-${answer.id}`,
      author: person(answer.author),
    });
    const accepted = answers.find((answer) => answer.id === question.acceptedAnswerId);
    const suggested = answers.filter((answer) => answer !== accepted && !answer.deletedAt).slice(0, 5);
    return {
      '@context': 'https://schema.org',
      '@type': 'QAPage',
      mainEntity: {
        '@type': 'Question',
        name: question.title,
        text: renderedToText(question.bodyHtml),
        answerCount: question.answerCount,
        upvoteCount: question.score,
        dateCreated: question.createdAt.toISOString(),
        author: person(question.author),
        ...(accepted ? { acceptedAnswer: answerData(accepted) } : {}),
        ...(suggested.length ? { suggestedAnswer: suggested.map(answerData) } : {}),
      },
    };
  },

  /** Each revision with what changed from the one before, word by word. */
  revisions(revisions: Revision[]) {
    const changes = (before: string, after: string) =>
      diffWords(before, after).map((part) => ({ text: part.value, added: !!part.added, removed: !!part.removed }));
    return revisions
      .map((revision, index) => {
        const previous = revisions[index - 1];
        return {
          number: revision.number,
          editor: author(revision.editor),
          summary: revision.summary,
          createdAt: revision.createdAt.toISOString(),
          title: revision.title,
          body: revision.body,
          tags: revision.tags ?? [],
          titleChanges: previous && revision.title !== previous.title ? changes(previous.title ?? '', revision.title ?? '') : null,
          bodyChanges: previous ? changes(previous.body, revision.body) : null,
          tagsChanged: previous ? (previous.tags ?? []).join(' ') !== (revision.tags ?? []).join(' ') : false,
          original: !previous,
        };
      })
      .reverse();
  },

  tag(tag: Tag) {
    return { name: tag.name, questionCount: tag.questionCount, url: `/tags/${tag.name}` };
  },
};
