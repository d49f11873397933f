/**
 * A fast check in front of zod for the common case, a well-formed input record: the rules of
 * `MessagesRecordSchema` / `TextRecordSchema` (normalize.ts, messages.ts) checked on the record as
 * JSON.parse made it, without copying it. Whatever it accepts, zod accepts with the same content
 * (both schemas are loose, so zod's copy equals the input); whatever it rejects goes to zod, which
 * decides and words the error. zod's per-message copies were the largest source of old-generation
 * garbage on a long heuristic pass (peak memory grew with the input) and cost more than rendering.
 */
import type { ChatMessage } from './messages.js';

export interface MessagesRecord {
  id?: string | number;
  messages: ChatMessage[];
}

export interface TextRecord {
  id?: string | number;
  text: string;
}

export function isMessagesRecord(record: Record<string, unknown>): record is Record<string, unknown> & MessagesRecord {
  const messages = record['messages'];
  return hasValidId(record) && Array.isArray(messages) && messages.every(isChatMessage);
}

export function isTextRecord(record: Record<string, unknown>): record is Record<string, unknown> & TextRecord {
  return hasValidId(record) && typeof record['text'] === 'string';
}

/** zod's `z.union([z.string().min(1), z.number()]).optional()`; JSON has no NaN or Infinity. */
function hasValidId(record: Record<string, unknown>): boolean {
  const id = record['id'];
  return id === undefined || (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id));
}

function isChatMessage(message: unknown): boolean {
  if (!isObject(message) || typeof message['role'] !== 'string') return false;
  const { content, tool_calls: toolCalls } = message;
  if (!(content === undefined || content === null || typeof content === 'string' || (Array.isArray(content) && content.every(isContentBlock)))) return false;
  if (toolCalls !== undefined && !(Array.isArray(toolCalls) && toolCalls.every(isToolCall))) return false;
  return optionalString(message['tool_call_id']) && optionalString(message['reasoning_content']) && optionalString(message['reasoning']);
}

function isContentBlock(block: unknown): boolean {
  return isObject(block) && typeof block['type'] === 'string';
}

function isToolCall(call: unknown): boolean {
  if (!isObject(call) || !optionalString(call['id'])) return false;
  const fn = call['function'];
  return isObject(fn) && typeof fn['name'] === 'string' && optionalString(fn['arguments']);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
