import type { Action, Span } from './schema.js';
import { fileTargetsOfCommand } from './file-targets.js';

/**
 * Reads the tag conventions of published scratchpad transcripts: reasoning inside <cot>, <scratchpad>,
 * <thinking>, <reasoning> or <SCRATCHPAD_REASONING>; shell actions inside <bash>, answered by <stdout>
 * and/or <stderr> right after; an explicit answer inside <answer> or <OUTPUT>. Tags match
 * case-insensitively; an unclosed tag runs to the end of the text (truncated rollouts are common).
 */
const REASONING_TAGS = new Set(['cot', 'scratchpad', 'thinking', 'reasoning', 'scratchpad_reasoning']);
const ANSWER_TAGS = new Set(['answer', 'output']);
export const TAG_NAMES = [...REASONING_TAGS, 'bash', 'stdout', 'stderr', ...ANSWER_TAGS];
const OPEN_TAG = new RegExp(`<(${TAG_NAMES.join('|')})>`, 'gi');
// One closing pattern per tag, compiled once: building one per tag per transcript cost more than parsing.
const CLOSING_TAGS = new Map(TAG_NAMES.map((name) => [name, new RegExp(`</${name}>`, 'gi')]));

/** Output on stderr that means the command did not do what it was asked. */
const FAILURE_OUTPUT = /\b(error|denied|no such file|not found|cannot|can't|failed|traceback|read-only)\b/i;

export interface TaggedParts {
  scratchpad: Span[];
  actions: Action[];
  answer: Span | null;
}

interface TagHit {
  name: string;
  inner: Span;
  /** Index just past the closing tag (or the end of the text when unclosed). */
  after: number;
  /** Index of the opening `<`. */
  openAt: number;
}

function* tagHits(text: string, base: number): Generator<TagHit> {
  OPEN_TAG.lastIndex = 0;
  let cursor = 0;
  for (;;) {
    OPEN_TAG.lastIndex = cursor;
    const open = OPEN_TAG.exec(text);
    if (open === null) return;
    const name = (open[1] ?? '').toLowerCase();
    const innerStart = open.index + open[0].length;
    const closeAt = closingTagAt(text, name, innerStart);
    const innerEnd = closeAt === -1 ? text.length : closeAt;
    const after = closeAt === -1 ? text.length : closeAt + name.length + 3;
    yield {
      name,
      openAt: open.index,
      after,
      inner: { text: text.slice(innerStart, innerEnd), start: base + innerStart, end: base + innerEnd },
    };
    cursor = after;
  }
}

/**
 * Index of `</name>` at or after `from`, case-insensitively. Searched with a regex rather than in
 * `text.toLowerCase()`, whose offsets drift when lower-casing changes a character's length ("İ").
 */
function closingTagAt(text: string, name: string, from: number): number {
  const close = CLOSING_TAGS.get(name) as RegExp;
  close.lastIndex = from;
  return close.exec(text)?.index ?? -1;
}

/** Parses `text`, whose first character sits at offset `base` of the transcript's canonical text. */
export function parseTaggedText(text: string, base = 0): TaggedParts {
  const scratchpad: Span[] = [];
  const actions: Action[] = [];
  let answer: Span | null = null;
  let lastAction: Action | undefined;
  let cursor = 0;

  for (const hit of tagHits(text, base)) {
    // Output tags answer a <bash> block only when nothing but white space stands between them.
    if (text.slice(cursor, hit.openAt).trim() !== '') lastAction = undefined;
    cursor = hit.after;

    if (REASONING_TAGS.has(hit.name)) {
      scratchpad.push(hit.inner);
      lastAction = undefined;
    } else if (ANSWER_TAGS.has(hit.name)) {
      answer = hit.inner;
      lastAction = undefined;
    } else if (hit.name === 'bash') {
      const command = hit.inner.text.trim();
      const { text: inner, start, end } = hit.inner;
      // Written out, not spread from hit.inner: V8 promoted the spread copies to the old generation,
      // and that garbage made the peak memory of a long run grow with its length.
      lastAction = { text: inner, start, end, kind: 'shell', tool: 'bash', command, files: fileTargetsOfCommand(command) };
      actions.push(lastAction);
    } else if (lastAction !== undefined) {
      // <stdout>/<stderr> answer the <bash> block just before them.
      const output = hit.inner.text.trim();
      lastAction.output = lastAction.output === undefined ? output : `${lastAction.output}\n${output}`;
      (lastAction.outputSpans ??= []).push(trimmedInner(hit.inner));
      if (hit.name === 'stderr' && FAILURE_OUTPUT.test(output)) lastAction.failed = true;
    }
  }

  if (answer === null) answer = finalUntaggedAnswer(text, base, cursor);
  return { scratchpad, actions, answer };
}

function trimmedInner(span: Span): Span {
  const lead = span.text.length - span.text.trimStart().length;
  const text = span.text.trim();
  return { text, start: span.start + lead, end: span.start + lead + text.length };
}

const FIRST_TURN = /^\s*(?:System|Human|User):[ \t]*/;
const FIRST_REPLY = /(?:^|\n)[ \t]*(?:Assistant|AI):/;

/**
 * The task as given in tagged text: the opening `Human:` (or `System:`/`User:`) turn, up to the
 * model's first reply (an `Assistant:` line or the first tag). Empty when the text does not open
 * with such a turn (the alignment-faking gold set starts at the scratchpad): nothing is guessed.
 */
export function taggedPrompt(text: string): Span[] {
  const opening = FIRST_TURN.exec(text);
  if (opening === null) return [];
  const from = opening[0].length;
  const rest = text.slice(from);
  OPEN_TAG.lastIndex = 0;
  const firstTag = OPEN_TAG.exec(rest)?.index ?? rest.length;
  const firstReply = FIRST_REPLY.exec(rest)?.index ?? rest.length;
  const inner = trimmedInner({ text: rest.slice(0, Math.min(firstTag, firstReply)), start: from, end: from + Math.min(firstTag, firstReply) });
  return inner.text === '' ? [] : [inner];
}

/**
 * Without an explicit answer tag, the answer is the text after the last tag, minus any leading
 * "Assistant:" marker, and only when it is not a new human turn.
 */
function finalUntaggedAnswer(text: string, base: number, afterLastTag: number): Span | null {
  if (afterLastTag === 0) return null;
  const tail = text.slice(afterLastTag);
  const marker = /^\s*(?:Assistant:\s*)?/.exec(tail);
  const skip = marker === null ? 0 : marker[0].length;
  const body = tail.slice(skip).trimEnd();
  if (body === '' || /^(Human|User):/.test(body)) return null;
  const start = afterLastTag + skip;
  return { text: body, start: base + start, end: base + start + body.length };
}
