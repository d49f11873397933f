import { z } from 'zod';
import type { Action, Span } from './schema.js';
import { fileTargetsOfCommand, fileTargetsOfToolInput } from './file-targets.js';
import { parseTaggedText } from './tagged-text.js';

/**
 * Chat-format transcripts: Anthropic content blocks (`text`, `thinking`, `tool_use`, `tool_result`)
 * and OpenAI messages (`tool_calls`, `role: "tool"`, `reasoning_content`). The messages are rendered
 * into one canonical text ("role:" headers, one block per paragraph) so every part of the
 * transcript, whichever format it came in, is addressed by offsets into a single string.
 */
const ContentBlockSchema = z.looseObject({ type: z.string() });
const OpenAIToolCallSchema = z.looseObject({
  id: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().optional() }),
});
export const ChatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentBlockSchema), z.null()]).optional(),
  tool_calls: z.array(OpenAIToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  reasoning_content: z.string().optional(),
  reasoning: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

const FAILURE_OUTPUT = /\b(error|denied|no such file|not found|cannot|failed|traceback|read-only)\b/i;

export interface RenderedMessages {
  text: string;
  prompt: Span[];
  scratchpad: Span[];
  actions: Action[];
  answer: Span | null;
}

class TextBuilder {
  text = '';
  /** Appends `content` and returns its span in the canonical text. */
  append(content: string): Span {
    const start = this.text.length;
    this.text += content;
    return { text: content, start, end: this.text.length };
  }
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((block) => (block && typeof block === 'object' && 'text' in block && typeof block.text === 'string' ? block.text : ''))
      .filter((part) => part !== '')
      .join('\n');
  }
  return '';
}

const PROMPT_ROLES = new Set(['system', 'developer', 'user', 'human']);

const SHELL_TOOL = /^(bash|shell|sh|terminal|run|exec|execute|run_command|computer)/i;

/** A shell tool's command line as is; any other tool's input as JSON (an editor's `command` is only a verb). */
function commandOfToolInput(tool: string, input: unknown): string {
  if (SHELL_TOOL.test(tool) && input && typeof input === 'object' && 'command' in input && typeof input.command === 'string') return input.command;
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}

function parseArguments(raw: string | undefined): unknown {
  if (raw === undefined) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function renderMessages(messages: ChatMessage[]): RenderedMessages {
  const out = new TextBuilder();
  const scratchpad: Span[] = [];
  const actions: Action[] = [];
  const actionsByCallId = new Map<string, Action>();
  const prompt: Span[] = [];
  let replied = false;
  let answer: Span | null = null;

  const addAction = (tool: string, input: unknown, callId: string | undefined) => {
    const command = commandOfToolInput(tool, input);
    out.append(`[tool call: ${tool}]\n`);
    const span = out.append(command);
    out.append('\n');
    const files = typeof input === 'object' ? fileTargetsOfToolInput(input) : fileTargetsOfCommand(command);
    const action: Action = { text: span.text, start: span.start, end: span.end, kind: 'tool_call', tool, command, files };
    actions.push(action);
    if (callId !== undefined) actionsByCallId.set(callId, action);
  };
  const addResult = (callId: string | undefined, content: unknown, isError: boolean) => {
    const output = blockText(content);
    out.append('[tool result]\n');
    const span = out.append(output);
    out.append('\n');
    const action = callId === undefined ? actions.at(-1) : actionsByCallId.get(callId);
    if (action === undefined) return;
    action.output = action.output === undefined ? output : `${action.output}\n${output}`;
    (action.outputSpans ??= []).push(span);
    if (isError || FAILURE_OUTPUT.test(output.slice(0, 500))) action.failed = true;
  };
  const addReasoning = (reasoning: string) => {
    out.append('[thinking]\n');
    scratchpad.push(out.append(reasoning));
    out.append('\n');
  };
  const addText = (role: string, text: string) => {
    const span = out.append(text);
    out.append('\n');
    // The task as given: what the system and the user said before the model's first reply.
    if (role !== 'assistant' && !replied && PROMPT_ROLES.has(role) && text.trim() !== '') prompt.push(trimmedSpan(span));
    if (role !== 'assistant') return;
    // Assistant text may itself carry <scratchpad>/<bash> tags (tag-format rollouts sent as chat).
    const tagged = parseTaggedText(text, span.start);
    scratchpad.push(...tagged.scratchpad);
    actions.push(...tagged.actions);
    const untaggedAnswer = tagged.scratchpad.length + tagged.actions.length === 0 && text.trim() !== '';
    if (tagged.answer !== null) answer = tagged.answer;
    else if (untaggedAnswer) answer = trimmedSpan(span);
  };

  for (const message of messages) {
    replied ||= message.role === 'assistant';
    out.append(`${message.role}:\n`);
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (reasoning !== undefined && reasoning !== '') addReasoning(reasoning);
    if (message.role === 'tool') {
      addResult(message.tool_call_id, message.content, false);
    } else if (typeof message.content === 'string') {
      addText(message.role, message.content);
    } else if (Array.isArray(message.content)) {
      for (const block of message.content) {
        if (block.type === 'text' && typeof block.text === 'string') addText(message.role, block.text);
        else if (block.type === 'thinking' && typeof block.thinking === 'string') addReasoning(block.thinking);
        else if (block.type === 'tool_use') addAction(String(block.name ?? 'tool'), block.input, typeof block.id === 'string' ? block.id : undefined);
        else if (block.type === 'tool_result')
          addResult(typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined, block.content, block.is_error === true);
      }
    }
    for (const call of message.tool_calls ?? []) addAction(call.function.name, parseArguments(call.function.arguments), call.id);
    out.append('\n');
  }
  return { text: out.text, prompt, scratchpad, actions, answer };
}

function trimmedSpan(span: Span): Span {
  const lead = span.text.length - span.text.trimStart().length;
  const text = span.text.trim();
  return { text, start: span.start + lead, end: span.start + lead + text.length };
}
