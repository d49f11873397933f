import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planDesign } from '../../src/audit/plan-design.js';
import { activeInclusionProbabilities } from '../../src/audit/sampling.js';
import { populationItem, predictionScore } from '../../src/audit/population.js';
import { loadGoldSetSpec } from '../../src/gold/gold-set.js';
import { main } from '../../src/cli/main.js';
import { GRADER, writeSyntheticPopulation } from './synthetic-population.js';

const positive = new Set(['tamper_attempt']);
const population = Array.from({ length: 5000 }, (_, index) =>
  populationItem(`item-${index}`, index % 3 === 0 ? undefined : { transcriptId: `item-${index}`, grader: 'g', rubric: 'r', status: 'ok', label: index % 50 === 1 ? 'tamper_attempt' : 'none', confidence: (index % 7) / 7 + 0.1, evidence: [], gradedAt: '' }),
);

function io(cwd: string) {
  const out: string[] = [];
  return { out, io: { stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), isTTY: false, env: {}, cwd } };
}

describe('audit plan design', () => {
  it.each(['stratified', 'random', 'active'] as const)('the same seed draws the same %s sample', (design) => {
    const first = planDesign(population, { design, budget: 300, seed: 11, positive });
    const second = planDesign([...population].reverse(), { design, budget: 300, seed: 11, positive });
    expect(second.sample).toEqual(first.sample);
    expect(planDesign(population, { design, budget: 300, seed: 12, positive }).sample).not.toEqual(first.sample);
  });

  it.each(['stratified', 'random', 'active'] as const)('the %s design draws the budget and its inclusion probabilities sum to it', (design) => {
    const { sample, strata } = planDesign(population, { design, budget: 300, seed: 3, positive });
    expect(sample).toHaveLength(300);
    expect(new Set(sample.map((drawn) => drawn.item)).size).toBe(300);
    // Σ over the population of π_i = Σ_h n_h (stratified), n (random), Σ π (active): the expected sample size.
    const byStratum = new Map(strata.map((stratum) => [stratum.name, stratum]));
    if (design === 'stratified') expect(strata.reduce((sum, stratum) => sum + stratum.size * (sample.find((drawn) => drawn.stratum === stratum.name)?.inclusionProbability ?? 0), 0)).toBeCloseTo(300, 9);
    if (design === 'random') expect(sample[0]!.inclusionProbability * population.length).toBeCloseTo(300, 9);
    expect([...byStratum.values()].reduce((sum, stratum) => sum + stratum.sample, 0)).toBe(300);
  });

  it('active inclusion probabilities sum to the budget and none exceeds 1', () => {
    const uncertainty = population.map((item, index) => (item.status === 'ok' ? (index % 10) / 10 : 0.01));
    const probabilities = activeInclusionProbabilities(uncertainty, 300);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(300, 9);
    expect(Math.max(...probabilities)).toBeLessThanOrEqual(1);
    expect(Math.min(...probabilities)).toBeGreaterThan(0);
  });

  it('audits a small flagged stratum in full and keeps a floor on the unflagged', () => {
    const { strata } = planDesign(population, { design: 'stratified', budget: 300, seed: 1, positive });
    const flagged = strata.filter((stratum) => stratum.flagged);
    const flaggedSize = flagged.reduce((sum, stratum) => sum + stratum.size, 0);
    expect(flaggedSize).toBeLessThanOrEqual(150);
    for (const stratum of flagged) expect(stratum.sample).toBe(stratum.size);
    const unflagged = strata.filter((stratum) => !stratum.flagged).reduce((sum, stratum) => sum + stratum.sample, 0);
    expect(unflagged).toBeGreaterThanOrEqual(75);
  });

  it('puts gated-out items in their own stratum, scored 0 for every label', () => {
    const gated = population[0]!;
    expect(gated.status).toBe('gated-out');
    expect(predictionScore(gated, 'tamper_attempt')).toBe(0);
    expect(planDesign(population, { design: 'stratified', budget: 300, seed: 1, positive }).strata.map((stratum) => stratum.name)).toContain('gated-out');
  });

  it('gives a confidence to the chosen label only, and per-label scores where the record has them', () => {
    const confident = populationItem('a', { transcriptId: 'a', grader: 'g', rubric: 'r', status: 'ok', label: 'none', confidence: 0.7, evidence: [], gradedAt: '' });
    expect(predictionScore(confident, 'none')).toBe(0.7);
    expect(predictionScore(confident, 'tamper_attempt')).toBe(0);
    const scored = populationItem('b', { transcriptId: 'b', grader: 'g', rubric: 'r', status: 'ok', label: 'none', scores: { none: 0.6, tamper_attempt: 0.4 }, evidence: [], gradedAt: '' });
    expect(predictionScore(scored, 'tamper_attempt')).toBe(0.4);
  });
});

describe('tgrade audit plan', () => {
  it('writes a gold-set folder the gold-set schema accepts, with the audit block and sample.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plan-'));
    const population = writeSyntheticPopulation(dir, { size: 2000, positives: [5, 50], flagged: [5, 60, 70], abstained: [80, 81], ungraded: [90] });
    const { out, io: cliIO } = io(dir);
    const code = await main(['node', 'tgrade', 'audit', 'plan', population.results, '--grader', GRADER, '--budget', '60', '--out', 'audit', '--seed', '5', '--transcripts', population.transcripts], cliIO);
    expect(code, out.join('')).toBe(0);
    expect(out.join('')).toContain('60 of 2000 transcripts drawn');
    const { spec } = await loadGoldSetSpec(join(dir, 'audit'));
    expect(spec.raters).toEqual([]);
    expect(spec.audit?.population).toBe(2000);
    expect(spec.audit?.results.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(spec.audit?.strata.map((stratum) => stratum.name).sort()).toEqual(['abstained', 'gated-out', 'label:none', 'label:tamper_attempt']);
    const sample = readFileSync(join(dir, 'audit', 'sample.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { item: string });
    const transcripts = readFileSync(join(dir, 'audit', 'transcripts.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(transcripts).toEqual(sample.map((line) => line.item));
    expect((parse(readFileSync(join(dir, 'audit', 'gold.yaml'), 'utf8')) as { consensus: string }).consensus).toBe('adjudicated');
  });

  it('refuses to overwrite an existing gold set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plan-'));
    const population = writeSyntheticPopulation(dir, { size: 200, positives: [5], flagged: [5] });
    const args = ['node', 'tgrade', 'audit', 'plan', population.results, '--grader', GRADER, '--budget', '20', '--out', 'audit'];
    expect(await main(args, io(dir).io)).toBe(0);
    const second = io(dir);
    expect(await main(args, second.io)).toBe(2);
    expect(second.out.join('')).toMatch(/never overwrites a gold set/);
  });
});
