import { z } from 'zod';
import type { Action, Span } from './schema.js';
import { fileTargetsOfCommand, fileTargetsOfToolInput } from './file-targets.js';
import { parseTaggedText } from './tagged-text.js';
import { renderContentBlock, type BlockRenderer } from './content-blocks.js';
import { UnreadTally } from './unread-tally.js';

/**
 * Chat-format transcripts: Anthropic content blocks (`text`, `thinking`, `tool_use`, `tool_result`),
 * OpenAI messages (`tool_calls`, `role: "tool"`, `reasoning_content`) and Inspect AI's messages
 * (`reasoning` blocks, tool calls `{id, function, arguments}`, tool messages with `error`). The
 * messages are rendered into one canonical text ("role:" headers, one block per paragraph) so every
 * part of the transcript, whichever format it came in, is addressed by offsets into a single string.
 * Whatever the renderer does not know is counted by shape, never dropped without a word.
 */
const ContentBlockSchema = z.looseObject({ type: z.string() });
const OpenAIToolCallSchema = z.looseObject({
  id: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string().optional() }),
});
/** inspect_ai `tool/_tool_call.py` ToolCall: the function's name as a string and the arguments as an object. */
const InspectToolCallSchema = z.looseObject({
  id: z.string().optional(),
  function: z.string(),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
  parse_error: z.string().nullish(),
});
/** inspect_ai ToolCallError: `{type, message}` on a tool message. */
const ToolErrorSchema = z.looseObject({ type: z.string().optional(), message: z.string().optional() });
export const ChatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentBlockSchema), z.null()]).optional(),
  tool_calls: z.array(z.union([OpenAIToolCallSchema, InspectToolCallSchema])).nullish(),
  // Inspect's user messages carry a list of tool call ids (content payloads for those calls).
  tool_call_id: z.union([z.string(), z.array(z.string())]).nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  error: ToolErrorSchema.nullish(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

const FAILURE_OUTPUT = /\b(error|denied|no such file|not found|cannot|failed|traceback|read-only)\b/i;
const KNOWN_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'human', 'function']);

export interface RenderedMessages {
  text: string;
  prompt: Span[];
  scratchpad: Span[];
  actions: Action[];
  answer: Span | null;
  /** Shapes the renderer did not read, with how often each occurred ("content block of type 'x'"). */
  unreadShapes: Record<string, number>;
  /** Reasoning the model produced that could not be read (redacted, unknown blocks in its turns). */
  unreadReasoning: string[];
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
  if (input && typeof input === 'object') {
    // Inspect's bash tool takes `cmd`, Anthropic's `command`, Inspect's python tool `code`.
    for (const key of ['command', 'cmd', 'code']) {
      const value = (input as Record<string, unknown>)[key];
      if (SHELL_TOOL.test(tool) && typeof value === 'string') return value;
    }
  }
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
  const unread = new UnreadTally();
  const unreadReasoning: string[] = [];
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
    return action;
  };
  const addResult = (callId: string | undefined, content: unknown, isError: boolean, error?: string) => {
    const body = blockText(content);
    const output = error === undefined ? body : body === '' ? error : `${body}\n${error}`;
    out.append('[tool result]\n');
    const span = out.append(output);
    out.append('\n');
    const action = callId === undefined ? actions.at(-1) : actionsByCallId.get(callId);
    // The result stays in the text, but no action owns it: an action grader would not see it, so say so.
    if (action === undefined) {
      unread.add('tool result with no matching tool call: in the text, but as an action output');
      return;
    }
    action.output = action.output === undefined ? output : `${action.output}\n${output}`;
    (action.outputSpans ??= []).push(span);
    if (isError || FAILURE_OUTPUT.test(output.slice(0, 500))) action.failed = true;
  };
  const addReasoning = (reasoning: string, header = '[thinking]') => {
    out.append(`${header}\n`);
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
  const blocks: BlockRenderer = {
    text: addText,
    reasoning: addReasoning,
    note: (text) => void out.append(`${text}\n`),
    action: addAction,
    result: addResult,
    unread: (shape) => unread.add(shape),
    unreadReasoning: (what) => unreadReasoning.push(what),
  };

  messages.forEach((message, index) => {
    replied ||= message.role === 'assistant';
    out.append(`${message.role}:\n`);
    if (!KNOWN_ROLES.has(message.role)) unread.add(`message with role '${message.role}' (its text was read as is)`);
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') addReasoning(reasoning);
    if (message.role === 'tool') {
      const error = message.error ?? undefined;
      const errorText = error === undefined ? undefined : `[tool error${error.type === undefined ? '' : `: ${error.type}`}] ${error.message ?? ''}`.trimEnd();
      addResult(typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined, message.content, error !== undefined, errorText);
    } else if (typeof message.content === 'string') {
      addText(message.role, message.content);
    } else if (Array.isArray(message.content)) {
      for (const block of message.content) renderContentBlock(block, { role: message.role, at: `message ${index + 1}` }, blocks);
    }
    for (const call of message.tool_calls ?? []) {
      if (typeof call.function === 'string') {
        const input = typeof call.arguments === 'string' ? parseArguments(call.arguments) : (call.arguments ?? {});
        const action = addAction(call.function, input, call.id);
        const parseError = 'parse_error' in call ? call.parse_error : undefined;
        if (typeof parseError === 'string' && parseError !== '') {
          action.failed = true;
          action.output = `[parse error] ${parseError}`;
        }
      } else addAction(call.function.name, parseArguments(call.function.arguments), call.id);
    }
    out.append('\n');
  });
  return { text: out.text, prompt, scratchpad, actions, answer, unreadShapes: unread.toRecord(), unreadReasoning };
}

function trimmedSpan(span: Span): Span {
  const lead = span.text.length - span.text.trimStart().length;
  const text = span.text.trim();
  return { text, start: span.start + lead, end: span.start + lead + text.length };
}
