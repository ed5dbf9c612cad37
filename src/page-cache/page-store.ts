import type { OutgoingHttpHeaders } from 'node:http';

/** What the store keeps: bytes (what the bound counts), the tags that drop them, a time-to-live. */
export interface Kept {
  readonly body: Buffer;
  readonly tags: readonly string[];
  readonly expiresAt: number;
}

/** One rendered page as it went out, ready to be sent again without the app. */
export interface StoredPage extends Kept {
  /** The page gzipped (a fifth of its size or less): what the bound counts, and what most readers are sent. */
  readonly body: Buffer;
  /** The length of the page as HTML. */
  readonly htmlLength: number;
  /** The ETag of the HTML as it is (the gzipped form's is derived from it). */
  readonly etag: string;
  /** Every response header but the cookie, length, encoding and ETag ones. */
  readonly headers: OutgoingHttpHeaders;
  /** What a read of the page still does when it is served from here (counting a thread's view). */
  readonly onHit?: (req: import('express').Request) => void;
}

/**
 * A bounded map of rendered pages (or bodies of pages): least recently read first out once the bodies pass `maxBytes`,
 * each page dropped at its time-to-live, and an index from tag to pages so that a change drops
 * exactly the pages that show it. Pure data structure: no I/O, no clock of its own.
 */
export class PageStore<T extends Kept = StoredPage> {
  /** Map order is recency order: a read moves the page to the end. */
  private readonly pages = new Map<string, T>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.pages.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(key: string, now: number): T | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.expiresAt <= now) {
      this.remove(key);
      return undefined;
    }
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(key: string, page: T): void {
    if (page.body.length > this.maxBytes / 8) return; // one page never crowds out the rest
    this.remove(key);
    this.pages.set(key, page);
    this.bytes += page.body.length;
    for (const tag of page.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    for (const oldest of this.pages.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** Drops every page carrying one of the tags; returns how many. */
  invalidate(tags: readonly string[]): number {
    let dropped = 0;
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) dropped += this.remove(key) ? 1 : 0;
    }
    return dropped;
  }

  clear(): void {
    this.pages.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  private remove(key: string): boolean {
    const page = this.pages.get(key);
    if (!page) return false;
    this.pages.delete(key);
    this.bytes -= page.body.length;
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }
}
