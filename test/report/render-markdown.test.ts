import { describe, expect, test } from 'vitest';
import { escapeMarkdown } from '../../src/report/render-markdown.js';

describe('escapeMarkdown', () => {
  test.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a | b', 'a \\| b'],
    ['*bold* _it_ `code` [link](x) ~~s~~', '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines\r\nhere', 'two lines here'],
  ])('makes %j inert text', (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});
