import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Raw HTML off; images off too (the CSP serves images from this site only). */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false }).disable('image');

const LINK_REL = 'nofollow ugc noopener';

/** `@username` (3–30 letters, digits, _ or -) not glued to a word, an e-mail address or another @. */
export const MENTION = /(^|[^\w@.\/-])@([A-Za-z0-9_-]{3,30})(?![\w-])/g;

// @mentions in text (never in code or inside a link) become links to the member's profile.
markdown.core.ruler.push('mentions', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: typeof block.children = [];
    let linkDepth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') linkDepth += 1;
      if (token.type === 'link_close') linkDepth -= 1;
      if (token.type !== 'text' || linkDepth > 0 || !token.content.includes('@')) {
        children.push(token);
        continue;
      }
      let last = 0;
      for (const match of token.content.matchAll(MENTION)) {
        const start = match.index + match[1]!.length;
        const name = match[2]!;
        if (start > last) children.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last, start) }));
        const open = new state.Token('link_open', 'a', 1);
        open.attrs = [['href', `/users/${encodeURIComponent(name)}`], ['class', 'mention']];
        children.push(open, Object.assign(new state.Token('text', '', 0), { content: `@${name}` }), new state.Token('link_close', 'a', -1));
        last = start + 1 + name.length;
      }
      if (last < token.content.length) children.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }));
    }
    block.children = children;
  }
});

const BLOCK_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li',
    'strong', 'em', 'del', 's', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'class'], code: ['class'], th: ['style'], td: ['style'], ol: ['start'] },
  allowedClasses: { code: [/^language-[\w-]+$/], a: ['mention'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // The page has one h1 (its title); a member's "# heading" becomes a section heading.
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

const INLINE_POLICY: sanitizeHtml.IOptions = {
  ...BLOCK_POLICY,
  allowedTags: ['strong', 'em', 'del', 's', 'code', 'a', 'br'],
};

/** Markdown to safe HTML for posts: code blocks and links work, nothing executable survives. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), BLOCK_POLICY);
}

/** One-paragraph Markdown for comments: emphasis, code and links only. */
export function renderInlineMarkdown(source: string): string {
  return sanitizeHtml(markdown.renderInline(source), INLINE_POLICY);
}

/** Plain text of a Markdown source, for descriptions and search snippets. */
export function markdownToText(source: string): string {
  return renderedToText(renderMarkdown(source));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Plain text of HTML that renderMarkdown produced (its tags dropped, entities decoded): what
 * markdownToText gives, without parsing the Markdown again, for pages that have the HTML at hand.
 */
export function renderedToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) =>
      code[0] === '#'
        ? String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)))
        : (ENTITIES[code.toLowerCase()] ?? entity),
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Links in a Markdown source, as new-member limits count them. */
export function countLinks(source: string): number {
  return markdown.parse(source, {}).reduce(
    // An @mention is a link to a member's profile here, not a link out: it does not count.
    (count, token) => count + (token.children ?? []).filter((child) => child.type === 'link_open' && child.attrGet('class') !== 'mention').length,
    0,
  );
}
