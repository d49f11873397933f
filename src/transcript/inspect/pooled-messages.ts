import { isObject } from './log-items.js';

/**
 * A sample's conversation when `messages` is empty: rebuilt from its last model call, whose input
 * is either inline or, in logs that pool messages (inspect_ai `event/_pool.py`), `input_refs` —
 * `[start, end)` ranges into the sample's pool (`events_data.messages` in current versions,
 * `message_pool` in the buffered sample data) — followed by the message the model produced.
 */
export function messagesFromEvents(sample: Record<string, unknown>): unknown[] | null {
  const events = Array.isArray(sample['events']) ? sample['events'] : [];
  const lastModelCall = [...events].reverse().find((event) => isObject(event) && event['event'] === 'model');
  if (!isObject(lastModelCall)) return null;
  const input = inputOf(lastModelCall, poolOf(sample));
  if (input === null) return null;
  const output = lastModelCall['output'];
  const choices = isObject(output) && Array.isArray(output['choices']) ? output['choices'] : [];
  const first = choices[0];
  const produced = isObject(first) && isObject(first['message']) ? [first['message']] : [];
  return [...input, ...produced];
}

function poolOf(sample: Record<string, unknown>): unknown[] {
  const eventsData = sample['events_data'];
  if (isObject(eventsData) && Array.isArray(eventsData['messages'])) return eventsData['messages'];
  if (Array.isArray(sample['message_pool'])) return sample['message_pool'];
  return [];
}

function inputOf(event: Record<string, unknown>, pool: unknown[]): unknown[] | null {
  const input = event['input'];
  if (Array.isArray(input) && input.length > 0) return input;
  const refs = event['input_refs'];
  if (!Array.isArray(refs)) return Array.isArray(input) ? input : null;
  const messages: unknown[] = [];
  for (const ref of refs) {
    if (!Array.isArray(ref) || typeof ref[0] !== 'number' || typeof ref[1] !== 'number') return null;
    const slice = pool.slice(ref[0], ref[1]);
    // A range past the pool's end means the pool is not what the refs were written against.
    if (slice.length !== ref[1] - ref[0]) return null;
    messages.push(...slice);
  }
  return messages;
}
