/**
 * One content block of a chat message, whichever family it comes from: Anthropic (`text`,
 * `thinking`, `redacted_thinking`, `tool_use`, `tool_result`) and Inspect AI
 * (inspect_ai `_util/content.py`: `text`, `reasoning`, `tool_use` for server-side tools, `image`,
 * `audio`, `video`, `document`, `data`). Media blocks are shown as a one-line placeholder (no
 * base64 in the canonical text); a block of any other type is counted, never dropped silently, and
 * in the model's own turn it may have been reasoning, so it is recorded as reasoning not read.
 */
export interface BlockRenderer {
  text(role: string, text: string): void;
  reasoning(text: string, header?: string): void;
  /** A line of the canonical text that is no part a grader reads (a media placeholder). */
  note(text: string): void;
  action(tool: string, input: unknown, callId: string | undefined): { output?: string; failed?: boolean };
  result(callId: string | undefined, content: unknown, isError: boolean, error?: string): void;
  unread(shape: string): void;
  unreadReasoning(what: string): void;
}

interface BlockPlace {
  role: string;
  /** "message 3", for the record of reasoning not read. */
  at: string;
}

type Block = { type: string } & Record<string, unknown>;

const MEDIA = new Set(['image', 'audio', 'video', 'document']);

export function renderContentBlock(block: Block, place: BlockPlace, render: BlockRenderer): void {
  const type = block.type;
  if (type === 'text' && typeof block['text'] === 'string') return render.text(place.role, block['text']);
  if (type === 'thinking' && typeof block['thinking'] === 'string') return render.reasoning(block['thinking']);
  if (type === 'reasoning') return reasoningBlock(block, place, render);
  if (type === 'redacted_thinking') {
    render.note('[thinking redacted by the provider]');
    return render.unreadReasoning(`${place.at}: redacted thinking block`);
  }
  if (type === 'tool_use') return toolUseBlock(block, render);
  if (type === 'tool_result') {
    const callId = typeof block['tool_use_id'] === 'string' ? block['tool_use_id'] : undefined;
    return render.result(callId, block['content'], block['is_error'] === true);
  }
  if (MEDIA.has(type)) return render.note(`[${type}${mediaName(block)}]`);
  if (type === 'data') return render.note('[data]');
  render.unread(`content block of type '${type}'`);
  if (place.role === 'assistant') render.unreadReasoning(`${place.at}: content block of type '${type}'`);
}

/**
 * inspect_ai ContentReasoning: `reasoning` is the text unless `redacted`, in which case it is
 * provider-encrypted and only `summary` (when present) is readable.
 */
function reasoningBlock(block: Block, place: BlockPlace, render: BlockRenderer): void {
  const reasoning = block['reasoning'];
  const summary = typeof block['summary'] === 'string' && block['summary'].trim() !== '' ? block['summary'] : undefined;
  if (block['redacted'] === true) {
    if (summary !== undefined) render.reasoning(summary, '[thinking redacted; its summary]');
    else render.note('[thinking redacted by the provider]');
    return render.unreadReasoning(`${place.at}: redacted reasoning block${summary === undefined ? '' : ' (only its summary was read)'}`);
  }
  if (typeof reasoning === 'string' && reasoning.trim() !== '') return render.reasoning(reasoning);
  if (summary !== undefined) return render.reasoning(summary, '[thinking summary]');
  if (typeof reasoning !== 'string') {
    render.unread("reasoning block without a 'reasoning' string");
    render.unreadReasoning(`${place.at}: reasoning block without text`);
  }
}

/**
 * Anthropic's client tool call (`input` object) or Inspect's server-side tool (`tool_type`,
 * `arguments` as a JSON string, and its `result` and `error` in the same block).
 */
function toolUseBlock(block: Block, render: BlockRenderer): void {
  const name = String(block['name'] ?? 'tool');
  const callId = typeof block['id'] === 'string' ? block['id'] : undefined;
  if (!('tool_type' in block)) {
    render.action(name, block['input'], callId);
    return;
  }
  const args = block['arguments'];
  const input = typeof args === 'string' ? parseJson(args) : args;
  render.action(name, input ?? {}, callId);
  const error = typeof block['error'] === 'string' && block['error'] !== '' ? `[tool error] ${block['error']}` : undefined;
  render.result(callId, typeof block['result'] === 'string' ? block['result'] : '', error !== undefined, error);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function mediaName(block: Block): string {
  const filename = block['filename'];
  return typeof filename === 'string' && filename !== '' ? `: ${filename}` : '';
}
