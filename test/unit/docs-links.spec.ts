import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import MarkdownIt from 'markdown-it';
import { PROJECT_ROOT } from '../../src/common/paths.js';

/** Where a newcomer reads: the README, everything in docs/, the benchmark notes. */
function documents(): string[] {
  const docs = readdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', join('bench', 'README.md'), ...docs];
}

/** Every link and image target in a Markdown file, bare URLs included. */
function targets(file: string): string[] {
  const md = new MarkdownIt({ html: true, linkify: true });
  const out: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') out.push(String(token.attrGet('href') ?? ''));
      if (token.type === 'image') out.push(String(token.attrGet('src') ?? ''));
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'), {}));
  for (const match of readFileSync(join(PROJECT_ROOT, file), 'utf8').matchAll(/(?:href|src)="([^"]+)"/g)) out.push(match[1]!);
  return out;
}

/** Why a target leaves the repository (or leads nowhere), or null when it resolves inside it. */
function problem(file: string, target: string): string | null {
  if (/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(target)) return null; // the app a reader runs
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'links outside the repository';
  if (target.startsWith('#')) return null;
  const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
  if (path.startsWith('/')) return 'is an absolute path';
  const absolute = resolve(PROJECT_ROOT, dirname(file), path);
  const inside = relative(PROJECT_ROOT, absolute);
  if (inside.startsWith('..') || inside.split(sep)[0] === '..') return 'leads out of the repository';
  if (!existsSync(absolute)) return 'does not exist';
  return null;
}

describe('the README and docs/ link only inside the repository', () => {
  it.each(documents())('%s', (file) => {
    const bad = targets(file)
      .map((target) => ({ target, why: problem(file, target) }))
      .filter((link) => link.why !== null)
      .map((link) => `${link.target} ${link.why}`);
    expect(bad).toEqual([]);
  });

  it('tells the links it refuses apart', () => {
    expect(problem('README.md', 'https://example.com/')).toBe('links outside the repository');
    expect(problem('README.md', '../shared/DESIGN.md')).toBe('leads out of the repository');
    expect(problem('docs/api.md', '../../README.md')).toBe('leads out of the repository');
    expect(problem('README.md', 'docs/missing.md')).toBe('does not exist');
    expect(problem('README.md', 'mailto:someone@example.com')).toBe('links outside the repository');
    expect(problem('docs/api.md', '../README.md')).toBeNull();
    expect(problem('README.md', 'http://localhost:3000')).toBeNull();
  });

  it('keeps the README short enough to read in two minutes', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThan(120);
  });
});
