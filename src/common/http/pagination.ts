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

/** Previous/next links that keep the other query parameters. */
export function pageLinks(page: Page<unknown>, path: string, query: Record<string, string | undefined> = {}): PageLinks {
  const lastPage = Math.max(1, Math.ceil(page.total / page.size));
  const href = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    if (n > 1) params.set('page', String(n));
    const search = params.toString();
    return search ? `${path}?${search}` : path;
  };
  return {
    current: page.page,
    lastPage,
    previous: page.page > 1 ? href(page.page - 1) : undefined,
    next: page.page < lastPage ? href(page.page + 1) : undefined,
  };
}
