import { renderInlineMarkdown, renderMarkdown } from '../common/markdown/markdown.js';
import { slugify } from '../threads/slug.js';
import { DumpError, type DumpRow } from './dump-reader.js';
import { htmlToMarkdown } from './html-to-markdown.js';

/**
 * Stack Exchange rows → the staging rows the importer writes. Pure functions: a row missing what
 * it must have raises a DumpError naming the file and the row's position.
 */

/** Column name and PostgreSQL type of one staging table, in the order rows carry their values. */
export type StageColumns = readonly (readonly [string, string])[];

export const STAGE_USERS = [['source_id', 'int'], ['name', 'text'], ['about', 'text'], ['created_at', 'timestamptz'], ['reputation', 'int'], ['base', 'text']] as const;
export const STAGE_POSTS = [
  ['source_id', 'int'], ['kind', 'int'], ['parent_source', 'int'], ['accepted_source', 'int'], ['owner_source', 'int'], ['owner_name', 'text'],
  ['editor_source', 'int'], ['title', 'text'], ['slug', 'text'], ['tags', 'text'], ['body', 'text'], ['body_html', 'text'], ['score', 'int'], ['view_count', 'int'],
  ['created_at', 'timestamptz'], ['activity_at', 'timestamptz'], ['edited_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['license', 'text'],
] as const;
export const STAGE_COMMENTS = [['source_id', 'int'], ['post_source', 'int'], ['user_source', 'int'], ['user_name', 'text'], ['body', 'text'], ['body_html', 'text'], ['created_at', 'timestamptz']] as const;
export const STAGE_LINKS = [['source_id', 'int'], ['post_source', 'int'], ['related_source', 'int'], ['link_type', 'int'], ['created_at', 'timestamptz']] as const;
export const STAGE_ACCEPTS = [['post_source', 'int'], ['created_at', 'timestamptz']] as const;
export const STAGE_TAGS = [['name', 'text'], ['excerpt_source', 'int'], ['wiki_source', 'int']] as const;

/** Kinds of Posts.xml rows kept: questions, answers, tag wiki excerpts and bodies. */
export const POST_KIND = { question: 1, answer: 2, tagExcerpt: 4, tagWiki: 5 } as const;
const KEPT_KINDS = new Set<number>(Object.values(POST_KIND));

const COMMENT_MAX = 600;
const TITLE_MAX = 150;

export class RowReader {
  constructor(
    private readonly file: string,
    private readonly row: DumpRow,
    private readonly index: number,
  ) {}

  private fail(what: string): never {
    throw new DumpError(`${this.file}: row ${this.index}${this.row.Id ? ` (Id ${this.row.Id})` : ''} ${what}.`);
  }

  int(name: string): number {
    const value = this.optionalInt(name);
    if (value === null) this.fail(`has no ${name}`);
    return value;
  }

  optionalInt(name: string): number | null {
    const raw = this.row[name];
    if (raw === undefined || raw === '') return null;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || Math.abs(value) > 2_147_483_647) this.fail(`has a ${name} that is not a whole number ("${raw.slice(0, 20)}")`);
    return value;
  }

  date(name: string): Date {
    const value = this.optionalDate(name);
    if (value === null) this.fail(`has no ${name}`);
    return value;
  }

  /** Dump dates carry no zone and are UTC. */
  optionalDate(name: string): Date | null {
    const raw = this.row[name];
    if (!raw) return null;
    const value = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(raw) ? raw : `${raw}Z`);
    if (Number.isNaN(value.getTime())) this.fail(`has a ${name} that is not a date ("${raw.slice(0, 30)}")`);
    return value;
  }

  text(name: string): string | null {
    return this.row[name] ?? null;
  }
}

/** A username from a display name: letters, digits, _ and -, 3 to 30 long (the importer adds a suffix on collision). */
export function baseUsername(displayName: string, sourceId: number): string {
  const ascii = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 24)
    .replace(/[_-]+$/, '');
  return ascii.length >= 3 ? ascii : `user${Math.abs(sourceId)}`;
}

/** `convert` false: a row imported before, whose text is not needed again (its HTML is not converted). */
export function mapUser(row: DumpRow, index: number, convert = true): unknown[] {
  const r = new RowReader('Users.xml', row, index);
  const id = r.int('Id');
  const name = (r.text('DisplayName') ?? '').trim() || `user${Math.abs(id)}`;
  const aboutHtml = r.text('AboutMe');
  const about = aboutHtml && convert ? htmlToMarkdown(aboutHtml) || null : null;
  return [id, name.slice(0, 255), about, r.date('CreationDate'), Math.max(1, r.optionalInt('Reputation') ?? 1), baseUsername(name, id)];
}

/** Tags as `<a><b>` or `|a|b|`, stored space-separated in the stage (tag names have no spaces). */
export function parseTags(raw: string | null): string[] {
  if (!raw) return [];
  const names = raw.includes('<') ? [...raw.matchAll(/<([^<>]+)>/g)].map((m) => m[1]!) : raw.split('|');
  return [...new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => /^[a-z0-9][a-z0-9.+#-]{0,34}$/.test(n)))];
}

/** A post row, or null for kinds that are not kept (privilege wikis, moderator nominations…). */
export function mapPost(row: DumpRow, index: number, convert = true): unknown[] | null {
  const r = new RowReader('Posts.xml', row, index);
  const id = r.int('Id');
  const kind = r.int('PostTypeId');
  if (!KEPT_KINDS.has(kind)) return null;
  const created = r.date('CreationDate');
  const isQuestion = kind === POST_KIND.question;
  const isTagText = kind === POST_KIND.tagExcerpt || kind === POST_KIND.tagWiki;
  const markdown = convert || isTagText ? htmlToMarkdown(r.text('Body') ?? '') : '';
  const title = isQuestion ? ((r.text('Title') ?? '').trim() || `Question ${id}`).slice(0, TITLE_MAX) : null;
  if (kind === POST_KIND.answer && r.optionalInt('ParentId') === null) r.int('ParentId');
  return [
    id, kind, r.optionalInt('ParentId'), r.optionalInt('AcceptedAnswerId'), r.optionalInt('OwnerUserId'), r.text('OwnerDisplayName'),
    r.optionalInt('LastEditorUserId'), title, title === null ? null : slugify(title), isQuestion ? parseTags(r.text('Tags')).join(' ') : null,
    markdown, isTagText || !convert ? null : renderMarkdown(markdown), r.optionalInt('Score') ?? 0, r.optionalInt('ViewCount') ?? 0,
    created, r.optionalDate('LastActivityDate'), r.optionalDate('LastEditDate'), r.optionalDate('ClosedDate'), r.text('ContentLicense'),
  ];
}

export function mapComment(row: DumpRow, index: number): unknown[] {
  const r = new RowReader('Comments.xml', row, index);
  const text = (r.text('Text') ?? '').trim().slice(0, COMMENT_MAX) || '…';
  return [r.int('Id'), r.int('PostId'), r.optionalInt('UserId'), r.text('UserDisplayName'), text, renderInlineMarkdown(text), r.date('CreationDate')];
}

export function mapLink(row: DumpRow, index: number): unknown[] {
  const r = new RowReader('PostLinks.xml', row, index);
  return [r.int('Id'), r.int('PostId'), r.int('RelatedPostId'), r.int('LinkTypeId'), r.optionalDate('CreationDate')];
}

/** Only acceptance votes are kept (their date dates the acceptance); up and down votes are in each post's Score. */
export function mapVote(row: DumpRow, index: number): { accept: unknown[] | null; type: number } {
  const r = new RowReader('Votes.xml', row, index);
  const type = r.int('VoteTypeId');
  return { type, accept: type === 1 ? [r.int('PostId'), r.optionalDate('CreationDate')] : null };
}

export function mapTag(row: DumpRow, index: number): unknown[] | null {
  const r = new RowReader('Tags.xml', row, index);
  const [name] = parseTags(`|${r.text('TagName') ?? ''}|`);
  return name ? [name, r.optionalInt('ExcerptPostId'), r.optionalInt('WikiPostId')] : null;
}
