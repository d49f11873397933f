import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, test } from 'vitest';
import { escapeMarkdown } from '../../src/report/render-markdown.js';

/** The text a reader sees once a GFM renderer (micromark, the CommonMark reference parser's JS port) has rendered it. */
function renderedText(markdown: string): { html: string; text: string } {
  const html = micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  const text = html
    .replace(/^<p>|<\/p>\n?$/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { html, text };
}

describe('escapeMarkdown', () => {
  test.each([
    ['<script>alert(1)</script>', '\\<script>alert(1)\\</script>'],
    ['a | b', 'a \\| b'],
    ['*bold* _it_ `code` [link](x) ~~s~~', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nhere', 'two lines here'],
  ])('makes %j inert text', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });

  test('leaves -> and && readable in the Markdown source instead of -&gt; and &amp;&amp;', () => {
    expect(escapeMarkdown('cat out.txt -> grep x && echo ok > log')).toBe('cat out.txt -> grep x && echo ok > log');
  });

  test.each([
    'cat out.txt -> grep x && echo ok > log',
    '<script>alert(1)</script> <img src=x onerror=alert(1)>',
    'an entity &lt;/transcript&gt; and &#60;b&#62; stay literal',
    '<https://example.com> *not bold* _not it_ `not code` [not](a link) ~~no~~ | cell',
    'back\\slash \\* and a trailing backslash \\',
    'see https://evil.example/x and www.example.com and http://a.b',
  ])('a GFM renderer shows %j exactly as written, with no HTML element', (text) => {
    const { html, text: shown } = renderedText(`“${escapeMarkdown(text)}”`);
    expect(html).not.toMatch(/<(?!\/?p>)[a-z]/i);
    expect(shown).toBe(`“${text}”`);
  });
});
