import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importPredictions } from '../../src/gold/import-predictions.js';
import { tempProject } from '../helpers/temp-dir.js';

/** A two-item gold set (synthetic) to import predictions into. */
async function goldSet(predictions: unknown): Promise<{ input: string; goldDir: string }> {
  const dir = await tempProject({
    'gold/gold.yaml': 'rubric: tiny\nraters: []\n',
    'gold/transcripts.jsonl': '{"id":"a","text":"one"}\n{"id":"b","text":"two"}\n',
    'preds.json': predictions as object,
  });
  return { input: join(dir, 'preds.json'), goldDir: join(dir, 'gold') };
}

const options = { rater: 'probe', scoreField: 'af_probability', positiveLabel: 'yes', negativeLabel: 'no' };

describe('importPredictions: a file with the wrong field names', () => {
  test('names the missing fields and the fields the prediction has, not "Invalid input"', async () => {
    const paths = await goldSet({ predictions: [{ idx: 0, label: 1, prob: 0.9 }] });
    await expect(importPredictions({ ...paths, ...options })).rejects.toThrow(
      /preds\.json: prediction 0 lacks sample_idx, predicted_label, af_probability \(its fields: idx, label, prob\)\. Each prediction needs sample_idx \(0-based index/,
    );
  });

  test('a file that is neither {predictions: […]} nor an array says which shape it expected and which keys it found', async () => {
    const paths = await goldSet({ results: [] });
    await expect(importPredictions({ ...paths, ...options })).rejects.toThrow(/preds\.json: expected \{"predictions": \[\.\.\.\]\} or an array of predictions; found the keys results\./);
  });

  test('a field of the wrong type is named with its path', async () => {
    const paths = await goldSet([{ sample_idx: 'zero', predicted_label: 1, af_probability: 0.5 }]);
    await expect(importPredictions({ ...paths, ...options })).rejects.toThrow(/preds\.json: prediction 0: .*\(at sample_idx\)/);
  });
});
