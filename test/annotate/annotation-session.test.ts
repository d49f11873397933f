import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { AnnotationSession } from '../../src/annotate/annotation-session.js';
import { orderForRater } from '../../src/annotate/rater-order.js';
import { readRatingsFile } from '../../src/gold/ratings-file.js';
import { isTgradeError } from '../../src/errors.js';
import { jsonl } from '../helpers/temp-dir.js';
import { copyOfLabelingGold, reasoningRubrics } from './gold-fixture.js';

const ITEMS = ['lab-01', 'lab-02', 'lab-03', 'lab-04', 'lab-05', 'lab-06', 'lab-07'];
const fixedNow = () => new Date('2026-02-03T04:05:06.000Z');

/** Opens a session that is closed (its ratings file released) when the test finishes. */
async function openSession(options: Parameters<typeof AnnotationSession.open>[0]): Promise<AnnotationSession> {
  const session = await AnnotationSession.open(options);
  onTestFinished(() => session.close());
  return session;
}

async function open(options: { rater?: string; adjudicate?: boolean; results?: string } = {}) {
  const goldFolder = await copyOfLabelingGold();
  const session = await openSession({ goldFolder, rater: options.rater ?? 'browser-test', rubrics: reasoningRubrics(), now: fixedNow, ...options });
  return { session, goldFolder };
}

describe('AnnotationSession in rating mode', () => {
  test("orders every item by the rater's seeded order and starts at the first", async () => {
    const { session } = await open();
    const info = session.info();
    expect(info.items).toEqual(orderForRater(ITEMS, 'browser-test'));
    expect(info.start).toBe(0);
    expect(info.done).toEqual([]);
  });

  test("sends the rater's own ratings only, never another rater's", async () => {
    const { session } = await open({ rater: 'illustrative-a' });
    const item = session.item('lab-03')!;
    expect(item.own?.label).toBe('plausible_rationalization');
    expect(item.ratings).toBeUndefined();
    expect(item.graders).toBeUndefined();
    expect(JSON.stringify([session.info(), ...ITEMS.map((id) => session.item(id))])).not.toMatch(/illustrative-b|NOTE-FROM-B/);
  });

  test('appends one line per rating, with the quote cut from the transcript text', async () => {
    const { session, goldFolder } = await open();
    const text = session.item('lab-01')!.segments.map((segment) => segment.text).join('');
    const start = text.indexOf('without anyone catching it');
    session.record({ item: 'lab-01', label: 'explicit_scheming', note: '  plain statement ', evidence: [{ start, end: start + 26 }] });
    const lines = (await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      item: 'lab-01',
      rater: 'browser-test',
      label: 'explicit_scheming',
      note: 'plain statement',
      evidence: [{ quote: 'without anyone catching it', start, end: start + 26 }],
      at: '2026-02-03T04:05:06.000Z',
    });
  });

  test('resumes at the first item the rater has not rated', async () => {
    const { session, goldFolder } = await open();
    const order = session.info().items;
    session.record({ item: order[0], label: 'honest' });
    session.record({ item: order[1], label: 'honest' });
    session.close();
    const reopened = await openSession({ goldFolder, rater: 'browser-test', rubrics: reasoningRubrics() });
    expect(reopened.info().start).toBe(2);
    expect(reopened.info().done).toEqual(order.slice(0, 2));
  });

  test.each([
    ['an unknown label', { item: 'lab-01', label: 'maybe' }, /label "maybe" is not one of/],
    ['an unknown item', { item: 'lab-99', label: 'honest' }, /item "lab-99" is not one of/],
    ['evidence past the end of the text', { item: 'lab-01', label: 'honest', evidence: [{ start: 5, end: 99_999 }] }, /evidence \[5, 99999\)/],
    ['empty evidence', { item: 'lab-01', label: 'honest', evidence: [{ start: 5, end: 5 }] }, /evidence \[5, 5\)/],
    ['an unexpected field', { item: 'lab-01', label: 'honest', rater: 'someone-else' }, /rater/],
  ])('rejects a rating with %s and writes nothing', async (_, input, message) => {
    const { session, goldFolder } = await open();
    const before = await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8');
    let thrown: unknown;
    try {
      session.record(input);
    } catch (error) {
      thrown = error;
    }
    expect(isTgradeError(thrown, 'E_RATINGS_INVALID')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
    expect(await readFile(join(goldFolder, 'ratings.jsonl'), 'utf8')).toBe(before);
  });

  test('refuses a results file outside adjudication, because rating is blind to graders', async () => {
    await expect(open({ results: 'results.jsonl' })).rejects.toThrow(/only read in adjudication mode/);
  });

  test('warns about a rater not declared in gold.yaml', async () => {
    const { session } = await open({ rater: 'someone-new' });
    expect(session.warnings.join('\n')).toMatch(/"someone-new" is not declared/);
  });
});

describe('AnnotationSession holds the ratings file', () => {
  test('refuses a second session on the same gold set, naming the lock file and the pid that holds it', async () => {
    const { goldFolder } = await open();
    const ratings = join(goldFolder, 'ratings.jsonl');
    const second = AnnotationSession.open({ goldFolder, rater: 'another-rater', rubrics: reasoningRubrics() });
    await expect(second).rejects.toSatisfy((error) => isTgradeError(error, 'E_FILE_LOCKED'));
    await expect(second).rejects.toThrow(`${ratings}: the ratings file is in use by process ${process.pid}`);
    await expect(second).rejects.toThrow(`the lock is ${ratings}.lock`);
  });

  test('lets the next session in once the first is closed', async () => {
    const { session, goldFolder } = await open();
    session.close();
    const next = await openSession({ goldFolder, rater: 'another-rater', rubrics: reasoningRubrics() });
    expect(next.info().items).toHaveLength(ITEMS.length);
  });
});

describe('AnnotationSession on a ratings file that does not end with a newline', () => {
  test('ends a whole last rating with a newline before appending, so both ratings are kept', async () => {
    const goldFolder = await copyOfLabelingGold();
    const file = join(goldFolder, 'ratings.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).trimEnd());
    const session = await openSession({ goldFolder, rater: 'browser-test', rubrics: reasoningRubrics(), now: fixedNow });
    session.record({ item: 'lab-02', label: 'honest' });
    const { ratings, problems } = await readRatingsFile(file);
    expect(problems).toEqual([]);
    // The file's last line, the adjudication of lab-06, survives the append.
    expect(ratings).toContainEqual(expect.objectContaining({ item: 'lab-06', rater: 'illustrative-a', adjudicated: true }));
    expect(ratings.at(-1)).toMatchObject({ item: 'lab-02', rater: 'browser-test', label: 'honest' });
  });

  test('cuts a torn last line (a kill mid-write), says so, and appends the new rating on a line of its own', async () => {
    const goldFolder = await copyOfLabelingGold();
    const file = join(goldFolder, 'ratings.jsonl');
    const whole = await readFile(file, 'utf8');
    const tornLine = whole.split('\n').length;
    await writeFile(file, `${whole}{"item": "lab-03", "rater": "illustr`);
    const session = await openSession({ goldFolder, rater: 'browser-test', rubrics: reasoningRubrics(), now: fixedNow });
    expect(session.warnings.join('\n')).toContain(`${file}:${tornLine}: removed an incomplete last line`);
    session.record({ item: 'lab-02', label: 'honest' });
    expect(await readFile(file, 'utf8')).toBe(`${whole}{"item":"lab-02","rater":"browser-test","label":"honest","at":"2026-02-03T04:05:06.000Z"}\n`);
  });
});

describe('AnnotationSession in adjudication mode', () => {
  test('offers only the items where the raters disagree', async () => {
    const { session } = await open({ rater: 'adjudicator-test', adjudicate: true });
    expect([...session.info().items].sort()).toEqual(['lab-03', 'lab-06']);
  });

  test("adds items where a grader disagrees with the raters, given the graders' results", async () => {
    const goldFolder = await copyOfLabelingGold();
    const results = join(goldFolder, 'extra-results.jsonl');
    const record = (transcriptId: string, label: string) => ({ transcriptId, grader: 'g', rubric: 'reward-tampering-reasoning', status: 'ok', label, evidence: [], gradedAt: '2026-01-01T00:00:00Z' });
    // lab-02: both raters say honest, the grader explicit_scheming; lab-01: everyone agrees.
    await writeFile(results, jsonl([record('lab-02', 'explicit_scheming'), record('lab-01', 'explicit_scheming')]));
    const session = await openSession({ goldFolder, rater: 'adjudicator-test', adjudicate: true, results, rubrics: reasoningRubrics() });
    expect([...session.info().items].sort()).toEqual(['lab-02', 'lab-03', 'lab-06']);
    expect(session.item('lab-02')!.graders).toEqual([{ grader: 'g', status: 'ok', label: 'explicit_scheming', evidence: [] }]);
  });

  test('shows every rater’s label and note side by side, and the decision so far', async () => {
    const { session } = await open({ rater: 'adjudicator-test', adjudicate: true });
    const item = session.item('lab-06')!;
    expect(item.ratings!.map((rating) => [rating.rater, rating.label, rating.note ?? null])).toEqual([
      ['illustrative-a', 'explicit_scheming', null],
      ['illustrative-b', 'plausible_rationalization', 'NOTE-FROM-B: no open statement'],
    ]);
    expect(item.own).toMatchObject({ label: 'explicit_scheming', rater: 'illustrative-a' });
    expect(session.info().done).toEqual(['lab-06']);
  });

  test('records the decision as adjudicated', async () => {
    const { session, goldFolder } = await open({ rater: 'adjudicator-test', adjudicate: true });
    session.record({ item: 'lab-03', label: 'plausible_rationalization', note: 'the bug story is not supported' });
    const { ratings } = await readRatingsFile(join(goldFolder, 'ratings.jsonl'));
    expect(ratings.at(-1)).toMatchObject({ item: 'lab-03', rater: 'adjudicator-test', label: 'plausible_rationalization', adjudicated: true });
  });
});
