import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CalibrationProfileSchema, graderConfigHash, loadProfile, profilePath, writeProfile } from '../../src/calibration/calibration-profile.js';
import { isTgradeError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleProfile } from './sample-profile.js';

const grader = { id: 'llm-rubric', rubrics: '*' as const, grade: () => ({ status: 'abstain' as const, reason: 'test' }) };
const llm = { provider: 'anthropic' as const, model: 'claude-sonnet-4-5', maxTokens: 1024, timeoutMs: 120_000, concurrency: 8, retries: 6 };

describe('graderConfigHash', () => {
  test('does not depend on the order of option keys', () => {
    const a = graderConfigHash({ grader, options: { samples: 3, reducer: 'majority' }, llm });
    const b = graderConfigHash({ grader, options: { reducer: 'majority', samples: 3 }, llm: { ...llm } });
    expect(a).toBe(b);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('changes when an option or the model changes', () => {
    const base = graderConfigHash({ grader, options: { samples: 3 }, llm });
    expect(graderConfigHash({ grader, options: { samples: 5 }, llm })).not.toBe(base);
    expect(graderConfigHash({ grader, options: { samples: 3 }, llm: { ...llm, model: 'claude-haiku-4-5' } })).not.toBe(base);
  });
});

describe('calibration profile files', () => {
  test('rewriting a profile whose only change is createdAt leaves the file as it was', async () => {
    const file = join(await tempDir(), 'p.json');
    expect(await writeProfile(file, sampleProfile())).toBe('written');
    const before = await readFile(file, 'utf8');
    expect(await writeProfile(file, sampleProfile({ createdAt: '2027-05-05T00:00:00.000Z' }))).toBe('unchanged');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  test('a profile with a changed figure is rewritten, with its new date', async () => {
    const file = join(await tempDir(), 'p.json');
    await writeProfile(file, sampleProfile());
    expect(await writeProfile(file, sampleProfile({ createdAt: '2027-05-05T00:00:00.000Z', sensitivity: { value: 0.8, ci95: [0.45, 0.97] } }))).toBe('written');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ createdAt: '2027-05-05T00:00:00.000Z', sensitivity: { ci95: [0.45, 0.97] } });
  });

  test('a valid profile loads', async () => {
    const dir = await tempDir();
    const file = join(dir, 'p.json');
    await writeFile(file, JSON.stringify(sampleProfile()));
    expect(await loadProfile(file)).toEqual(sampleProfile());
  });

  test('a confusion matrix that does not add up to n is rejected with the file and the field', async () => {
    const dir = await tempDir();
    const file = join(dir, 'p.json');
    await writeFile(file, JSON.stringify(sampleProfile({ n: 21 })));
    const error = await loadProfile(file).catch((caught: unknown) => caught);
    expect(isTgradeError(error, 'E_PROFILE_INVALID')).toBe(true);
    expect((error as Error).message).toBe(`${file}: not a calibration profile: counts sum to 20, but n is 21 (at n); write one with \`tgrade calibrate\``);
  });

  test('a file that is not JSON is named in the error', async () => {
    const dir = await tempDir();
    const file = join(dir, 'p.json');
    await writeFile(file, '{ nope');
    await expect(loadProfile(file)).rejects.toThrow(`${file}: not valid JSON`);
  });

  test('the schema rejects a positive label that is not among the labels', () => {
    expect(CalibrationProfileSchema.safeParse(sampleProfile({ positive: ['maybe'] })).success).toBe(false);
  });

  test('profile file names replace characters a grader name may hold but a file name should not', () => {
    expect(profilePath('/p', 'reward-tampering-reasoning', 'llm-rubric:claude/sonnet')).toBe('/p/reward-tampering-reasoning.llm-rubric_claude_sonnet.json');
  });
});
