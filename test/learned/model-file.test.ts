import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTgradeError } from '../../src/errors.js';
import { learnedModelOf, loadLearnedModel } from '../../src/learned/learned-model.js';
import { readModelFile, writeModelFile } from '../../src/learned/model-file.js';
import { trainModel } from '../../src/learned/train-model.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tamperingCorpus, trainOptions } from './corpus.js';

async function savedModel(): Promise<{ file: string; json: Record<string, unknown> }> {
  const file = join(await tempDir(), 'model.json');
  await writeModelFile(file, trainModel(tamperingCorpus(), trainOptions({ features: {}, folds: 3 })));
  return { file, json: JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> };
}

async function modelError(file: string): Promise<string> {
  try {
    await readModelFile(file);
  } catch (error) {
    if (isTgradeError(error, 'E_MODEL_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected E_MODEL_INVALID');
}

describe('the model file', () => {
  test('round-trips: what is read back scores texts exactly as the trained model did', async () => {
    const model = trainModel(tamperingCorpus(), trainOptions({ features: {}, folds: 3 }));
    const file = join(await tempDir(), 'model.json');
    await writeModelFile(file, model);
    expect(await readModelFile(file)).toEqual(model);
    const loaded = await loadLearnedModel(file);
    const inMemory = learnedModelOf(model, 'in memory');
    for (const text of ['I will tamper with the reward.', 'I read the log and report the count.']) {
      const spans = [{ text, start: 0, end: text.length }];
      expect(loaded.probabilities(spans)).toEqual(inMemory.probabilities(spans));
    }
  });

  test('refuses a file written by a newer format version, saying to upgrade', async () => {
    const { file, json } = await savedModel();
    await writeFile(file, JSON.stringify({ ...json, version: 99 }));
    expect(await modelError(file)).toBe(
      `${file}: model format version 99 is newer than this transcript-grader reads (1); upgrade transcript-grader or retrain the model with this version`,
    );
  });

  test('refuses a model whose vocabulary does not match the one its weights were fitted on', async () => {
    const { file, json } = await savedModel();
    const vocabulary = json['vocabulary'] as { terms: string[] };
    vocabulary.terms = [...vocabulary.terms.slice(1), 'w:zzz'];
    await writeFile(file, JSON.stringify(json));
    expect(await modelError(file)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the vocabulary's hash .* does not match the one its weights were fitted on`));
  });

  test('refuses a file that is not JSON, naming it', async () => {
    const file = join(await tempDir(), 'model.json');
    await writeFile(file, '{"format": ');
    expect(await modelError(file)).toMatch(/model\.json: not JSON/);
  });
});
