/**
 * The jobs the threads module publishes, inside the transaction of the change that causes them.
 * Subscribers (search, badges, knowledge, notifications, insights) handle them idempotently.
 */
export const ThreadEvents = {
  /** Anything that changes how a thread reads or is found: re-read it and re-index it. */
  changed: 'thread.changed',
  /** A question or answer was posted. */
  postCreated: 'post.created',
  /** An answer's body changed (a new revision). */
  answerEdited: 'answer.edited',
  /** The solution of a question changed (accepted, replaced or unaccepted). */
  solutionChanged: 'thread.solution-changed',
  /** A comment was added to a post. */
  commentCreated: 'comment.created',
} as const;

export interface CommentCreated {
  commentId: number;
  postId: number;
  questionId: number;
  authorId: number;
  postAuthorId: number;
}

export interface ThreadChanged {
  questionId: number;
}

export interface PostCreated {
  postId: number;
  type: 'question' | 'answer';
  questionId: number;
  authorId: number;
}

export interface AnswerEdited {
  answerId: number;
  questionId: number;
  revision: number;
  editorId: number;
}

export interface SolutionChanged {
  questionId: number;
  acceptedAnswerId: number | null;
  previousAnswerId: number | null;
  actorId: number;
}
