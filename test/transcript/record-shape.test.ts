import { describe, expect, test } from 'vitest';
import { MessagesRecordSchema, TextRecordSchema } from '../../src/transcript/normalize.js';
import { isMessagesRecord, isTextRecord } from '../../src/transcript/record-shape.js';

/**
 * The fast check must never accept what zod rejects; what it accepts, zod accepts with the same
 * content (the schemas are loose). Whatever it is unsure of, zod decides.
 */
const MESSAGES_ACCEPTED: [string, Record<string, unknown>][] = [
  ['plain chat', { id: 'a', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }],
  ['a numeric id', { id: 7, messages: [{ role: 'user', content: 'hi' }] }],
  ['no id', { messages: [] }],
  ['Anthropic blocks', { messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 't' }, { type: 'tool_use', id: 'x', name: 'bash', input: { command: 'ls' } }] }] }],
  ['OpenAI tool calls', { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'bash', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: 'ok' }] }],
  // Inspect AI writes `null` for absent optional fields, its tool calls as {function: name, arguments: {…}}.
  ['null tool_calls and reasoning', { messages: [{ role: 'assistant', tool_calls: null, reasoning: null, content: 'a' }] }],
  ['Inspect tool calls and a tool error', { messages: [{ role: 'assistant', content: '', tool_calls: [{ id: 'c', function: 'bash', arguments: { cmd: 'ls' }, type: 'function' }] }, { role: 'tool', tool_call_id: 'c', function: 'bash', content: '', error: { type: 'timeout', message: 'slow' } }] }],
  ['reasoning fields and extra keys', { messages: [{ role: 'assistant', reasoning_content: 'r', reasoning: 'r2', content: 'a', name: 'bot' }], model: 'm' }],
];

const MESSAGES_LEFT_TO_ZOD: [string, Record<string, unknown>][] = [
  ['an empty id', { id: '', messages: [] }],
  ['a boolean id', { id: true, messages: [] }],
  ['messages not a list', { messages: 'hi' }],
  ['a message without a role', { messages: [{ content: 'hi' }] }],
  ['a numeric role', { messages: [{ role: 1 }] }],
  ['content a number', { messages: [{ role: 'user', content: 3 }] }],
  ['a block without a type', { messages: [{ role: 'user', content: [{ text: 'x' }] }] }],
  ['a block that is a list', { messages: [{ role: 'user', content: [['x']] }] }],
  ['a tool call without a function name', { messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: {} }] }] }],
  ['tool call arguments as an object', { messages: [{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: {} } }] }] }],
  ['a numeric tool_call_id', { messages: [{ role: 'tool', tool_call_id: 5, content: 'x' }] }],
];

describe('isMessagesRecord', () => {
  test.each(MESSAGES_ACCEPTED)('accepts %s, as zod does, with the same content', (_name, record) => {
    expect(isMessagesRecord(record)).toBe(true);
    const parsed = MessagesRecordSchema.safeParse(record);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ ...record, ...(record['id'] === undefined ? {} : { id: String(record['id']) }) });
  });

  test.each(MESSAGES_LEFT_TO_ZOD)('leaves %s to zod, which rejects it', (_name, record) => {
    expect(isMessagesRecord(record)).toBe(false);
    expect(MessagesRecordSchema.safeParse(record).success).toBe(false);
  });
});

describe('isTextRecord', () => {
  test('accepts a text record with a string, numeric or missing id, as zod does', () => {
    for (const record of [{ id: 'a', text: 'x' }, { id: 0, text: '' }, { text: 'x', extra: 1 }]) {
      expect(isTextRecord(record)).toBe(true);
      expect(TextRecordSchema.safeParse(record).success).toBe(true);
    }
  });

  test('leaves a non-string text or a bad id to zod, which rejects it', () => {
    for (const record of [{ text: 1 }, { id: '', text: 'x' }, { id: null, text: 'x' }, { text: null }]) {
      expect(isTextRecord(record)).toBe(false);
      expect(TextRecordSchema.safeParse(record).success).toBe(false);
    }
  });
});
