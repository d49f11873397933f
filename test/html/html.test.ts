import { describe, expect, test } from 'vitest';
import { escapeHtml, html, joinHtml, rawHtml } from '../../src/html/html.js';

describe('escapeHtml', () => {
  test.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror="alert(1)">', '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'],
    ['</textarea><b>', '&lt;/textarea&gt;&lt;b&gt;'],
    ["it's & `so`", 'it&#39;s &amp; &#96;so&#96;'],
    ['&lt; stays text', '&amp;lt; stays text'],
  ])('escapes %s', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });
});

describe('html', () => {
  test('escapes every interpolated string, in content and in attributes', () => {
    const evil = '"><script>x</script>';
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</p>');
  });

  test('keeps nested html fragments as markup and escapes strings inside arrays', () => {
    expect(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
  });

  test('renders numbers as text and leaves out null, undefined and false', () => {
    expect(html`${1.5}|${null}|${undefined}|${false}|${0}`.value).toBe('1.5||||0');
  });

  test('lets only rawHtml through unescaped', () => {
    expect(html`${rawHtml('<b>ours</b>')}`.value).toBe('<b>ours</b>');
    expect(joinHtml(['<i>', rawHtml('<br>')], ', ').value).toBe('&lt;i&gt;, <br>');
  });
});
