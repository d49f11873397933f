/**
 * How long Krippendorff's α (nominal) takes on a large study: 10,000 items × 5 raters, 3 labels,
 * ~10% of ratings missing, point estimate plus a 1,000-resample bootstrap interval. Seeded, so
 * every run times the same work. Prints one small table.
 */
import { buildRatingTable, krippendorffAlpha, seededRandom, type Rating } from '../src/stats/index.js';

const ITEMS = 10_000;
const RATERS = 5;
const LABELS = ['none', 'weak', 'strong'];
const RESAMPLES = 1_000;

function simulatedRatings(): Rating[] {
  const random = seededRandom(20_240_601);
  const ratings: Rating[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const truth = Math.floor(random() * LABELS.length);
    for (let r = 0; r < RATERS; r++) {
      if (random() < 0.1) continue;
      const label = random() < 0.75 ? truth : Math.floor(random() * LABELS.length);
      ratings.push({ item: `item-${i}`, rater: `rater-${r}`, label: LABELS[label]! });
    }
  }
  return ratings;
}

function timed<T>(run: () => T): { result: T; milliseconds: number } {
  const start = performance.now();
  const result = run();
  return { result, milliseconds: performance.now() - start };
}

const ratings = simulatedRatings();
const build = timed(() => buildRatingTable(ratings, LABELS));
const point = timed(() => krippendorffAlpha(build.result, { level: 'nominal' }));
const withInterval = timed(() => krippendorffAlpha(build.result, { level: 'nominal', bootstrap: { resamples: RESAMPLES, seed: 1 } }));

const alpha = withInterval.result;
const interval = alpha.value === null ? alpha.reason : `[${alpha.ci95[0].toFixed(4)}, ${alpha.ci95[1].toFixed(4)}]`;
const rows: [string, string][] = [
  ['study', `${ITEMS.toLocaleString('en')} items × ${RATERS} raters, ${ratings.length.toLocaleString('en')} ratings`],
  ['build RatingTable', `${build.milliseconds.toFixed(0)} ms`],
  ['α nominal (point)', `${point.milliseconds.toFixed(1)} ms → ${point.result.value?.toFixed(4)}`],
  [`α + ${RESAMPLES.toLocaleString('en')} bootstrap resamples`, `${withInterval.milliseconds.toFixed(0)} ms → 95% CI ${interval}`],
];
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
