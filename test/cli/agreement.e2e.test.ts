import { appendFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

const exampleRatings = fromRoot('calibration/example-gold/ratings.jsonl');

beforeAll(() => {
  requireBuiltCli();
});

async function projectWithRatings(files: Record<string, string> = {}): Promise<string> {
  const project = await tempProject(files);
  await cp(exampleRatings, join(project, 'ratings.jsonl'));
  return project;
}

describe('tgrade agreement (built CLI)', () => {
  test('prints α, Fleiss κ (undefined, with the reason), AC1 and pairwise κ with intervals, then the items to adjudicate', async () => {
    const project = await projectWithRatings();
    const { code, stdout, stderr } = await runCli(['agreement', 'ratings.jsonl', '--resamples', '200'], { cwd: project });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^20 items, 3 raters \(rater-a, rater-b, rater-c\)/);
    expect(stdout).toMatch(/^Krippendorff's α {4}0\.671 \(95% CI 0\.\d{3}–0\.\d{3}\)$/m);
    expect(stdout).toMatch(/^Fleiss' κ {11}undefined because items have different numbers of ratings \(2, 3\)/m);
    expect(stdout).toMatch(/^Gwet's AC1 {10}0\.\d{3} \(95% CI/m);
    expect(stdout).toMatch(/^ {2}rater-a – rater-b {2}n=20 {3}0\.857 \(95% CI/m);
    expect(stdout).toMatch(/^items with disagreement \(7\), to adjudicate:$/m);
    expect(stdout).toMatch(/^ {2}gold-10 {2}rater-a: honest, rater-b: plausible_rationalization$/m);
    expect(stderr).toBe('tgrade: 1 adjudicated rating(s) left out: an adjudication is a decision, not an independent rating\n');
  });

  test("the Fleiss κ message suggests no option the CLI does not have", async () => {
    const project = await projectWithRatings();
    const { stdout } = await runCli(['agreement', 'ratings.jsonl', '--resamples', '50'], { cwd: project });
    expect(stdout).toMatch(/^Fleiss' κ .*read Krippendorff's α, which allows missing ratings \(in the library, fleissKappa/m);
    expect(stdout).not.toMatch(/use Krippendorff's α or unequalRaters/);
  });

  test('by default the labels are those seen in the ratings, and the output says so and how to declare them', async () => {
    const project = await projectWithRatings();
    const { stdout } = await runCli(['agreement', 'ratings.jsonl', '--resamples', '50'], { cwd: project });
    expect(stdout).toMatch(/^20 items, 3 raters \(rater-a, rater-b, rater-c\), labels: .* \(the labels seen in the ratings: AC1 counts them as the possible labels; declare the full set with --labels/m);
  });

  test('--labels declares the label set: AC1 changes with it and the output names the source', async () => {
    const project = await projectWithRatings();
    const seen = JSON.parse((await runCli(['agreement', 'ratings.jsonl', '--json', '--resamples', '50'], { cwd: project })).stdout) as { labels: string[]; gwetAC1: { value: number } };
    const declared = [...seen.labels, 'unsure'];
    const { code, stdout } = await runCli(['agreement', 'ratings.jsonl', '--json', '--resamples', '50', '--labels', declared.join(',')], { cwd: project });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { labels: string[]; labelSource: string; gwetAC1: { value: number } };
    expect(json).toMatchObject({ labels: declared, labelSource: '--labels' });
    expect(json.gwetAC1.value).not.toBeCloseTo(seen.gwetAC1.value, 6);
  });

  test('a gold-set folder is read as calibrate reads it: the same AC1, interval and label source', async () => {
    const project = await tempProject();
    await cp(fromRoot('calibration/example-gold'), join(project, 'example-gold'), { recursive: true, filter: (source) => !source.endsWith('results.jsonl') });
    const agreement = await runCli(['agreement', 'example-gold', '--json', '--resamples', '200'], { cwd: project });
    expect(agreement.stderr).toBe('');
    expect(agreement.code).toBe(0);
    const calibrate = await runCli(['calibrate', 'example-gold', '--json', '--resamples', '200', '--no-profiles'], { cwd: project });
    const reference = (JSON.parse(calibrate.stdout) as { referenceAgreement: Record<string, unknown> }).referenceAgreement;
    const json = JSON.parse(agreement.stdout) as Record<string, unknown>;
    for (const key of ['labels', 'labelSource', 'gwetAC1', 'krippendorffAlpha', 'percentAgreement']) expect(json[key]).toEqual(reference[key]);
  });

  test('the text output states when no bootstrap interval is given (too few items, rare label, zero width)', async () => {
    const project = await projectWithRatings();
    const { stdout } = await runCli(['agreement', 'ratings.jsonl', '--resamples', '50'], { cwd: project });
    expect(stdout).toContain('no bootstrap interval on fewer than 10 items, when more than 1% of resamples leave the figure undefined, or when every resample gives the same value');
  });

  test('--json prints exactly the documented shape', async () => {
    const project = await projectWithRatings();
    const { code, stdout } = await runCli(['agreement', 'ratings.jsonl', '--json', '--resamples', '100', '--seed', '3'], { cwd: project });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['items', 'raters', 'labels', 'labelSource', 'percentAgreement', 'krippendorffAlpha', 'fleissKappa', 'gwetAC1', 'pairwiseCohen', 'disagreements', 'ratingsHistory']);
    expect(json['krippendorffAlpha']).toEqual({ value: expect.closeTo(0.671, 3), ci95: [expect.any(Number), expect.any(Number)] });
    expect(json['fleissKappa']).toEqual({ value: null, reason: expect.stringMatching(/^undefined because/) });
    expect(json['pairwiseCohen']).toContainEqual({ raterA: 'rater-a', raterB: 'rater-c', n: 19, kappa: { value: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] } });
    const again = await runCli(['agreement', 'ratings.jsonl', '--json', '--resamples', '100', '--seed', '3'], { cwd: project });
    expect(again.stdout).toBe(stdout);
  });

  test('reads a wide CSV (empty cell = not rated)', async () => {
    const csv = ['item,ann,ben', 'a,yes,yes', 'b,no,no', 'c,yes,no', 'd,no,', '"e, quoted",no,no', ''].join('\n');
    const project = await tempProject({ 'ratings.csv': csv });
    const { code, stdout } = await runCli(['agreement', 'ratings.csv', '--json', '--resamples', '100'], { cwd: project });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { items: number; raters: string[]; pairwiseCohen: { n: number }[]; disagreements: unknown[]; percentAgreement: { value: null; reason: string; pointEstimate: number } };
    expect(json.items).toBe(5);
    expect(json.raters).toEqual(['ann', 'ben']);
    expect(json.pairwiseCohen[0]!.n).toBe(4);
    // Four items compared: too few for an interval, and the point estimate is in pointEstimate.
    expect(json.percentAgreement).toEqual({ value: null, reason: expect.stringMatching(/too few items \(n = 5/), pointEstimate: 0.75 });
    expect(json.disagreements).toEqual([{ item: 'c', labels: { ann: 'yes', ben: 'no' } }]);
  });

  test('a malformed rating line is reported as file:line and skipped; the rest is measured', async () => {
    const lines = ['{"item":"a","rater":"ann","label":"yes"}', '{"item":"a","rater":"ben","label":"yes"}', '{"item":"b","rater":"ann"', '{"item":"b","rater":"ben","label":""}', '{"item":"b","rater":"ann","label":"no"}', '{"item":"b","rater":"ben","label":"no"}'];
    const project = await tempProject({ 'ratings.jsonl': `${lines.join('\n')}\n` });
    const { code, stdout, stderr } = await runCli(['agreement', 'ratings.jsonl', '--json'], { cwd: project });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^tgrade: ratings\.jsonl:3: not valid JSON .*\(line skipped\)$/m);
    expect(stderr).toMatch(/^tgrade: ratings\.jsonl:4: .*\(at label\) \(line skipped\)$/m);
    expect((JSON.parse(stdout) as { items: number }).items).toBe(2);
  });

  test('a rater who labelled an item many times counts with the last label, and the replaced ones are counted in the output', async () => {
    const relabels = Array.from({ length: 30 }, (_, index) => JSON.stringify({ item: 'gold-01', rater: 'rater-a', label: index % 2 === 0 ? 'honest' : 'explicit_scheming' })).join('\n');
    const project = await projectWithRatings();
    await appendFile(join(project, 'ratings.jsonl'), `${relabels}\n`);
    const { code, stdout } = await runCli(['agreement', 'ratings.jsonl', '--resamples', '100'], { cwd: project });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^20 items, 3 raters/);
    expect(stdout).toContain('ratings.jsonl: 30 earlier rating(s) replaced by a later one of the same rater for the same item (kept in the file as history; the last counts): 1 rater–item pair(s) rated more than once, 1 with different labels');
    const json = JSON.parse((await runCli(['agreement', 'ratings.jsonl', '--json', '--resamples', '100'], { cwd: project })).stdout) as { ratingsHistory: unknown };
    expect(json.ratingsHistory).toEqual({ superseded: 30, relabelledPairs: 1, conflictingPairs: 1 });
  });

  test('a bad --resamples value is a usage error (exit 2)', async () => {
    const project = await projectWithRatings();
    const { code, stderr } = await runCli(['agreement', 'ratings.jsonl', '--resamples', 'many'], { cwd: project });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--resamples.*expected a whole number ≥ 1/);
  });

  test('a missing ratings file is a usage error: exit 2 with a one-line message', async () => {
    const project = await tempProject();
    const { code, stderr } = await runCli(['agreement', 'nope.jsonl'], { cwd: project });
    expect(code).toBe(2);
    expect(stderr).toBe('tgrade: cannot read nope.jsonl: no such file (ENOENT)\n');
  });
});
