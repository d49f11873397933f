import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateAudit } from '../../src/audit/estimate.js';
import { auditEstimateJson } from '../../src/audit/format-estimate.js';
import { main } from '../../src/cli/main.js';
import { ppiMean } from '../../src/stats/ppi-mean.js';
import { stratifiedProportion } from '../../src/stats/stratified-estimate.js';
import { GRADER, rateSample, writeSyntheticPopulation } from './synthetic-population.js';

async function plannedAudit(options: { size: number; positives: number[]; flagged: number[]; budget: number; design?: string; seed?: number; skip?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-estimate-'));
  const population = writeSyntheticPopulation(dir, options);
  const out: string[] = [];
  const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), isTTY: false, env: {}, cwd: dir };
  const code = await main(['node', 'tgrade', 'audit', 'plan', population.results, '--grader', GRADER, '--budget', String(options.budget), '--out', 'audit', '--design', options.design ?? 'stratified', '--seed', String(options.seed ?? 1)], io);
  if (code !== 0) throw new Error(out.join(''));
  const folder = join(dir, 'audit');
  const sampled = rateSample(folder, population.truth, new Set());
  if (options.skip !== undefined) {
    const unflagged = readFileSync(join(folder, 'sample.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { item: string; stratum: string }).filter((line) => line.stratum === 'label:none');
    rateSample(folder, population.truth, new Set(unflagged.slice(0, options.skip).map((line) => line.item)));
  }
  return { folder, population, sampled };
}

const byMethod = (estimate: Awaited<ReturnType<typeof estimateAudit>>, method: string, label = 'tamper_attempt') => estimate.estimates.find((row) => row.label === label && row.method === method)!;

describe('audit estimate on a generated population with a known truth (synthetic)', () => {
  it('covers the true count of 7 in 32,768 with every interval, and the lower bound is above 0', async () => {
    const flagged = [10, 500, 9000, 15000, 20000, 25000, ...Array.from({ length: 39 }, (_, i) => 100 + i * 700)];
    const { folder } = await plannedAudit({ size: 32768, positives: [10, 500, 9000, 15000, 20000, 25000, 30000], flagged, budget: 200 });
    const estimate = await estimateAudit({ folder });
    const stratified = byMethod(estimate, 'stratified');
    expect(stratified.count!.interval[0]).toBeGreaterThan(0);
    expect(stratified.count!.interval[0]).toBeLessThanOrEqual(7);
    expect(stratified.count!.interval[1]).toBeGreaterThanOrEqual(7);
    expect(estimate.recommended.find((choice) => choice.label === 'tamper_attempt')!.method).toBe('stratified');
    const ppv = estimate.strata.find((row) => row.stratum === 'label:tamper_attempt')!;
    expect(ppv).toMatchObject({ measures: 'ppv', rated: 45, positives: 6 });
  });

  it('recommends ppi++ when every sampled stratum shows enough events, and its interval covers the truth', async () => {
    const positives = Array.from({ length: 400 }, (_, i) => i * 5);
    const flagged = [...positives.slice(0, 300), ...Array.from({ length: 60 }, (_, i) => 1 + i * 5)];
    const { folder, population } = await plannedAudit({ size: 2000, positives, flagged, budget: 400, seed: 2 });
    const estimate = await estimateAudit({ folder });
    const truth = [...population.truth.values()].filter((label) => label === 'tamper_attempt').length;
    const recommended = estimate.recommended.find((choice) => choice.label === 'tamper_attempt')!;
    expect(recommended.method).toBe('ppi++');
    const row = byMethod(estimate, 'ppi++');
    expect(row.count!.interval[0]).toBeLessThanOrEqual(truth);
    expect(row.count!.interval[1]).toBeGreaterThanOrEqual(truth);
  });

  it('with a random design, ppi++ equals ppi_py’s ppi_mean_ci on the audited and unaudited predictions', async () => {
    const positives = Array.from({ length: 100 }, (_, i) => i * 10);
    const flagged = [...positives.slice(0, 80), 3, 13, 23];
    const { folder, population, sampled } = await plannedAudit({ size: 1000, positives, flagged, budget: 150, design: 'random' });
    const estimate = await estimateAudit({ folder });
    const inSample = new Set(sampled);
    const score = (id: string) => (flagged.includes(Number(id.slice(5))) ? 1 : 0);
    const ids = [...population.truth.keys()];
    const expected = ppiMean({
      labels: ids.filter((id) => inSample.has(id)).map((id) => (population.truth.get(id) === 'tamper_attempt' ? 1 : 0)),
      predictions: ids.filter((id) => inSample.has(id)).map(score),
      unlabeledPredictions: ids.filter((id) => !inSample.has(id)).map(score),
    });
    const row = byMethod(estimate, 'ppi++');
    // Same multiset of values in another order: equal up to rounding in the sums.
    expect(row.value).toBeCloseTo(expected.estimate, 12);
    expect(row.raw![0]).toBeCloseTo(expected.ci[0], 12);
    expect(row.raw![1]).toBeCloseTo(expected.ci[1], 12);
    expect(row.lambda).toBeCloseTo(expected.lambda, 12);
  });

  it('prints the quotable sentence and the --json shape with ci95 and ci95Raw', async () => {
    const { folder } = await plannedAudit({ size: 3000, positives: [1, 2, 3, 4000], flagged: [1, 2, 3, 7, 8], budget: 80 });
    const out: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), isTTY: false, env: {}, cwd: folder };
    expect(await main(['node', 'tgrade', 'audit', 'estimate', folder, '--label', 'tamper_attempt'], io)).toBe(0);
    expect(out.join('')).toMatch(/^tamper_attempt: 3 \(95% CI 3–\d[\d,]*\) of 3,000 transcripts \(0\.1%\), from 5 flagged by tamper-flagger and 80 human audits; the grader's flags alone would say 5/);
    const json = auditEstimateJson(await estimateAudit({ folder, label: 'tamper_attempt' })) as { estimates: { prevalence: Record<string, unknown> }[] };
    expect(Object.keys(json.estimates[0]!.prevalence).sort()).toEqual(['ci95', 'ci95Raw', 'value']);
    const other = auditEstimateJson(await estimateAudit({ folder, label: 'tamper_attempt', alpha: 0.1 })) as { estimates: { prevalence: Record<string, unknown> }[] };
    expect(other.estimates[0]!.prevalence).toMatchObject({ level: 0.9 });
    expect(Object.keys(other.estimates[0]!.prevalence)).toContain('ci');
  });
});

describe('audit estimate with the active design', () => {
  it('weights by inverse inclusion probabilities for ppi++ and says why the stratified estimate is not defined', async () => {
    const positives = Array.from({ length: 600 }, (_, i) => i * 5);
    const negatives = Array.from({ length: 100 }, (_, i) => i * 5 + 1);
    const { folder, population } = await plannedAudit({ size: 3000, positives, flagged: [...positives.slice(0, 400), ...negatives], budget: 300, design: 'active' });
    const estimate = await estimateAudit({ folder, label: 'tamper_attempt' });
    const truth = [...population.truth.values()].filter((label) => label === 'tamper_attempt').length;
    const ppi = byMethod(estimate, 'ppi++');
    expect(ppi.count!.interval[0]).toBeLessThanOrEqual(truth);
    expect(ppi.count!.interval[1]).toBeGreaterThanOrEqual(truth);
    expect(byMethod(estimate, 'stratified')).toMatchObject({ value: null, reason: expect.stringMatching(/unequal probabilities/) });
  });
});

describe('audit estimate in degenerate cases', () => {
  it('with no audited positive, the count interval starts at 0 and the stratified upper bound stays above 0', async () => {
    const { folder } = await plannedAudit({ size: 5000, positives: [4999], flagged: [1, 2, 3], budget: 60 });
    const estimate = await estimateAudit({ folder, label: 'tamper_attempt' });
    const stratified = byMethod(estimate, 'stratified');
    expect(stratified.value).toBe(0);
    expect(stratified.count!.interval[0]).toBe(0);
    expect(stratified.count!.interval[1]).toBeGreaterThan(0);
    expect(byMethod(estimate, 'classical').count!.interval[1]).toBe(0);
    expect(estimate.recommended[0]!.method).toBe('stratified');
  });

  it('with every audited item positive, the interval reaches no lower than the positives seen and no higher than N', async () => {
    const all = Array.from({ length: 300 }, (_, i) => i);
    const { folder } = await plannedAudit({ size: 300, positives: all, flagged: all.slice(0, 100), budget: 40 });
    const estimate = await estimateAudit({ folder, label: 'tamper_attempt' });
    for (const method of ['classical', 'ppi++', 'stratified']) {
      const row = byMethod(estimate, method);
      expect(row.value).toBe(1);
      expect(row.count!.interval[1]).toBeLessThanOrEqual(300);
      expect(row.count!.interval[0]).toBeGreaterThanOrEqual(40);
    }
    expect(byMethod(estimate, 'stratified').count!.interval[0]).toBeLessThan(300);
  });

  it('with a stratum of one item, audits it and keeps every estimate defined', async () => {
    const { folder } = await plannedAudit({ size: 1000, positives: [7, 8], flagged: [7], budget: 30 });
    const estimate = await estimateAudit({ folder, label: 'tamper_attempt' });
    expect(estimate.strata.find((row) => row.stratum === 'label:tamper_attempt')).toMatchObject({ size: 1, rated: 1, positives: 1 });
    for (const method of ['classical', 'ppi++', 'stratified']) expect(byMethod(estimate, method).value).not.toBeNull();
  });

  it('reports sampled items without ratings and estimates from the rated ones', async () => {
    const { folder } = await plannedAudit({ size: 2000, positives: [1, 2, 500], flagged: [1, 2, 3, 4], budget: 50, skip: 5 });
    const estimate = await estimateAudit({ folder, label: 'tamper_attempt' });
    expect(estimate.audited).toMatchObject({ sampled: 50, used: 45, unrated: 5 });
    expect(estimate.warnings.join('\n')).toMatch(/5 of 50 sampled item\(s\) have no consensus \(5 unrated, 0 tied\)/);
    expect(byMethod(estimate, 'stratified').value).not.toBeNull();
  });
});

describe('stratified proportion', () => {
  it('a stratum audited in full adds no width, and 0 events in a sampled stratum still give an upper bound (Jeffreys)', () => {
    const result = stratifiedProportion([
      { size: 45, audited: 45, positives: 6 },
      { size: 32723, audited: 55, positives: 0 },
    ]);
    expect(result.estimate).toBeCloseTo(6 / 32768, 15);
    expect(result.interval[0]).toBeCloseTo(6 / 32768, 15);
    // Jeffreys upper for 0 of 55: the 97.5% quantile of Beta(0.5, 55.5), 0.044445796126906655 by scipy.stats.beta.ppf.
    expect(result.strata[1]!.interval[1]).toBeCloseTo(0.044445796126906655, 10);
  });
});
