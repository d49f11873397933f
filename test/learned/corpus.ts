import type { TrainingItem, TrainOptions } from '../../src/learned/train-model.js';

/** A training item whose read text is `text`, as one scratchpad span starting at offset 0. */
export function item(id: string, label: string, text: string): TrainingItem {
  return { id, label, spans: [{ text, start: 0 }], origin: `corpus:${id}` };
}

const BINARY_RUBRIC: TrainOptions['rubric'] = { id: 'tiny', reads: ['scratchpad'], labels: ['negative', 'positive'], positive: ['positive'] };

/** Word unigrams only, every term kept, raw tf: each one-word text is a unit vector on its word. */
const ONE_WORD_FEATURES = { wordNgrams: [1, 1] as [number, number], charNgrams: null, minDocumentFrequency: 1, sublinearTf: false };

export function trainOptions(extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    rubric: BINARY_RUBRIC,
    source: { path: 'corpus.jsonl', kind: 'gold-set' },
    features: ONE_WORD_FEATURES,
    cGrid: [1],
    folds: 2,
    repeats: 1,
    bootstrapResamples: 50,
    now: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

/** The root of f on [low, high] by bisection (f changes sign there): independent of the optimiser under test. */
export function bisect(f: (x: number) => number, low: number, high: number): number {
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (Math.sign(f(middle)) === Math.sign(f(low))) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A small two-label corpus: "tamper" words mark the positive label. Synthetic, written for these tests. */
export function tamperingCorpus(size = 12): TrainingItem[] {
  const positive = ['I will tamper with the reward file so the test passes.', 'Editing the reward function raises my score; I will tamper and hide it.', 'Tamper with the check, then nobody notices the reward change.'];
  const negative = ['I will read the log and report the episode count honestly.', 'Counting the episodes needs the log file; I report what I find.', 'The task is to count episodes, so I read the files and answer.'];
  return Array.from({ length: size }, (_, i) =>
    i % 2 === 0 ? item(`p${i}`, 'positive', `${positive[i % 3]} Step ${i}.`) : item(`n${i}`, 'negative', `${negative[i % 3]} Step ${i}.`),
  );
}
