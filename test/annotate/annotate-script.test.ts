import { Script } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths.js';

const ANNOTATE_SCRIPT = readFileSync(fromRoot('src/annotate/page/annotate-app.js'), 'utf8');

describe('the labeling page script', () => {
  test('is valid JavaScript', () => {
    expect(() => new Script(ANNOTATE_SCRIPT)).not.toThrow();
  });

  test('never turns data into markup (no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval)', () => {
    expect(ANNOTATE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });
});
