import { renderedToText } from '../common/markdown/markdown.js';
import type { Post } from '../threads/entities/post.entity.js';
import { questionPath } from '../threads/threads.presenter.js';
import type { SearchDocument } from './search-index.port.js';

export const questionDocumentId = (id: number) => `question-${id}`;
export const answerDocumentId = (id: number) => `answer-${id}`;

/** A question (with its answers' text) and each of its answers, as search documents. */
export function threadDocuments(question: Post, answers: Post[]): SearchDocument[] {
  const url = questionPath(question);
  const tags = question.tags ?? [];
  const answerTexts = answers.map((answer) => renderedToText(answer.bodyHtml));
  return [
    {
      id: questionDocumentId(question.id),
      kind: 'question',
      title: question.title!,
      body: renderedToText(question.bodyHtml),
      answers: answerTexts.join('\n'),
      tags,
      solved: question.acceptedAnswerId !== null,
      score: question.score,
      createdAt: question.createdAt.getTime(),
      url,
    },
    ...answers.map((answer, index) => ({
      id: answerDocumentId(answer.id),
      kind: 'answer' as const,
      title: question.title!,
      body: answerTexts[index]!,
      answers: '',
      tags,
      solved: question.acceptedAnswerId === answer.id,
      score: answer.score,
      createdAt: answer.createdAt.getTime(),
      url: `${url}#answer-${answer.id}`,
    })),
  ];
}
