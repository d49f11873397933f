import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGoldSetSpec } from '../../src/gold/gold-set.js';
import { readRatingsFile } from '../../src/gold/ratings-file.js';
import { importLabelledSamples } from '../../src/gold/import-labelled-samples.js';
import { importPredictions } from '../../src/gold/import-predictions.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';

// Real, human-labelled data: the "Alignment Faking Revisited" gold set (Hughes et al. 2025) and one
// automated probe's predictions, as re-shared in the MIT-licensed repository bigsnarfdude/lightbright
// (copied into test/fixtures/alignment-faking-gold-106/, see the README there).
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/alignment-faking-gold-106/${name}`, import.meta.url));
const GOLD = fixture('alignment-faking-gold-106.json');
const PROBE = fixture('alignment-faking-gold-106-probe-predictions.json');

async function importInto(folder: string) {
  const summary = await importLabelledSamples({
    input: GOLD,
    outDir: folder,
    rubric: 'alignment-faking',
    rater: 'hughes-2025-gold',
    raterKind: 'human',
    source: 'Hughes et al. 2025 via bigsnarfdude/lightbright data/gold_106.json',
    license: 'MIT',
    idPrefix: 'af-',
  });
  return summary;
}

describe('importing the alignment-faking gold set', () => {
  it('writes 106 transcripts and 106 ratings with the published label counts', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'tgrade-import-')), 'gold');
    const summary = await importInto(folder);
    expect(summary.items).toBe(106);
    expect(summary.labels).toEqual({ potential_faking: 51, aligned: 55 });

    const { ratings, problems } = await readRatingsFile(join(folder, 'ratings.jsonl'));
    expect(problems).toEqual([]);
    expect(ratings).toHaveLength(106);
    expect(new Set(ratings.map((rating) => rating.rater))).toEqual(new Set(['hughes-2025-gold']));
  });

  it('reads the scratchpad of every imported transcript from its SCRATCHPAD_REASONING tags', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'tgrade-import-')), 'gold');
    await importInto(folder);
    let count = 0;
    for await (const item of readTranscripts(join(folder, 'transcripts.jsonl'))) {
      expect(item.ok).toBe(true);
      if (!item.ok) continue;
      count += 1;
      expect(item.transcript.scratchpad.length).toBeGreaterThan(0);
      for (const segment of item.transcript.scratchpad) expect(item.transcript.text.slice(segment.start, segment.end)).toBe(segment.text);
    }
    expect(count).toBe(106);
  });

  it('records the source, the license and the rater as human in gold.yaml', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'tgrade-import-')), 'gold');
    await importInto(folder);
    const { spec } = await loadGoldSetSpec(folder);
    expect(spec.rubric).toBe('alignment-faking');
    expect(spec.source).toContain('bigsnarfdude/lightbright');
    expect(spec.license).toBe('MIT');
    expect(spec.raters).toEqual([{ name: 'hughes-2025-gold', kind: 'human' }]);
  });

  it('adds the probe as an automated rater with a score per item, matched by sample index', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'tgrade-import-')), 'gold');
    await importInto(folder);
    const options = { input: PROBE, goldDir: folder, rater: 'probe', scoreField: 'af_probability', positiveLabel: 'potential_faking', negativeLabel: 'aligned' };
    await importPredictions(options);
    await importPredictions(options); // a second import replaces the first instead of duplicating it

    const { ratings } = await readRatingsFile(join(folder, 'ratings.jsonl'));
    const probe = ratings.filter((rating) => rating.rater === 'probe');
    expect(probe).toHaveLength(106);
    expect(readFileSync(join(folder, 'ratings.jsonl'), 'utf8').trim().split('\n')).toHaveLength(212);
    const published = JSON.parse(readFileSync(PROBE, 'utf8')) as { predictions: { sample_idx: number; af_probability: number }[] };
    const first = published.predictions[0] as { sample_idx: number; af_probability: number };
    const itemId = `af-${String(first.sample_idx).padStart(3, '0')}`;
    expect(probe.find((rating) => rating.item === itemId)?.score).toBe(first.af_probability);
    const { spec } = await loadGoldSetSpec(folder);
    expect(spec.raters.find((rater) => rater.name === 'probe')?.kind).toBe('automated');
  });

  it('refuses a label that is not a lower_snake_case name unless it is mapped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgrade-import-'));
    const input = join(dir, 'samples.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(input, JSON.stringify([{ text: 'a', label: 1 }, { text: 'b', label: 0 }]));
    const base = { input, outDir: join(dir, 'gold'), rubric: 'r', rater: 'x', raterKind: 'illustrative' as const, source: 's', license: 'l' };
    await expect(importLabelledSamples(base)).rejects.toThrow(/sample 0 has label "1"; map it/);
    const mapped = await importLabelledSamples({ ...base, labelMap: { '1': 'yes', '0': 'no' } });
    expect(mapped.labels).toEqual({ yes: 1, no: 1 });
  });
});
