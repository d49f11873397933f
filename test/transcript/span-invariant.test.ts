import { describe, expect, test } from 'vitest';
import type { ChatMessage } from '../../src/transcript/messages.js';
import { exampleRollouts, foundationFixture } from '../helpers/paths.js';
import { expectSpansInText, readAllTranscripts, transcriptOf } from '../helpers/transcripts.js';
import { readTranscripts } from '../../src/transcript/read-transcripts.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words chosen to stress offsets: characters whose case mapping changes length, astral characters,
// CRLF, stray angle brackets and half-written tags.
const WORDS = ['reward', 'İstanbul', 'straße', '😀', 'ﬁle', '\r\n', '\n', '  ', 'a < b', 'x > y', '</co', '<cot', 'Assistant:', 'Human:', 'ls', 'cat compute_reward.py'];
const REASONING = ['cot', 'scratchpad', 'thinking', 'reasoning', 'SCRATCHPAD_REASONING'];

function randomCase(tag: string, random: () => number): string {
  return [...tag].map((char) => (random() < 0.5 ? char.toLowerCase() : char.toUpperCase())).join('');
}

function randomWords(random: () => number): string {
  const count = Math.floor(random() * 6);
  return Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

function randomTaggedText(random: () => number): string {
  let text = randomWords(random);
  const blocks = 1 + Math.floor(random() * 6);
  for (let index = 0; index < blocks; index += 1) {
    const kind = random();
    const tag = kind < 0.4 ? REASONING[Math.floor(random() * REASONING.length)] ?? 'cot' : kind < 0.7 ? 'bash' : kind < 0.85 ? (random() < 0.5 ? 'stdout' : 'stderr') : 'answer';
    const closed = index < blocks - 1 || random() < 0.7;
    text += `<${randomCase(tag, random)}>${randomWords(random)}${closed ? `</${randomCase(tag, random)}>` : ''}`;
    if (closed) text += random() < 0.5 ? '\n' : randomWords(random);
  }
  return text;
}

function randomMessages(random: () => number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', content: randomWords(random) }];
  const turns = 1 + Math.floor(random() * 4);
  for (let turn = 0; turn < turns; turn += 1) {
    const id = `call_${turn}`;
    if (random() < 0.5) {
      messages.push({
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: randomWords(random) },
          { type: 'text', text: randomTaggedText(random) },
          { type: 'tool_use', id, name: 'bash', input: { command: randomWords(random) } },
        ],
      });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: randomWords(random) }] });
    } else {
      messages.push({
        role: 'assistant',
        content: randomWords(random),
        reasoning_content: randomWords(random),
        tool_calls: [{ id, function: { name: 'str_replace_editor', arguments: JSON.stringify({ command: 'view', path: randomWords(random) }) } }],
      });
      messages.push({ role: 'tool', tool_call_id: id, content: randomWords(random) });
    }
  }
  return messages;
}

describe('every span is a slice of the canonical text', () => {
  test('in every example rollout', async () => {
    const transcripts = await readAllTranscripts(exampleRollouts);
    expect(transcripts).toHaveLength(12);
    for (const transcript of transcripts) expectSpansInText(transcript);
  });

  test('in every readable record of the fixture with bad lines', async () => {
    for await (const item of readTranscripts(foundationFixture('transcripts/mixed-problems.jsonl'))) {
      if (item.ok) expectSpansInText(item.transcript);
    }
  });

  test('in 500 generated tagged texts, and each scratchpad segment sits right after its opening tag', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const transcript = transcriptOf({ id: `seed-${seed}`, text: randomTaggedText(seededRandom(seed)) });
      expectSpansInText(transcript);
      for (const segment of transcript.scratchpad) {
        const before = transcript.text.slice(0, segment.start);
        const after = transcript.text.slice(segment.end);
        expect(before, `seed ${seed}`).toMatch(/<(cot|scratchpad|thinking|reasoning|scratchpad_reasoning)>$/i);
        expect(after === '' || /^<\/(cot|scratchpad|thinking|reasoning|scratchpad_reasoning)>/i.test(after), `seed ${seed}`).toBe(true);
      }
    }
  });

  test('in 300 generated chat transcripts of both formats', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      expectSpansInText(transcriptOf({ id: `seed-${seed}`, messages: randomMessages(seededRandom(seed)) }));
    }
  });
});
