import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDumpRows } from '../importing/dump-reader.js';

/**
 * What seeded text is drawn from: word frequencies and lengths, so that seeded titles and bodies
 * match as often as a real community's do. Words are drawn one by one with their real frequency
 * (a unigram model: not grammar, but the right mix of common and rare words, which is what search
 * cost and relevance depend on).
 */
export interface Corpus {
  /** Words of titles, each as often as it occurs (a frequency table flattened for sampling). */
  titleWords: string[];
  bodyWords: string[];
  /** Observed lengths in words, one entry per sampled post: a length is drawn by picking one. */
  titleLengths: number[];
  questionLengths: number[];
  answerLengths: number[];
  /** Tag names, most used first. */
  tags: string[];
  /** Where it came from, for the seeder's report. */
  source: string;
}

/** Entries of a flattened frequency table: enough to keep words seen once in a few thousand posts. */
const TABLE_SIZE = 200_000;
const LENGTHS = 2_000;
const MAX_BODY_WORDS = 400;
const TAG = /^[a-z0-9-]{1,35}$/;
const WORD = /[a-z][a-z0-9]*(?:['.+#-][a-z0-9]+)*/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
/** Visible prose of a post's HTML: code blocks and tags out, entities decoded. */
export function proseOf(html: string): string {
  return html
    .replace(/<pre[\s\S]*?<\/pre>/gi, ' ')
    .replace(/<code>[\s\S]*?<\/code>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#?\w+);/g, (_match, name: string) => ENTITIES[name] ?? ' ');
}

const wordsOf = (text: string) => text.toLowerCase().match(WORD) ?? [];

/** Flattens counts into a table of `size` entries where each word appears in proportion to its count (each seen word at least once). */
function flatten(counts: Map<string, number>, size: number): string[] {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const table: string[] = [];
  for (const [word, count] of [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    const copies = Math.max(1, Math.round((count / total) * size));
    for (let i = 0; i < copies; i++) table.push(word);
  }
  return table;
}

/** Every `k`-th value so at most `n` remain, in their order (deterministic). */
const sample = (values: number[], n: number) => (values.length <= n ? values : values.filter((_, i) => i % Math.ceil(values.length / n) === 0));

/**
 * Builds a corpus from unpacked Stack Exchange dumps (Posts.xml and Tags.xml of each folder).
 * Only statistics leave this function: word counts and lengths, never a post's text.
 */
export async function corpusFromDumps(dirs: string[]): Promise<Corpus> {
  const titleCounts = new Map<string, number>();
  const bodyCounts = new Map<string, number>();
  const titleLengths: number[] = [];
  const questionLengths: number[] = [];
  const answerLengths: number[] = [];
  const tagCounts = new Map<string, number>();
  const count = (counts: Map<string, number>, words: string[]) => {
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  };
  for (const dir of dirs) {
    for await (const rows of readDumpRows(join(dir, 'Posts.xml'), 'Posts.xml', 'posts', 1000)) {
      for (const row of rows) {
        const kind = row.PostTypeId;
        if (kind !== '1' && kind !== '2') continue;
        const body = wordsOf(proseOf(row.Body ?? '')).slice(0, MAX_BODY_WORDS);
        count(bodyCounts, body);
        if (kind === '1') {
          const title = wordsOf(row.Title ?? '');
          count(titleCounts, title);
          titleLengths.push(Math.max(2, title.length));
          questionLengths.push(Math.max(8, body.length));
        } else answerLengths.push(Math.max(5, body.length));
      }
    }
    if (existsSync(join(dir, 'Tags.xml'))) {
      for await (const rows of readDumpRows(join(dir, 'Tags.xml'), 'Tags.xml', 'tags', 1000)) {
        for (const row of rows) if (TAG.test(row.TagName ?? '')) tagCounts.set(row.TagName!, Number(row.Count ?? 0));
      }
    }
  }
  if (titleCounts.size === 0) throw new Error(`no questions found in ${dirs.join(', ')}`);
  return {
    titleWords: flatten(titleCounts, TABLE_SIZE / 4),
    bodyWords: flatten(bodyCounts, TABLE_SIZE),
    titleLengths: sample(titleLengths, LENGTHS),
    questionLengths: sample(questionLengths, LENGTHS),
    answerLengths: sample(answerLengths, LENGTHS),
    tags: [...tagCounts.entries()].sort((a, b) => b[1] - a[1]).map(([tag]) => tag),
    source: `word frequencies and lengths of ${dirs.length} Stack Exchange dump${dirs.length === 1 ? '' : 's'}`,
  };
}

/**
 * Without dumps: a support vocabulary with Zipf frequencies (the k-th word 1/k as often as the
 * first), English function words at their usual weight, and lengths like a support forum's.
 */
export function builtInCorpus(): Corpus {
  const FUNCTION_WORDS = ['the', 'to', 'a', 'i', 'and', 'is', 'it', 'of', 'in', 'my', 'on', 'for', 'not', 'with', 'after', 'when', 'how', 'can', 'this', 'from', 'does', 'why', 'do', 'an', 'be', 'but', 'or', 'at', 'we', 'what'];
  const CONTENT = [
    'error', 'update', 'login', 'sync', 'export', 'printer', 'password', 'email', 'account', 'invoice', 'router', 'calendar', 'report',
    'api', 'token', 'mobile', 'android', 'ios', 'desktop', 'firmware', 'billing', 'refund', 'dashboard', 'import', 'csv', 'domain',
    'sso', 'okta', 'saml', 'timeout', 'crash', 'slow', 'search', 'attachment', 'upload', 'workspace', 'member', 'permission', 'role',
    'backup', 'restore', 'integration', 'zapier', 'slack', 'teams', 'plan', 'seat', 'license', 'notification', 'language',
    'translation', 'shortcut', 'theme', 'offline', 'network', 'vpn', 'webhook', 'certificate', 'proxy', 'firewall', 'database',
    'latency', 'quota', 'storage', 'archive', 'folder', 'share', 'link', 'preview', 'thumbnail', 'encoding', 'unicode', 'timezone',
    'schedule', 'reminder', 'recurring', 'duplicate', 'merge', 'conflict', 'version', 'history', 'audit', 'log', 'retention',
    'compliance', 'gdpr', 'delete', 'recover', 'trash', 'invite', 'guest', 'admin', 'owner', 'transfer', 'migration', 'legacy',
    'browser', 'chrome', 'firefox', 'safari', 'edge', 'extension', 'plugin', 'cache', 'cookie', 'session', 'redirect', 'loop',
    'blank', 'page', 'screen', 'button', 'menu', 'settings', 'profile', 'avatar', 'signature', 'template', 'field', 'custom',
    'formula', 'column', 'row', 'filter', 'sort', 'chart', 'graph', 'pdf', 'print', 'scan', 'camera', 'bluetooth', 'wifi', 'battery',
  ];
  const counts = new Map<string, number>();
  FUNCTION_WORDS.forEach((word, k) => counts.set(word, Math.round(4000 / (k + 1))));
  CONTENT.forEach((word, k) => counts.set(word, Math.round(1000 / (k + 1)) + 1));
  const lengths = (from: number, to: number) => Array.from({ length: LENGTHS }, (_, i) => from + Math.floor((to - from) * Math.pow(((i * 7919) % LENGTHS) / LENGTHS, 2)));
  return {
    titleWords: flatten(counts, TABLE_SIZE / 4),
    bodyWords: flatten(counts, TABLE_SIZE),
    titleLengths: lengths(4, 14),
    questionLengths: lengths(20, 160),
    answerLengths: lengths(10, 120),
    tags: [],
    source: 'the built-in support vocabulary (Zipf frequencies)',
  };
}
