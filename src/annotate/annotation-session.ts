import { existsSync } from 'node:fs';
import { z } from 'zod';
import { loadGoldSetSpec, raterKind, type GoldSetPaths, type GoldSetSpec, type RaterKind } from '../gold/gold-set.js';
import { readFinalResults } from '../calibration/final-results.js';
import { appendRating, readRatingsFile, type RatingRecord } from '../gold/ratings-file.js';
import { TgradeError } from '../errors.js';
import type { ResultRecord } from '../grading/verdict.js';
import type { Rubric } from '../rubric/schema.js';
import { describeIssues } from '../schema-issues.js';
import { escapeControls, quoted } from '../quote-input.js';
import { lockExclusively, type FileLock } from '../store/file-lock.js';
import { repairLastLine } from '../store/torn-tail.js';
import { formatProblem, problemOutcome, readTranscripts } from '../transcript/read-transcripts.js';
import { describeSource } from '../transcript/schema.js';
import type { Transcript } from '../transcript/schema.js';
import { itemsWithDisagreement } from './disagreements.js';
import { firstOpenIndex, orderForRater } from './rater-order.js';
import { transcriptView, type TranscriptView } from './transcript-view.js';

/**
 * What the labeling page may know, and the one place a rating is written. In rating mode the page
 * gets the rater's own ratings and nothing else (no other rater, no grader, no transcript metadata);
 * only adjudication mode adds the others' labels, and only for the items in dispute.
 */
export type AnnotationMode = 'rate' | 'adjudicate';

export interface AnnotationSessionOptions {
  goldFolder: string;
  rater: string;
  adjudicate?: boolean;
  /** A results file whose graders count as parties to a disagreement (adjudication only). */
  results?: string;
  rubrics: ReadonlyMap<string, Rubric>;
  now?: () => Date;
}

export interface SessionInfo {
  mode: AnnotationMode;
  rater: string;
  raterKind: RaterKind | 'undeclared';
  rubric: { id: string; description: string; instructions: string; labels: { name: string; definition: string }[] };
  goldSet: { description: string | null; synthetic: boolean };
  items: string[];
  /** Items already done: rated by this rater, or (adjudication) decided. */
  done: string[];
  /** Index in `items` to open first. */
  start: number;
}

type Evidence = NonNullable<RatingRecord['evidence']>;
interface OwnRating {
  label: string;
  note?: string;
  evidence: Evidence;
  rater: string;
}

export interface ItemPayload extends TranscriptView {
  position: number;
  /** This rater's latest rating, or (adjudication) the latest decision. */
  own: OwnRating | null;
  ratings?: { rater: string; kind: RaterKind | 'undeclared'; label: string; note?: string; evidence: Evidence }[];
  graders?: { grader: string; status: ResultRecord['status']; label: string | null; confidence?: number; flags?: string[]; evidence: ResultRecord['evidence']; reason?: string; error?: string }[];
}

const RatingInputSchema = z
  .object({
    item: z.string().min(1),
    label: z.string().min(1),
    note: z.string().max(20_000).optional(),
    evidence: z.array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).strict()).max(100).default([]),
  })
  .strict();

export class AnnotationSession {
  private readonly latest = new Map<string, RatingRecord>();
  private closed = false;

  private constructor(
    readonly mode: AnnotationMode,
    readonly rater: string,
    readonly spec: GoldSetSpec,
    readonly paths: GoldSetPaths,
    private readonly rubric: SessionInfo['rubric'],
    private readonly transcripts: ReadonlyMap<string, Transcript>,
    readonly items: readonly string[],
    ratings: readonly RatingRecord[],
    private readonly graderResults: ReadonlyMap<string, ResultRecord[]>,
    /** Things the user should know (unreadable lines, undeclared rater); the session still works. */
    readonly warnings: readonly string[],
    private readonly now: () => Date,
    private readonly lock: FileLock,
  ) {
    for (const rating of ratings) this.remember(rating);
  }

  static async open(options: AnnotationSessionOptions): Promise<AnnotationSession> {
    const rater = options.rater.trim();
    if (rater === '') throw new TgradeError('E_RATINGS_INVALID', '--rater: give the name the ratings are recorded under');
    if (options.results !== undefined && options.adjudicate !== true) {
      throw new TgradeError('E_RATINGS_INVALID', '--results is only read in adjudication mode (--adjudicate); rating is blind to graders');
    }
    const { spec, paths } = await loadGoldSetSpec(options.goldFolder);
    const rubric = options.rubrics.get(spec.rubric);
    if (rubric === undefined) {
      throw new TgradeError('E_RUBRIC_UNKNOWN', `${paths.spec}: rubric "${spec.rubric}" is not known (known: ${[...options.rubrics.keys()].join(', ')})`);
    }
    const warnings: string[] = [];
    const definitions = new Map(rubric.labels.map((label) => [label.name, label.definition]));
    const labels = (spec.labels ?? rubric.labels.map((label) => label.name)).map((name) => ({
      name,
      definition: definitions.get(name) ?? `(not defined in rubric ${rubric.id})`,
    }));

    const transcripts = new Map<string, Transcript>();
    for await (const entry of readTranscripts(paths.transcripts)) {
      if (!entry.ok) warnings.push(`${formatProblem(entry.problem)}${problemOutcome(entry.problem)}`);
      else if (transcripts.has(entry.transcript.id)) warnings.push(`${describeSource(entry.transcript.source)}: id "${entry.transcript.id}" appears twice; the first is used`);
      else transcripts.set(entry.transcript.id, entry.transcript);
    }

    // One session writes a ratings file at a time: a second would work from a stale view of it.
    const lock = await lockExclusively(paths.ratings, { what: 'ratings file' });
    try {
      if (lock.recoveredFrom !== undefined) warnings.push(`${paths.ratings}: took over the lock of process ${lock.recoveredFrom.pid}, which is no longer running`);
      // Every rating is appended as one line: a last line without its newline would swallow the next one.
      const repair = existsSync(paths.ratings) ? repairLastLine(paths.ratings, isJsonText) : null;
      if (repair?.action === 'cut') warnings.push(`${paths.ratings}:${repair.line}: removed an incomplete last line (a rating torn by an interrupted write)`);
      const ratings = existsSync(paths.ratings) ? await readRatingsFile(paths.ratings) : { ratings: [], problems: [] };
      for (const problem of ratings.problems) warnings.push(`${problem.file}:${problem.line}: ${problem.message} (ignored)`);
      const unknownItems = new Set(ratings.ratings.filter((rating) => !transcripts.has(rating.item)).map((rating) => rating.item));
      if (unknownItems.size > 0) warnings.push(`${paths.ratings}: ratings for items not in transcripts.jsonl are ignored: ${[...unknownItems].slice(0, 5).map((item) => quoted(item)).join(', ')}${unknownItems.size > 5 ? ', …' : ''}`);
      const known = ratings.ratings.filter((rating) => transcripts.has(rating.item));
      if (raterKind(spec, rater) === 'undeclared') {
        warnings.push(`rater ${quoted(rater)} is not declared in ${paths.spec}; add {name: ${escapeControls(rater)}, kind: human} under raters so the ratings are counted as human`);
      }

      const graderResults = new Map<string, ResultRecord[]>();
      if (options.results !== undefined) {
        if (!existsSync(options.results)) throw new TgradeError('E_INPUT_UNREADABLE', `--results ${options.results}: no such file`);
        for (const records of (await readFinalResults(options.results)).values()) {
          for (const record of records.values()) {
            if (record.rubric !== spec.rubric || !transcripts.has(record.transcriptId)) continue;
            graderResults.set(record.transcriptId, [...(graderResults.get(record.transcriptId) ?? []), record]);
          }
        }
      }

      const order = orderForRater([...transcripts.keys()], rater);
      const mode: AnnotationMode = options.adjudicate === true ? 'adjudicate' : 'rate';
      const graderLabels = [...graderResults.values()].flat().flatMap((record) => (record.status === 'ok' && record.label !== null ? [{ item: record.transcriptId, grader: record.grader, label: record.label }] : []));
      const items = mode === 'rate' ? order : itemsWithDisagreement(order, known, graderLabels);
      const info = { id: rubric.id, description: rubric.description, instructions: rubric.instructions, labels };
      return new AnnotationSession(mode, rater, spec, paths, info, transcripts, items, known, graderResults, warnings, options.now ?? (() => new Date()), lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Releases the ratings file for another session; the session records nothing after this. */
  close(): void {
    this.closed = true;
    this.lock.release();
  }

  info(): SessionInfo {
    const done = this.items.filter((id) => this.ownRecord(id) !== undefined);
    return {
      mode: this.mode,
      rater: this.rater,
      raterKind: raterKind(this.spec, this.rater),
      rubric: this.rubric,
      goldSet: { description: this.spec.description ?? null, synthetic: this.spec.synthetic },
      items: [...this.items],
      done,
      start: firstOpenIndex(this.items, new Set(done)),
    };
  }

  /** The page's view of one item; undefined for an item outside this session. */
  item(id: string): ItemPayload | undefined {
    const position = this.items.indexOf(id);
    const transcript = this.transcripts.get(id);
    if (position === -1 || transcript === undefined) return undefined;
    const own = this.ownRecord(id);
    const payload: ItemPayload = {
      ...transcriptView(transcript),
      position,
      own: own === undefined ? null : { label: own.label, ...(own.note === undefined ? {} : { note: own.note }), evidence: own.evidence ?? [], rater: own.rater },
    };
    if (this.mode === 'rate') return payload;
    payload.ratings = [...this.latest.values()]
      .filter((rating) => rating.item === id && rating.adjudicated !== true)
      .map((rating) => ({ rater: rating.rater, kind: raterKind(this.spec, rating.rater), label: rating.label, ...(rating.note === undefined ? {} : { note: rating.note }), evidence: rating.evidence ?? [] }));
    payload.graders = (this.graderResults.get(id) ?? []).map((record) => ({
      grader: record.grader,
      status: record.status,
      label: record.label,
      evidence: record.evidence ?? [],
      ...(record.confidence === undefined ? {} : { confidence: record.confidence }),
      ...(record.flags === undefined ? {} : { flags: record.flags }),
      ...(record.reason === undefined ? {} : { reason: record.reason }),
      ...(record.error === undefined ? {} : { error: record.error }),
    }));
    return payload;
  }

  /** Validates a rating sent by the page and appends it to ratings.jsonl at once (one write). */
  record(input: unknown): RatingRecord {
    if (this.closed) throw new TgradeError('E_RATINGS_INVALID', `rating: the session on ${this.paths.ratings} is closed`);
    const parsed = RatingInputSchema.safeParse(input);
    if (!parsed.success) throw new TgradeError('E_RATINGS_INVALID', `rating: ${describeIssues(parsed.error)}`);
    const { item, label, evidence } = parsed.data;
    const transcript = this.transcripts.get(item);
    if (transcript === undefined || !this.items.includes(item)) throw new TgradeError('E_RATINGS_INVALID', `rating: item "${item}" is not one of this session's items`);
    if (!this.rubric.labels.some((known) => known.name === label)) {
      throw new TgradeError('E_RATINGS_INVALID', `rating: label "${label}" is not one of ${this.rubric.labels.map((known) => known.name).join(', ')}`);
    }
    const spans = new Map<string, Evidence[number]>();
    for (const { start, end } of evidence) {
      if (start >= end || end > transcript.text.length) {
        throw new TgradeError('E_RATINGS_INVALID', `rating: evidence [${start}, ${end}) is not a stretch of item "${item}" (${transcript.text.length} characters)`);
      }
      // The quote is cut from our copy of the text, never taken from the request.
      spans.set(`${start}:${end}`, { quote: transcript.text.slice(start, end), start, end });
    }
    const note = parsed.data.note?.trim();
    const rating: RatingRecord = {
      item,
      rater: this.rater,
      label,
      ...(note === undefined || note === '' ? {} : { note }),
      ...(spans.size === 0 ? {} : { evidence: [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end) }),
      ...(this.mode === 'adjudicate' ? { adjudicated: true } : {}),
      at: this.now().toISOString(),
    };
    appendRating(this.paths.ratings, rating);
    this.remember(rating);
    return rating;
  }

  private remember(rating: RatingRecord): void {
    const key = JSON.stringify([rating.item, rating.rater, rating.adjudicated === true]);
    this.latest.delete(key);
    this.latest.set(key, rating);
  }

  private ownRecord(item: string): RatingRecord | undefined {
    if (this.mode === 'rate') return this.latest.get(JSON.stringify([item, this.rater, false]));
    let decision: RatingRecord | undefined;
    for (const rating of this.latest.values()) if (rating.item === item && rating.adjudicated === true) decision = rating;
    return decision;
  }
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
