import type { Transcript } from '../transcript/schema.js';

/**
 * A transcript as the graders see it: its parts in order, each with its kind and its offsets into
 * the canonical text (`null` where the model keeps a part without offsets). Built from whatever
 * span-valued fields the transcript model has, so a part kind added to the model (a `prompt`, …)
 * appears here without a change.
 */
export interface ShownPart {
  kind: string;
  text: string;
  start: number | null;
  end: number | null;
  /** The tool, for an action. */
  tool?: string;
}

export interface ShownTranscript {
  id: string;
  source: Transcript['source'];
  parts: ShownPart[];
  metadata: Record<string, unknown>;
  unreadShapes?: Record<string, number>;
  unreadReasoning?: string[];
}

/** Fields of the model that are not parts. */
const NOT_PARTS = new Set(['id', 'format', 'source', 'text', 'metadata', 'unreadShapes', 'unreadReasoning']);
/** Fields of an action that are part of it, not parts of their own (its output is one). */
const ACTION_FIELDS = new Set(['text', 'start', 'end', 'kind', 'tool', 'command', 'files', 'failed']);

export function showTranscript(transcript: Transcript): ShownTranscript {
  const shown: ShownTranscript = { id: transcript.id, source: transcript.source, parts: partsOf(transcript), metadata: transcript.metadata };
  if (transcript.unreadShapes !== undefined) shown.unreadShapes = transcript.unreadShapes;
  if (transcript.unreadReasoning !== undefined) shown.unreadReasoning = transcript.unreadReasoning;
  return shown;
}

export function partsOf(transcript: Transcript): ShownPart[] {
  const groups: ShownPart[][] = [];
  for (const [field, value] of Object.entries(transcript)) {
    if (NOT_PARTS.has(field)) continue;
    const kind = kindOf(field);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!isSpan(item)) continue;
      const group: ShownPart[] = [{ kind, text: item.text, start: item.start, end: item.end }];
      if (typeof item['tool'] === 'string') (group[0] as ShownPart).tool = item['tool'];
      if (kind === 'action') group.push(...innerParts(item));
      groups.push(group);
    }
  }
  // Parts in text order; what belongs to an action (its output) stays right after it.
  return groups.sort((a, b) => (a[0]?.start ?? 0) - (b[0]?.start ?? 0)).flat();
}

/** An action's own parts: a span-valued field, or a text field with offsets beside it (`output` + `outputStart`/`outputEnd`), or without. */
function innerParts(action: Record<string, unknown>): ShownPart[] {
  const parts: ShownPart[] = [];
  for (const [field, value] of Object.entries(action)) {
    if (ACTION_FIELDS.has(field) || /(Start|End|Spans?)$/.test(field)) continue;
    if (isSpan(value)) parts.push({ kind: field, text: value.text, start: value.start, end: value.end });
    else if (typeof value === 'string') {
      // An output gathered from several tool results keeps one span per result (`outputSpans`).
      const spans = action[`${field}Spans`];
      if (Array.isArray(spans) && spans.length > 0 && spans.every(isSpan)) {
        for (const span of spans) parts.push({ kind: field, text: span.text, start: span.start, end: span.end });
        continue;
      }
      const span = action[`${field}Span`];
      const start = action[`${field}Start`];
      const end = action[`${field}End`];
      if (isSpan(span)) parts.push({ kind: field, text: value, start: span.start, end: span.end });
      else parts.push({ kind: field, text: value, start: typeof start === 'number' ? start : null, end: typeof end === 'number' ? end : null });
    }
  }
  return parts;
}

function kindOf(field: string): string {
  if (field === 'actions') return 'action';
  if (field === 'outputs') return 'output';
  return field;
}

function isSpan(value: unknown): value is Record<string, unknown> & { text: string; start: number; end: number } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const span = value as Record<string, unknown>;
  return typeof span['text'] === 'string' && typeof span['start'] === 'number' && typeof span['end'] === 'number';
}
