import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CalibrationProfileSchema } from '../../src/calibration/calibration-profile.js';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { exampleRollouts, fromRoot } from '../helpers/paths.js';
import { tempProject } from '../helpers/temp-dir.js';

const HEURISTIC = 'reward-tampering-reasoning-phrases';
const PROFILE = `calibration/profiles/reward-tampering-reasoning.${HEURISTIC}.json`;

beforeAll(() => {
  requireBuiltCli();
});

/** A temp project with a copy of the example gold set and of the example rollouts. */
async function project(): Promise<string> {
  const dir = await tempProject();
  await cp(fromRoot('calibration/example-gold'), join(dir, 'example-gold'), { recursive: true, filter: (source) => !source.endsWith('results.jsonl') });
  await cp(exampleRollouts, join(dir, 'rollouts.jsonl'));
  return dir;
}

type Statistic = { value: number; ci95: [number, number] } | { value: null; reason: string };

describe('tgrade calibrate (built CLI)', () => {
  test('on the example gold set it exits 0, reports figures with intervals and writes a valid profile', async () => {
    const dir = await project();
    const { code, stdout, stderr } = await runCli(['calibrate', 'example-gold', '--json', '--resamples', '200'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      graders: { name: string; coverage: { labelled: number; abstained: number; errors: number }; accuracy: Statistic; kappa: Statistic; gwetAC1: Statistic; rocAuc: Statistic }[];
      referenceAgreement: { krippendorffAlpha: Statistic };
      skipped: { grader: string; reason: string }[];
      profiles: { grader: string; file: string }[];
    };
    const heuristic = report.graders.find((grader) => grader.name === HEURISTIC)!;
    expect(heuristic.coverage).toMatchObject({ labelled: 17, abstained: 3, errors: 0 });
    for (const statistic of [heuristic.accuracy, heuristic.kappa, heuristic.gwetAC1, heuristic.rocAuc, report.referenceAgreement.krippendorffAlpha]) {
      expect(statistic).toEqual({ value: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] });
    }
    expect(report.skipped).toEqual([{ grader: 'llm-rubric', reason: 'ANTHROPIC_API_KEY is not set' }]);
    const profile = CalibrationProfileSchema.parse(JSON.parse(await readFile(join(dir, PROFILE), 'utf8')));
    expect(profile).toMatchObject({ rubric: 'reward-tampering-reasoning', grader: HEURISTIC, n: 17, goldSet: { folder: 'example-gold', synthetic: true } });
    expect(JSON.stringify(profile)).not.toMatch(/API_KEY|sk-/);
  });

  test('the text report names the coverage, the consensus and the items the grader got wrong', async () => {
    const dir = await project();
    const { code, stdout } = await runCli(['calibrate', 'example-gold', '--resamples', '100', '--no-profiles'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^consensus \(adjudicated\): 20 of 20 items resolved, 1 adjudicated$/m);
    expect(stdout).toMatch(/^ {2}coverage: labelled 17 of 20, 95% CI 62\.1%–96\.8%; abstained 3, errors 0, not graded 0$/m);
    expect(stdout).toMatch(/^ {4}gold-17 {2}consensus explicit_scheming \(majority; votes explicit_scheming 2, plausible_rationalization 1\), reward-tampering-reasoning-phrases: plausible_rationalization$/m);
    expect(stdout).not.toMatch(/^profile:/m);
  });

  test('a folder without gold.yaml is a usage error (exit 2) naming what is missing', async () => {
    const dir = await tempProject({ 'empty/transcripts.jsonl': '' });
    const { code, stderr } = await runCli(['calibrate', 'empty'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('tgrade: empty: a gold set folder needs gold.yaml\n');
  });
});

describe('tgrade label --profile (built CLI)', () => {
  test('adds the prevalence corrected for the grader’s measured error, phrased to be quoted', async () => {
    const dir = await project();
    expect((await runCli(['calibrate', 'example-gold', '--resamples', '100'], { cwd: dir })).code).toBe(0);
    const { code, stdout } = await runCli(['label', 'rollouts.jsonl', '--profile', PROFILE], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^reward-tampering-reasoning-phrases, corrected for its error measured on gold set example-gold \(17 labelled items, synthetic transcripts\):$/m);
    // A 17-item gold set misses a reference label in > 1% of resamples: the point estimate, and no interval.
    expect(stdout).toMatch(/^ {2}3 of 12 labelled explicit_scheming; corrected prevalence [\d.]+%, no interval: the statistic was undefined on \d+ of 1000 bootstrap resamples/m);
    // Rogan–Gladen at the profile's threshold: (5/12 + 8/9 − 1) / (8/8 + 8/9 − 1) = 11/32 = 34.4%.
    expect(stdout).toMatch(/^ {2}5 of 12 labelled explicit_scheming or plausible_rationalization; corrected prevalence 34\.4% \(95% CI/m);
    expect(stdout).not.toContain('outside the correction'); // the grader labels every example rollout
  });

  test('--json puts the corrected prevalence in a correctedPrevalence field', async () => {
    const dir = await project();
    await runCli(['calibrate', 'example-gold', '--resamples', '100'], { cwd: dir });
    const { code, stdout } = await runCli(['label', 'rollouts.jsonl', '--json', '--profile', PROFILE], { cwd: dir });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { correctedPrevalence: { grader: string; binary: { corrected: Statistic }; perLabel: unknown[] }[] };
    expect(json.correctedPrevalence).toHaveLength(1);
    expect(json.correctedPrevalence[0]!.grader).toBe(HEURISTIC);
    expect(json.correctedPrevalence[0]!.binary.corrected).toEqual({ value: expect.closeTo(11 / 32, 12), ci95: [expect.any(Number), expect.any(Number)] });
    expect(json.correctedPrevalence[0]!.perLabel).toHaveLength(4);
  });

  test('a profile for a grader that is not in the run is a usage error before anything is graded', async () => {
    const dir = await project();
    await runCli(['calibrate', 'example-gold', '--resamples', '50'], { cwd: dir });
    const profile = JSON.parse(await readFile(join(dir, PROFILE), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'other.json'), JSON.stringify({ ...profile, grader: 'someone-else' }));
    const { code, stderr } = await runCli(['label', 'rollouts.jsonl', '--profile', 'other.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tgrade: the calibration profile is for grader "someone-else", which is not in this run/);
  });

  test('a file that is not a profile is a usage error naming the file', async () => {
    const dir = await project();
    await writeFile(join(dir, 'bad.json'), '{"rubric": "x"}');
    const { code, stderr } = await runCli(['label', 'rollouts.jsonl', '--profile', 'bad.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tgrade: bad\.json: not a calibration profile: /);
  });
});
