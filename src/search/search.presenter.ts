import { HIGHLIGHT_END, HIGHLIGHT_START, type SearchHit } from './search-index.port.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Engine output → safe HTML: escape the text first, then turn the markers into <mark>. */
export function highlight(text: string): string {
  return escapeHtml(text)
    .replaceAll(HIGHLIGHT_START, '<mark>')
    .replaceAll(HIGHLIGHT_END, '</mark>');
}

export const plain = (text: string) => text.replaceAll(HIGHLIGHT_START, '').replaceAll(HIGHLIGHT_END, '');

export const SearchPresenter = {
  hit(hit: SearchHit, queryId: number, source: 'search' | 'ask') {
    return {
      id: hit.id,
      kind: hit.kind,
      title: hit.title,
      url: hit.url,
      tags: hit.tags,
      solved: hit.solved,
      score: hit.score,
      titleHtml: highlight(hit.titleHighlighted),
      snippet: plain(hit.snippet),
      snippetHtml: highlight(hit.snippet),
      /** Follows the result through /search/click so the click is recorded, with or without JavaScript. */
      clickUrl: `/search/click?doc=${encodeURIComponent(hit.id)}&query=${queryId}&from=${source}`,
    };
  },
};
