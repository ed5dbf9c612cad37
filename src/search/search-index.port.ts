/** What the search engines hold: one document per question (with its answers' text), answer and article. */
export type DocumentKind = 'question' | 'answer' | 'article';

export interface SearchDocument {
  /** `question-12`, `answer-34`, `article-5`. */
  id: string;
  kind: DocumentKind;
  title: string;
  body: string;
  /** The text of a question's answers (empty for answers and articles). */
  answers: string;
  tags: string[];
  solved: boolean;
  score: number;
  /** Epoch milliseconds, sortable. */
  createdAt: number;
  url: string;
}

export interface SearchQuery {
  text: string;
  /**
   * `all` (the default, the search page): documents with every word rank first. `any` (the ask
   * page's suggestions): a title being typed rarely shares all its words with the question it
   * duplicates, so documents sharing any of its rarer words are candidates, ranked by how much of
   * the title they cover.
   */
  match?: 'all' | 'any';
  kind?: DocumentKind;
  tag?: string;
  solved?: boolean;
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  kind: DocumentKind;
  title: string;
  url: string;
  tags: string[];
  solved: boolean;
  score: number;
  /** Engine output with the matched terms between HIGHLIGHT_START and HIGHLIGHT_END, not yet escaped. */
  titleHighlighted: string;
  snippet: string;
}

export interface SearchResults {
  hits: SearchHit[];
  total: number;
}

/** Markers engines put around matched terms; the presenter escapes the text, then turns them into <mark>. */
export const HIGHLIGHT_START = '\u0001';
export const HIGHLIGHT_END = '\u0002';

/** The search port; Meilisearch and PostgreSQL full-text are its adapters, held to one contract suite. */
export interface SearchIndex {
  readonly engine: 'meilisearch' | 'postgres';
  /** Applies the index settings (idempotent). */
  prepare(): Promise<void>;
  upsert(documents: SearchDocument[]): Promise<void>;
  /** Removes documents; says how many the index held (ids it did not hold are ignored). */
  remove(ids: string[]): Promise<number>;
  /** Sets the score of documents already indexed (after votes); ids not in the index are ignored. */
  updateScores(scores: { id: string; score: number }[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResults>;
  /** Rebuilds everything from `documents` without an empty index at any moment. */
  rebuild(documents: AsyncIterable<SearchDocument[]>, onProgress?: (done: number) => void): Promise<void>;
  healthy(): Promise<boolean>;
}

export const SEARCH_INDEX = Symbol('SEARCH_INDEX');
