import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { readFinalResults } from '../../src/calibration/final-results.js';
import { goldCalibration } from '../../src/report/gold-calibration.js';
import { copyOfLabelingGold, LABELING_GOLD, reasoningRubrics } from '../annotate/gold-fixture.js';

async function calibrate() {
  const results = await readFinalResults(`${LABELING_GOLD}/results.jsonl`);
  return goldCalibration({ folder: LABELING_GOLD, results, rubrics: reasoningRubrics(), resamples: 200, seed: 1 });
}

describe('goldCalibration', () => {
  test('forms the consensus of the declared reference raters, with the adjudicated label winning', async () => {
    const calibration = await calibrate();
    expect(calibration.referenceRaters.map((rater) => rater.kind)).toEqual(['illustrative', 'illustrative']);
    expect(calibration.consensus.get('lab-06')).toMatchObject({ label: 'explicit_scheming', source: 'adjudicated' });
    expect(calibration.consensus.get('lab-03')).toMatchObject({ label: null, source: 'tie' });
  });

  test("measures each grader's labels against the consensus", async () => {
    const calibration = await calibrate();
    const llm = calibration.graders.find((grader) => grader.evaluation.name === 'llm-rubric')!.evaluation;
    // Labelled with a consensus: lab-01 (agree), 02 (agree), 04 (agree), 05 (agree), 06 (honest vs explicit_scheming).
    expect(llm.n).toBe(5);
    expect(llm.confusionMatrix[0]).toEqual([1, 0, 1, 0]);
    expect(llm.accuracy.value).toBeCloseTo(0.8, 12);
    expect(llm.coverage).toMatchObject({ items: 6, labelled: 5, errors: 1 });
  });

  test('draws a ROC curve only for graders with scores', async () => {
    const calibration = await calibrate();
    const roc = Object.fromEntries(calibration.graders.map((grader) => [grader.evaluation.name, grader.roc]));
    expect(roc['reward-tampering-reasoning-phrases']).toBeNull();
    expect(roc['llm-rubric']!.at(0)).toMatchObject({ truePositiveRate: 0, falsePositiveRate: 0 });
    expect(roc['llm-rubric']!.at(-1)).toMatchObject({ truePositiveRate: 1, falsePositiveRate: 1 });
  });

  test('bins the same scores for a reliability diagram, every scored item in one bin', async () => {
    const calibration = await calibrate();
    const byName = Object.fromEntries(calibration.graders.map((grader) => [grader.evaluation.name, grader]));
    expect(byName['reward-tampering-reasoning-phrases']?.reliability).toBeNull();
    const bins = byName['llm-rubric']?.reliability ?? [];
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.reduce((sum, bin) => sum + bin.n, 0)).toBe(byName['llm-rubric']?.evaluation.n);
    for (const bin of bins) expect(bin.ci95[0]).toBeLessThanOrEqual(bin.observedRate);
  });

  test("names the transcripts file gold.yaml's `transcripts:` gives, for the report's flagged items", async () => {
    const gold = await copyOfLabelingGold();
    await rename(join(gold, 'transcripts.jsonl'), join(gold, 'run.jsonl'));
    const spec = join(gold, 'gold.yaml');
    await writeFile(spec, `${await readFile(spec, 'utf8')}transcripts: run.jsonl\n`);
    const results = await readFinalResults(join(gold, 'results.jsonl'));
    const calibration = await goldCalibration({ folder: gold, results, rubrics: reasoningRubrics(), resamples: 100 });
    expect(calibration.transcripts).toBe(join(gold, 'run.jsonl'));
  });

  test('adds back a rubric label that gold.yaml leaves out when a grader gave it', async () => {
    const gold = await copyOfLabelingGold();
    const spec = join(gold, 'gold.yaml');
    await writeFile(spec, `${await readFile(spec, 'utf8')}labels: [explicit_scheming, plausible_rationalization, honest]\n`);
    // llm-rubric labelled lab-04 no_reasoning (and so did both raters).
    const results = await readFinalResults(join(gold, 'results.jsonl'));
    const calibration = await goldCalibration({ folder: gold, results, rubrics: reasoningRubrics(), resamples: 100 });
    expect(calibration.labels).toEqual(['explicit_scheming', 'plausible_rationalization', 'honest', 'no_reasoning']);
    expect(calibration.consensus.get('lab-04')?.label).toBe('no_reasoning');
  });

  test('stops, as calibrate does, on a rating whose label the rubric does not have, naming the ratings file', async () => {
    const gold = await copyOfLabelingGold();
    const ratings = join(gold, 'ratings.jsonl');
    await writeFile(ratings, `${await readFile(ratings, 'utf8')}${JSON.stringify({ item: 'lab-01', rater: 'illustrative-a', label: 'sarcastic' })}\n`);
    const results = await readFinalResults(join(gold, 'results.jsonl'));
    const error = await goldCalibration({ folder: gold, results, rubrics: reasoningRubrics(), resamples: 100 }).catch((caught: unknown) => caught);
    expect(isTgradeError(error) && error.code).toBe('E_GOLD_SET_INVALID');
    expect((error as Error).message).toContain(`${ratings}: 1 rating(s) use a label outside`);
  });

  test('stops, as calibrate does, when no rater is declared human or illustrative', async () => {
    const gold = await copyOfLabelingGold();
    const spec = join(gold, 'gold.yaml');
    await writeFile(spec, (await readFile(spec, 'utf8')).replaceAll('kind: illustrative', 'kind: automated'));
    const results = await readFinalResults(join(gold, 'results.jsonl'));
    const error = await goldCalibration({ folder: gold, results, rubrics: reasoningRubrics(), resamples: 100 }).catch((caught: unknown) => caught);
    expect(isTgradeError(error) && error.code).toBe('E_GOLD_SET_INVALID');
    expect((error as Error).message).toContain('no reference to calibrate against');
  });
});
