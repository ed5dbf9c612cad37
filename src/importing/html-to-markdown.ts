import TurndownService from 'turndown';

/**
 * Stack Exchange bodies are HTML; posts here are Markdown rendered through the one sanitiser.
 * Code blocks become fenced blocks (with the language when the dump names one), and images
 * become links to the image carrying its alt text: the content security policy serves no images
 * from other sites, so the reader still sees what the picture was and can open it.
 */
const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });

turndown.addRule('image', {
  filter: 'img',
  replacement: (_content, node) => {
    const element = node as unknown as { getAttribute(name: string): string | null };
    const alt = (element.getAttribute('alt') ?? '').replace(/[[\]\n]/g, ' ').trim() || 'image';
    const src = (element.getAttribute('src') ?? '').trim();
    return /^https?:\/\//i.test(src) ? `[image: ${alt}](${src.replace(/[()\s]/g, encodeURIComponent)})` : `[image: ${alt}]`;
  },
});

// <pre class="lang-py prettyprint-override"><code>: keep the language for the fence.
turndown.addRule('fencedCodeWithLanguage', {
  filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName === 'CODE',
  replacement: (_content, node) => {
    const pre = node as unknown as { getAttribute(name: string): string | null; firstChild: { textContent: string | null } };
    const language = /(?:^|\s)lang-([\w+-]+)/.exec(pre.getAttribute('class') ?? '')?.[1];
    const code = (pre.firstChild.textContent ?? '').replace(/\n$/, '');
    const fence = code.includes('```') ? '~~~~' : '```';
    return `\n\n${fence}${language && language !== 'none' ? language : ''}\n${code}\n${fence}\n\n`;
  },
});

export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim();
}
