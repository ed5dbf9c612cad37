import { markdownToText, renderedToText, renderMarkdown } from '../../src/common/markdown/markdown.js';

describe('plain text of posts', () => {
  it('reads the same from the stored HTML as from the Markdown source, entities decoded once (CommonMark reads &amp; as &)', () => {
    const source = '# Setup\n\nUse `a < b && c` and **bold** &amp; "quotes".\n\n- one\n- two\n\n```js\nif (x > 1) {}\n```\n\nSee https://example.com/?a=1&b=2';
    const text = 'Setup Use a < b && c and bold & "quotes". one two if (x > 1) {} See https://example.com/?a=1&b=2';
    expect(renderedToText(renderMarkdown(source))).toBe(text);
    expect(markdownToText(source)).toBe(text);
  });

  it('decodes numeric entities and leaves unknown ones as written', () => {
    expect(renderedToText('<p>caf&#233; &#x2014; &bogus; it&#39;s</p>')).toBe("café — &bogus; it's");
  });
});
