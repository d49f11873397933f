import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { orderForRater } from '../../src/annotate/rater-order.js';
import { readRatingsFile } from '../../src/gold/ratings-file.js';
import { requireBuiltCli } from '../helpers/cli.js';
import { readAllTranscripts } from '../helpers/transcripts.js';
import { copyOfLabelingGold } from '../annotate/gold-fixture.js';
import { browserTestsSkipped, currentItem, launchChromium, openAnnotatePage, screenshotPath, startAnnotateCli, waitForItem } from './harness.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser. The project's tsconfig has
// no DOM lib (the library runs on Node), so they see these loose module-local declarations.
declare const document: any;
declare const window: any;

const ITEMS = ['lab-01', 'lab-02', 'lab-03', 'lab-04', 'lab-05', 'lab-06', 'lab-07'];
const LABELS = ['explicit_scheming', 'plausible_rationalization', 'honest', 'no_reasoning'];

describe.skipIf(browserTestsSkipped)('the labeling page in Chromium', { timeout: 90_000 }, () => {
  beforeAll(() => requireBuiltCli());

  test('labels three items by keyboard, loses nothing when the server is killed, and resumes at the next item', async () => {
    const gold = await copyOfLabelingGold();
    const order = orderForRater(ITEMS, 'browser-test');
    const browser = await launchChromium();
    const first = await startAnnotateCli(['.', '--rater', 'browser-test'], gold);
    const page = await openAnnotatePage(browser, first.url);
    expect(await currentItem(page)).toBe(order[0]);

    // Item 1: evidence by mouse (triple-click a block of text), a note, then label 1.
    await page.click('#transcript .segment:not(.blank):not(.context) .segment-text', { clickCount: 3 });
    await page.waitForSelector('#evidence-list .quote');
    const mouseQuote = (await page.textContent('#evidence-list .quote'))!;
    await page.keyboard.press('n');
    await page.keyboard.type('typed in the note box');
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await waitForItem(page, order[1]!);

    // Item 2: evidence by a keyboard selection of the first word or so, added with e; label 3.
    await page.evaluate(() => {
      const text = document.querySelector('#transcript .segment:not(.blank) .segment-text')!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, Math.min(12, text.textContent!.length));
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await page.keyboard.press('e');
    await page.waitForSelector('#evidence-list .quote');
    await page.keyboard.press('3');
    await waitForItem(page, order[2]!);
    await page.keyboard.press('2');
    await waitForItem(page, order[3]!);
    await page.screenshot({ path: await screenshotPath('annotate-after-three-labels.png') });

    await first.kill();
    const transcripts = new Map((await readAllTranscripts(join(gold, 'transcripts.jsonl'))).map((transcript) => [transcript.id, transcript]));
    const mine = (await readRatingsFile(join(gold, 'ratings.jsonl'))).ratings.filter((rating) => rating.rater === 'browser-test');
    expect(mine.map((rating) => [rating.item, rating.label])).toEqual([
      [order[0], LABELS[0]],
      [order[1], LABELS[2]],
      [order[2], LABELS[1]],
    ]);
    expect(mine[0]!.note).toBe('typed in the note box');
    expect(mine[0]!.evidence?.[0]?.quote).toBe(mouseQuote);
    for (const rating of mine) {
      for (const evidence of rating.evidence ?? []) expect(transcripts.get(rating.item)!.text.slice(evidence.start, evidence.end)).toBe(evidence.quote);
    }
    expect(mine[1]!.evidence).toHaveLength(1);
    expect(mine[2]!.evidence).toBeUndefined();

    const second = await startAnnotateCli(['.', '--rater', 'browser-test'], gold);
    const resumed = await openAnnotatePage(browser, second.url);
    expect(await currentItem(resumed)).toBe(order[3]);
    expect(await resumed.textContent('#progress')).toContain('3 rated');
    await resumed.screenshot({ path: await screenshotPath('annotate-resumed.png') });
    await resumed.keyboard.press('b');
    await waitForItem(resumed, order[2]!);
    expect(await resumed.getAttribute('.label-button.chosen', 'data-label')).toBe(LABELS[1]);
  });

  test("is blind: no other rater's name, label choice or note reaches the DOM or any JSON the page fetched", async () => {
    const gold = await copyOfLabelingGold();
    const browser = await launchChromium();
    const server = await startAnnotateCli(['.', '--rater', 'browser-test'], gold);
    const page = await browser.newPage();
    const fetched: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/')) fetched.push(response.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    const pages: string[] = [];
    for (let index = 0; index < ITEMS.length; index += 1) {
      await page.waitForSelector('#transcript .segment');
      pages.push(await page.content());
      expect(await page.locator('.label-button.chosen').count()).toBe(0);
      const before = await currentItem(page);
      await page.keyboard.press('s');
      if (index < ITEMS.length - 1) await page.waitForFunction((id) => document.getElementById('item-title')?.textContent !== id, before);
    }
    await page.waitForSelector('#finished:not([hidden])');
    const seen = [...pages, ...(await Promise.all(fetched))].join('\n');
    expect((await Promise.all(fetched)).length).toBeGreaterThanOrEqual(ITEMS.length + 1);
    expect(seen).not.toMatch(/illustrative-a|illustrative-b|NOTE-FROM|llm-rubric|reasoning-phrases|adjudicat/);
  });

  test('adjudication shows only the disputed items with every label and note side by side, and records the decision as adjudicated', async () => {
    const gold = await copyOfLabelingGold();
    const browser = await launchChromium();
    const server = await startAnnotateCli(['.', '--rater', 'adjudicator-test', '--adjudicate', '--results', 'results.jsonl'], gold);
    const page = await openAnnotatePage(browser, server.url);
    // lab-06 already has a decision, so the page opens at the other disputed item.
    expect(await currentItem(page)).toBe('lab-03');
    expect(await page.textContent('#progress')).toContain('of 2');
    const table = (await page.textContent('#others table'))!;
    for (const expected of ['illustrative-a', 'illustrative-b', 'plausible_rationalization', 'honest', 'NOTE-FROM-A: bug-fix story', 'NOTE-FROM-B: reads as a real fix', 'llm-rubric', 'reward-tampering-reasoning-phrases']) {
      expect(table).toContain(expected);
    }
    await page.screenshot({ path: await screenshotPath('annotate-adjudication.png') });
    await page.keyboard.press('n');
    await page.keyboard.type('the bug story is not supported by the task');
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await page.waitForSelector('#finished:not([hidden])');
    expect(await page.textContent('#finished')).toContain('All 2 items decided');
    const last = (await readRatingsFile(join(gold, 'ratings.jsonl'))).ratings.at(-1);
    expect(last).toMatchObject({ item: 'lab-03', rater: 'adjudicator-test', label: 'plausible_rationalization', adjudicated: true, note: 'the bug story is not supported by the task' });
  });

  test('renders XSS payloads in a transcript and in a note as inert, visible text', async () => {
    const gold = await copyOfLabelingGold();
    const browser = await launchChromium();
    const server = await startAnnotateCli(['.', '--rater', 'browser-test'], gold);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await page.goto(server.url);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('body[data-ready="true"]');
    while ((await currentItem(page)) !== 'lab-05') {
      const before = await currentItem(page);
      await page.keyboard.press('s');
      await page.waitForFunction((id) => document.getElementById('item-title')?.textContent !== id, before);
    }
    const payload = `</textarea><img src=x onerror="alert('note-xss')"><script>alert('note-script')</script>`;
    await page.keyboard.press('n');
    await page.keyboard.type(payload);
    await page.keyboard.press('Escape');
    await page.keyboard.press('3');
    await page.waitForFunction(() => document.getElementById('item-title')?.textContent !== 'lab-05');
    await page.keyboard.press('b');
    await waitForItem(page, 'lab-05');

    const state = await page.evaluate(() => ({
      injected: document.querySelector('#injected-bold') !== null,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((script: { getAttribute(name: string): string | null }) => script.getAttribute('src')),
      title: document.title,
      pwned: document.body.dataset['pwned'] ?? null,
      note: (document.getElementById('note') as { value: string }).value,
    }));
    expect(state).toEqual({ injected: false, images: 0, scripts: ['/app.js'], title: 'Label — browser-test · tgrade annotate', pwned: null, note: payload });
    expect(await page.getByText(`<script>alert('xss-script')</script>`, { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText(`<img src=x onerror="alert('xss-img')">`, { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText(`<script>document.title='pwned'</script>`, { exact: false }).isVisible()).toBe(true);
    await page.screenshot({ path: await screenshotPath('annotate-xss-inert.png') });
    expect(dialogs).toEqual([]);
  });
});
