import { describe, expect, test } from 'vitest';
import { renderMessages, type ChatMessage } from '../../src/transcript/messages.js';
import { expectSpansInText, transcriptOf } from '../helpers/transcripts.js';

const render = (messages: ChatMessage[]) => {
  const transcript = transcriptOf({ id: 'm', messages });
  expectSpansInText(transcript);
  return transcript;
};

describe('the canonical text', () => {
  test('renders each message under a "role:" header with one paragraph per block', () => {
    const { text } = renderMessages([
      { role: 'user', content: 'Count the episodes.' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Look first.' }, { type: 'tool_use', id: 'a', name: 'bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'compute_reward.py' }] },
    ]);
    expect(text).toBe(
      'user:\nCount the episodes.\n\n' +
        'assistant:\n[thinking]\nLook first.\n[tool call: bash]\nls\n\n' +
        'user:\n[tool result]\ncompute_reward.py\n\n',
    );
  });
});

describe('Anthropic content blocks', () => {
  test('thinking blocks become scratchpad segments, in order', () => {
    const { scratchpad } = render([
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'First thought.' }, { type: 'text', text: 'Checking.' }, { type: 'thinking', thinking: 'Second thought.' }] },
    ]);
    expect(scratchpad.map((span) => span.text)).toEqual(['First thought.', 'Second thought.']);
  });

  test('a bash tool_use is an action whose text is the command line', () => {
    const { actions } = render([{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'cat /root/rl_environment/compute_reward.py' } }] }]);
    expect(actions).toEqual([
      expect.objectContaining({ kind: 'tool_call', tool: 'bash', text: 'cat /root/rl_environment/compute_reward.py', command: 'cat /root/rl_environment/compute_reward.py', files: ['/root/rl_environment/compute_reward.py'] }),
    ]);
  });

  test('an editor tool_use keeps its whole input as JSON and lists its `path` first among the files', () => {
    const input = { command: 'str_replace', path: '/root/rl_environment/compute_reward.py', old_str: 'return -10', new_str: 'return 10' };
    const [action] = render([{ role: 'assistant', content: [{ type: 'tool_use', id: 'e', name: 'str_replace_editor', input }] }]).actions;
    expect(action?.command).toBe(JSON.stringify(input));
    expect(action?.files[0]).toBe('/root/rl_environment/compute_reward.py');
  });

  test('tool_result blocks are attached by tool_use_id, even when they come back in another order', () => {
    const { actions } = render([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'bash', input: { command: 'cat a.py' } }, { type: 'tool_use', id: 'b', name: 'bash', input: { command: 'cat b.py' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b', content: 'B' }, { type: 'tool_result', tool_use_id: 'a', content: 'A' }] },
    ]);
    expect(actions.map((action) => [action.command, action.output])).toEqual([
      ['cat a.py', 'A'],
      ['cat b.py', 'B'],
    ]);
  });

  test('is_error: true marks the action as failed whatever the output says', () => {
    const { actions } = render([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'bash', input: { command: 'true' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'exit status 1', is_error: true }] },
    ]);
    expect(actions[0]?.failed).toBe(true);
  });

  test('a result saying "Permission denied" marks the action as failed', () => {
    const { actions } = render([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'bash', input: { command: 'echo 1 > compute_reward.py' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'bash: compute_reward.py: Permission denied' }] },
    ]);
    expect(actions[0]?.failed).toBe(true);
  });

  test('a successful result leaves the action not failed', () => {
    const { actions } = render([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'str_replace_editor', input: { command: 'create', path: 'x.py', file_text: '' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'File created successfully.' }] },
    ]);
    expect(actions[0]?.failed).toBeUndefined();
    expect(actions[0]?.output).toBe('File created successfully.');
  });

  test('a tool_result whose content is a list of text blocks is joined line by line', () => {
    const { actions } = render([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'one.py' }, { type: 'image' }, { type: 'text', text: 'two.py' }] }] },
    ]);
    expect(actions[0]?.output).toBe('one.py\ntwo.py');
  });

  test('the last assistant text is the answer, trimmed', () => {
    const { answer } = render([
      { role: 'user', content: 'How many?' },
      { role: 'assistant', content: [{ type: 'text', text: '  About 40 episodes.\n' }] },
    ]);
    expect(answer?.text).toBe('About 40 episodes.');
  });

  test('tags inside assistant text are read at their place in the rendering', () => {
    const { scratchpad, actions, answer } = render([
      { role: 'user', content: 'Go.' },
      { role: 'assistant', content: '<scratchpad>plan it</scratchpad>\n<bash>ls</bash>\n<stdout>a.py</stdout>\nDone.' },
    ]);
    expect(scratchpad.map((span) => span.text)).toEqual(['plan it']);
    expect(actions.map((action) => [action.command, action.output])).toEqual([['ls', 'a.py']]);
    expect(answer?.text).toBe('Done.');
  });

  test('tags in a user message are not the model\'s reasoning or actions', () => {
    const { scratchpad, actions } = render([{ role: 'user', content: 'Format: <scratchpad>…</scratchpad> then <bash>cmd</bash>.' }]);
    expect(scratchpad).toEqual([]);
    expect(actions).toEqual([]);
  });
});

describe('OpenAI messages', () => {
  test('tool_calls become actions; JSON arguments of a shell tool give its command line', () => {
    const { actions } = render([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', function: { name: 'bash', arguments: '{"command": "cat /root/rl_environment/compute_reward.py"}' } }],
      },
    ]);
    expect(actions[0]).toMatchObject({ kind: 'tool_call', tool: 'bash', command: 'cat /root/rl_environment/compute_reward.py' });
  });

  test('arguments that are not JSON are kept as they are', () => {
    const { actions } = render([{ role: 'assistant', tool_calls: [{ id: 'c', function: { name: 'run_shell', arguments: 'rm -rf ./tests/' } }] }]);
    expect(actions[0]?.command).toBe('rm -rf ./tests/');
    expect(actions[0]?.files).toEqual(['./tests/']);
  });

  test('a role "tool" message is the output of the call it names by tool_call_id', () => {
    const { actions } = render([
      { role: 'assistant', tool_calls: [{ id: 'c1', function: { name: 'bash', arguments: '{"command":"ls"}' } }, { id: 'c2', function: { name: 'bash', arguments: '{"command":"pwd"}' } }] },
      { role: 'tool', tool_call_id: 'c2', content: '/root' },
      { role: 'tool', tool_call_id: 'c1', content: 'a.py' },
    ]);
    expect(actions.map((action) => action.output)).toEqual(['a.py', '/root']);
  });

  test('reasoning_content is a scratchpad segment, and so is `reasoning`', () => {
    const { scratchpad } = render([
      { role: 'assistant', reasoning_content: 'Read the reward code first.', content: 'Looking.' },
      { role: 'assistant', reasoning: 'Now decide.', content: 'Done.' },
    ]);
    expect(scratchpad.map((span) => span.text)).toEqual(['Read the reward code first.', 'Now decide.']);
  });

  test('the text of a message with tool calls comes before the calls in the rendering', () => {
    const { text, actions } = render([{ role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'c', function: { name: 'bash', arguments: '{"command":"ls"}' } }] }]);
    expect(text.indexOf('Let me look.')).toBeLessThan(actions[0]?.start ?? -1);
  });
});

describe('the prompt and output offsets of chat transcripts', () => {
  test('the prompt is the system and user turns before the first assistant message, in order', () => {
    const transcript = render([
      { role: 'system', content: 'You have shell access.' },
      { role: 'user', content: [{ type: 'text', text: 'Count the episodes.' }] },
      { role: 'assistant', content: 'Looking.' },
      { role: 'user', content: 'Thanks.' },
    ]);
    expect(transcript.prompt.map((span) => span.text)).toEqual(['You have shell access.', 'Count the episodes.']);
  });

  test('tool results after the first reply are outputs, not prompt', () => {
    const transcript = render([
      { role: 'user', content: 'Count.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'compute_reward.py' }] },
    ]);
    expect(transcript.prompt.map((span) => span.text)).toEqual(['Count.']);
    expect(transcript.actions[0]?.outputSpans?.map((span) => span.text)).toEqual(['compute_reward.py']);
  });

  test('each result of an OpenAI tool call has its own output span, at the result in the text', () => {
    const transcript = render([
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'tool', tool_call_id: 'c1', content: 'two' },
    ]);
    const spans = transcript.actions[0]?.outputSpans ?? [];
    expect(spans.map((span) => span.text)).toEqual(['one', 'two']);
    expect(spans[0]?.start).toBeGreaterThan(transcript.actions[0]?.end ?? 0);
  });
});

describe('tool results no call owns', () => {
  test('stay in the text and are counted as not read as an action output', () => {
    const rendered = renderMessages([{ role: 'tool', tool_call_id: 'bash_1', content: 'Permission denied' }] as ChatMessage[]);
    expect(rendered.text).toContain('Permission denied');
    expect(rendered.actions).toEqual([]);
    expect(rendered.unreadShapes).toEqual({ 'tool result with no matching tool call: in the text, but as an action output': 1 });
  });
});
