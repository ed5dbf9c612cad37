import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export interface PageRequest {
  readonly number: number;
  readonly size: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
}

/** `?page=` as a query DTO: pages start at 1 and stop at a sane depth. */
export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number.' })
  @Min(1, { message: 'page must be 1 or more.' })
  @Max(10_000, { message: 'page must be at most 10000.' })
  page?: number;
}

export function pageRequest(page: number | undefined, size = 20): PageRequest {
  const number = page ?? 1;
  return { number, size, offset: (number - 1) * size };
}

export interface PageLinks {
  readonly current: number;
  readonly lastPage: number;
  readonly previous?: string;
  readonly next?: string;
}

/** `path?a=1&b=2`, leaving out the parameters that are not set. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return search ? `${path}?${search}` : path;
}

/** Previous/next links (and the last page) for a counted list, keeping the other query parameters. */
export function pageLinks(page: Page<unknown>, path: string, query: Record<string, string | undefined> = {}): PageLinks {
  const lastPage = Math.max(1, Math.ceil(page.total / page.size));
  return { ...pageLinksFor(page.page, page.page < lastPage, path, query), lastPage };
}

/** Previous/next links for lists that look one row ahead instead of counting. */
export function pageLinksFor(page: number, hasNext: boolean, path: string, params: Record<string, string | undefined>) {
  return {
    current: page,
    previous: page > 1 ? withQuery(path, { ...params, page: page > 2 ? String(page - 1) : undefined }) : undefined,
    next: hasNext ? withQuery(path, { ...params, page: String(page + 1) }) : undefined,
  };
}
