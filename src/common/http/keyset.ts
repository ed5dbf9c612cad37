import { withQuery } from './pagination.js';

/** Lists number their first pages; past these, "next" and "previous" name the row a page starts from. */
export const NUMBERED_PAGES = 10;

/** Where a page of a list starts: a page number (the first pages, and old links), or just after or before a row already shown. */
export type ListPosition = { page: number } | { after: number } | { before: number };

export function positionFrom(query: { page?: number; after?: number; before?: number }): ListPosition {
  if (query.after !== undefined) return { after: query.after };
  if (query.before !== undefined) return { before: query.before };
  return { page: query.page ?? 1 };
}

export interface KeysetSlice {
  page?: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

/**
 * Plain previous/next links for a list paged by number first, then by cursor: a page that knows
 * its number links to its neighbours by number up to NUMBERED_PAGES, and from there by the id
 * of its first or last row (`?before=` / `?after=`), so no link ever asks for a deep offset.
 */
export function keysetLinks(slice: KeysetSlice, ids: { first?: number; last?: number }, path: string, params: Record<string, string | undefined>) {
  const page = slice.page;
  const numbered = (n: number) => withQuery(path, { ...params, page: n > 1 ? String(n) : undefined });
  const previous = !slice.hasPrevious
    ? undefined
    : page !== undefined && page <= NUMBERED_PAGES + 1
      ? numbered(page - 1)
      : ids.first !== undefined ? withQuery(path, { ...params, before: String(ids.first) }) : numbered(1);
  const next = !slice.hasNext || ids.last === undefined
    ? undefined
    : page !== undefined && page < NUMBERED_PAGES
      ? numbered(page + 1)
      : withQuery(path, { ...params, after: String(ids.last) });
  return { current: page, previous, next };
}
