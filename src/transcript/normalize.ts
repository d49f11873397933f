import { z } from 'zod';
import { ChatMessageSchema, renderMessages } from './messages.js';
import { describeIssues } from '../schema-issues.js';
import type { Transcript } from './schema.js';
import { parseTaggedText } from './tagged-text.js';

/**
 * Turns one input record, in either accepted shape, into the one Transcript type:
 *  (a) `{id?, messages: [...]}` — chat messages (Anthropic blocks or OpenAI tool calls);
 *  (b) `{id?, text}` — one string with reasoning and actions in tags (the published
 *      reward-tampering environment's format, and the alignment-faking gold set's).
 * Any other top-level field is kept as metadata; an explicit `metadata` object is merged in.
 */
const IdSchema = z.union([z.string().min(1), z.number()]).transform(String);
const MessagesRecordSchema = z.looseObject({ id: IdSchema.optional(), messages: z.array(ChatMessageSchema) });
const TextRecordSchema = z.looseObject({ id: IdSchema.optional(), text: z.string() });

const STRUCTURAL_KEYS = new Set(['id', 'messages', 'text', 'metadata']);

export type NormalizeResult = { ok: true; transcript: Transcript } | { ok: false; error: string };

export function normalizeRecord(record: unknown, source: { file: string; line: number }): NormalizeResult {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, error: 'expected a JSON object with `messages` or `text`' };
  }
  const fallbackId = `${source.file}:${source.line}`;
  const metadata = metadataOf(record as Record<string, unknown>);

  if ('messages' in record) {
    const parsed = MessagesRecordSchema.safeParse(record);
    if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
    const rendered = renderMessages(parsed.data.messages);
    return {
      ok: true,
      transcript: { id: parsed.data.id ?? fallbackId, format: 'messages', source, ...rendered, metadata },
    };
  }
  if ('text' in record) {
    const parsed = TextRecordSchema.safeParse(record);
    if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
    const parts = parseTaggedText(parsed.data.text);
    return {
      ok: true,
      transcript: { id: parsed.data.id ?? fallbackId, format: 'tagged-text', source, text: parsed.data.text, ...parts, metadata },
    };
  }
  return { ok: false, error: 'expected a `messages` array or a `text` string' };
}

function metadataOf(record: Record<string, unknown>): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!STRUCTURAL_KEYS.has(key)) metadata[key] = value;
  const explicit = record['metadata'];
  if (explicit !== null && typeof explicit === 'object' && !Array.isArray(explicit)) Object.assign(metadata, explicit);
  return metadata;
}
