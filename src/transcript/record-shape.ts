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
  if (toolCalls !== undefined && toolCalls !== null && !(Array.isArray(toolCalls) && toolCalls.every(isToolCall))) return false;
  const callId = message['tool_call_id'];
  const callIdOk = callId === undefined || callId === null || typeof callId === 'string' || (Array.isArray(callId) && callId.every((id) => typeof id === 'string'));
  return callIdOk && nullableString(message['reasoning_content']) && nullableString(message['reasoning']) && isToolError(message['error']);
}

function isContentBlock(block: unknown): boolean {
  return isObject(block) && typeof block['type'] === 'string';
}

function isToolCall(call: unknown): boolean {
  if (!isObject(call) || !optionalString(call['id'])) return false;
  const fn = call['function'];
  // Inspect AI: `function` is the name and `arguments` an object (or, rarely, a string).
  if (typeof fn === 'string') {
    const args = call['arguments'];
    return (args === undefined || typeof args === 'string' || isObject(args)) && nullableString(call['parse_error']);
  }
  return isObject(fn) && typeof fn['name'] === 'string' && optionalString(fn['arguments']);
}

function isToolError(error: unknown): boolean {
  return error === undefined || error === null || (isObject(error) && optionalString(error['type']) && optionalString(error['message']));
}

function nullableString(value: unknown): boolean {
  return value === null || optionalString(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
