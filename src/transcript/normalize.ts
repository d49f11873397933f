import { z } from 'zod';
import { ChatMessageSchema, renderMessages } from './messages.js';
import { describeIssues } from '../schema-issues.js';
import { describeSource, type Transcript, type TranscriptSource } from './schema.js';
import { isMessagesRecord, isTextRecord, type MessagesRecord, type TextRecord } from './record-shape.js';
import { parseTaggedText, taggedPrompt } from './tagged-text.js';

/**
 * Turns one input record, in either accepted shape, into the one Transcript type:
 *  (a) `{id?, messages: [...]}` — chat messages (Anthropic blocks or OpenAI tool calls);
 *  (b) `{id?, text}` — one string with reasoning and actions in tags (the published
 *      reward-tampering environment's format, and the alignment-faking gold set's).
 * Any other top-level field is kept as metadata; an explicit `metadata` object is merged in.
 */
const IdSchema = z.union([z.string().min(1), z.number()]).transform(String);
export const MessagesRecordSchema = z.looseObject({ id: IdSchema.optional(), messages: z.array(ChatMessageSchema) });
export const TextRecordSchema = z.looseObject({ id: IdSchema.optional(), text: z.string() });

const STRUCTURAL_KEYS = new Set(['id', 'messages', 'text', 'metadata']);

export type NormalizeResult = { ok: true; transcript: Transcript } | { ok: false; error: string };

/** `fallbackId` (default "file:line") names a record without an id; it is built only for those. */
export function normalizeRecord(record: unknown, source: TranscriptSource, fallbackId?: string): NormalizeResult {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, error: 'expected a JSON object with `messages` or `text`' };
  }
  const fields = record as Record<string, unknown>;
  const metadata = metadataOf(fields);

  if ('messages' in fields) {
    const checked = messagesRecord(fields);
    if (!checked.ok) return checked;
    const { id, messages } = checked.data;
    const { text, prompt, scratchpad, actions, answer, unreadShapes, unreadReasoning } = renderMessages(messages);
    const transcript: Transcript = { id: id === undefined ? (fallbackId ?? describeSource(source)) : String(id), format: 'messages', source, text, prompt, scratchpad, actions, answer, metadata };
    // Only when there is something to say, so records of well-read transcripts stay as they were.
    if (Object.keys(unreadShapes).length > 0) transcript.unreadShapes = unreadShapes;
    if (unreadReasoning.length > 0) transcript.unreadReasoning = unreadReasoning;
    return { ok: true, transcript };
  }
  if ('text' in fields) {
    const checked = textRecord(fields);
    if (!checked.ok) return checked;
    const { id, text } = checked.data;
    const { scratchpad, actions, answer } = parseTaggedText(text);
    const prompt = taggedPrompt(text);
    return { ok: true, transcript: { id: id === undefined ? (fallbackId ?? describeSource(source)) : String(id), format: 'tagged-text', source, text, prompt, scratchpad, actions, answer, metadata } };
  }
  return { ok: false, error: 'expected a `messages` array or a `text` string' };
}

type Checked<T> = { ok: true; data: T } | { ok: false; error: string };

// The fast check first (no copy); zod decides, and words the error, for anything it does not accept.
function messagesRecord(fields: Record<string, unknown>): Checked<MessagesRecord> {
  if (isMessagesRecord(fields)) return { ok: true, data: fields };
  const parsed = MessagesRecordSchema.safeParse(fields);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}

function textRecord(fields: Record<string, unknown>): Checked<TextRecord> {
  if (isTextRecord(fields)) return { ok: true, data: fields };
  const parsed = TextRecordSchema.safeParse(fields);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}

function metadataOf(record: Record<string, unknown>): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  // for…in over own keys visits them in the same order as Object.entries, without building the pairs.
  for (const key in record) if (Object.hasOwn(record, key) && !STRUCTURAL_KEYS.has(key)) metadata[key] = record[key];
  const explicit = record['metadata'];
  if (explicit !== null && typeof explicit === 'object' && !Array.isArray(explicit)) Object.assign(metadata, explicit);
  return metadata;
}
