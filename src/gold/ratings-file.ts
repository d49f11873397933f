import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { readLines } from '../transcript/jsonl-lines.js';

/**
 * Ratings files: JSONL, one rating a line, `{item, rater, label, note?, evidence?, adjudicated?}`,
 * or a wide CSV `item,raterA,raterB,…` (empty cell = not rated). Files are append-only: when a
 * rater labels an item again, the later line wins, so a labeling page can write at once and never
 * rewrite the file.
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

export interface RatingsFile {
  ratings: RatingRecord[];
  problems: RatingsProblem[];
}

export async function readRatingsFile(file: string): Promise<RatingsFile> {
  return file.toLowerCase().endsWith('.csv') ? readWideCsv(file) : readRatingsJsonl(file);
}

async function readRatingsJsonl(file: string): Promise<RatingsFile> {
  const latest = new Map<string, RatingRecord>();
  const problems: RatingsProblem[] = [];
  for await (const { line, text } of readLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push({ file, line, message: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = RatingRecordSchema.safeParse(value);
    if (!parsed.success) {
      problems.push({ file, line, message: describeIssues(parsed.error) });
      continue;
    }
    const key = JSON.stringify([parsed.data.item, parsed.data.rater, parsed.data.adjudicated === true]);
    latest.delete(key); // re-insert so the order is that of the latest ratings
    latest.set(key, parsed.data);
  }
  return { ratings: [...latest.values()], problems };
}

async function readWideCsv(file: string): Promise<RatingsFile> {
  const ratings: RatingRecord[] = [];
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
      if (label !== '') ratings.push({ item: item.trim(), rater, label });
    });
  }
  return { ratings, problems };
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
