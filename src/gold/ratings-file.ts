import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { escapeControls } from '../quote-input.js';
import { describeIssues } from '../schema-issues.js';
import { readLines } from '../transcript/jsonl-lines.js';

/**
 * Ratings files: JSONL, one rating a line, `{item, rater, label, note?, evidence?, adjudicated?}`,
 * or a wide CSV `item,raterA,raterB,…` (empty cell = not rated). Files are append-only, so a
 * labeling page can write at once and never rewrite the file. The rule for a rater who labels an
 * item more than once is defined here, once, for every reader (agreement, calibrate, the report,
 * the labeling page): the last rating of a rater for an item in the file counts; the earlier ones
 * stay in the file as history and are counted (`history`), never silently merged. A rater's
 * adjudication is a separate decision and replaces only an earlier adjudication.
 */
export const RatingRecordSchema = z.object({
  item: z.union([z.string().min(1), z.number()]).transform(String),
  rater: z.string().min(1),
  label: z.string().min(1),
  note: z.string().optional(),
  /** Passages the rater selected as justifying the label, with offsets into the transcript text. */
  evidence: z.array(z.object({ quote: z.string(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })).optional(),
  /** An adjudicated label: the decision after disagreement; it wins over the consensus. */
  adjudicated: z.boolean().optional(),
  /** Score in [0, 1] when the "rater" is an automated one with a confidence (e.g. a probe). */
  score: z.number().min(0).max(1).optional(),
  at: z.string().optional(),
});
export type RatingRecord = z.infer<typeof RatingRecordSchema>;

export interface RatingsProblem {
  file: string;
  line: number;
  message: string;
}

export interface RatingsHistory {
  /** Ratings replaced by a later one of the same rater for the same item. */
  superseded: number;
  /** Rater–item pairs rated more than once, and those among them given different labels. */
  relabelledPairs: number;
  conflictingPairs: number;
}

export interface RatingsFile {
  /** The ratings that count: the last of each rater for each item (adjudications apart), in the order of those last lines. */
  ratings: RatingRecord[];
  problems: RatingsProblem[];
  history: RatingsHistory;
}

/** The one line a command prints about replaced ratings, or null when no rating was replaced. */
export function describeRatingsHistory(file: string, history: RatingsHistory): string | null {
  if (history.superseded === 0) return null;
  return `${file}: ${history.superseded} earlier rating(s) replaced by a later one of the same rater for the same item (kept in the file as history; the last counts): ${history.relabelledPairs} rater–item pair(s) rated more than once, ${history.conflictingPairs} with different labels`;
}

/** Applies the rule: the last rating of a rater for an item counts. */
class LatestRatings {
  private readonly latest = new Map<string, { rating: RatingRecord; count: number; conflicting: boolean }>();

  add(rating: RatingRecord): void {
    const key = JSON.stringify([rating.item, rating.rater, rating.adjudicated === true]);
    const earlier = this.latest.get(key);
    this.latest.delete(key); // re-insert so the order is that of the latest ratings
    this.latest.set(key, { rating, count: (earlier?.count ?? 0) + 1, conflicting: earlier !== undefined && (earlier.conflicting || earlier.rating.label !== rating.label) });
  }

  result(problems: RatingsProblem[]): RatingsFile {
    const history: RatingsHistory = { superseded: 0, relabelledPairs: 0, conflictingPairs: 0 };
    for (const { count, conflicting } of this.latest.values()) {
      if (count === 1) continue;
      history.superseded += count - 1;
      history.relabelledPairs += 1;
      if (conflicting) history.conflictingPairs += 1;
    }
    return { ratings: [...this.latest.values()].map(({ rating }) => rating), problems, history };
  }
}

export async function readRatingsFile(file: string): Promise<RatingsFile> {
  return file.toLowerCase().endsWith('.csv') ? readWideCsv(file) : readRatingsJsonl(file);
}

async function readRatingsJsonl(file: string): Promise<RatingsFile> {
  const latest = new LatestRatings();
  const problems: RatingsProblem[] = [];
  for await (const { line, text } of readLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push({ file, line, message: `not valid JSON (${escapeControls((error as Error).message)})` });
      continue;
    }
    const parsed = RatingRecordSchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ file, line, message: describeIssues(parsed.error) });
      continue;
    }
    latest.add(parsed.data);
  }
  return latest.result(problems);
}

async function readWideCsv(file: string): Promise<RatingsFile> {
  const ratings = new LatestRatings();
  const problems: RatingsProblem[] = [];
  let raters: string[] | undefined;
  for await (const { line, text } of readLines(file)) {
    const cells = splitCsvLine(text);
    if (raters === undefined) {
      if (cells.length < 2) throw new TgradeError('E_RATINGS_INVALID', `${file}:${line}: the header must be item,raterA,raterB,…`);
      raters = cells.slice(1).map((cell) => cell.trim());
      continue;
    }
    const [item, ...labels] = cells;
    if (item === undefined || item.trim() === '') {
      problems.push({ file, line, message: 'no item id in the first column' });
      continue;
    }
    if (labels.length > raters.length) problems.push({ file, line, message: `more cells (${labels.length}) than raters (${raters.length}); extra cells ignored` });
    raters.forEach((rater, index) => {
      const label = labels[index]?.trim() ?? '';
      if (label !== '') ratings.add({ item: item.trim(), rater, label });
    });
  }
  return ratings.result(problems);
}

/** RFC 4180 fields: commas inside double quotes, "" for a quote. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** Appends one rating as one write, so a killed process leaves whole lines only. */
export function appendRating(file: string, rating: RatingRecord): void {
  appendFileSync(file, `${JSON.stringify(RatingRecordSchema.parse(rating))}\n`);
}
