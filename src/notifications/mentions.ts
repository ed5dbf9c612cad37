import { MENTION } from '../common/markdown/markdown.js';

/** At most this many members are told about one post: a list of @names is not a broadcast. */
export const MAX_MENTIONS = 10;

/** The distinct usernames `@mentioned` in Markdown text (not in code), lower-cased, at most MAX_MENTIONS. */
export function mentionedUsernames(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ');
  const names = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    names.add(match[2]!.toLowerCase());
    if (names.size >= MAX_MENTIONS) break;
  }
  return [...names];
}
