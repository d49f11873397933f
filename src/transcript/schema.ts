import { z } from 'zod';

/**
 * A stretch of the transcript's canonical `text`. Invariant: `text === transcript.text.slice(start, end)`,
 * so every quote a grader cites can be located, highlighted and checked against the source.
 */
const SpanSchema = z.object({
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Span = z.infer<typeof SpanSchema>;

/** What the model did: a shell command or a tool call, with the files it names. */
const ActionSchema = SpanSchema.extend({
  kind: z.enum(['shell', 'tool_call']),
  /** Tool name for tool calls (`bash`, `str_replace_editor`, …); `bash` for shell blocks. */
  tool: z.string(),
  /** The command line, or the tool input as JSON text. */
  command: z.string(),
  /** File paths the action names (its targets), in order of appearance, without duplicates. */
  files: z.array(z.string()),
  /** What the environment answered (stdout/stderr or tool_result), when the transcript shows it. */
  output: z.string().optional(),
  /**
   * Where that answer stands in the canonical text: one span per output block (a <stdout> and a
   * <stderr>, or several tool results), in order; `output` is their texts joined by newlines.
   */
  outputSpans: z.array(SpanSchema).optional(),
  /** True when the output shows an error (non-zero exit, `is_error`, a stderr-only answer). */
  failed: z.boolean().optional(),
});
export type Action = z.infer<typeof ActionSchema>;

const TranscriptFormatSchema = z.enum(['messages', 'tagged-text']);

/**
 * Where a transcript came from: a line of a JSONL/text file, or a sample (and epoch) of an Inspect
 * AI eval log (`file` is the log; `sample` its sample id as written there).
 */
export const TranscriptSourceSchema = z.union([
  z.object({ file: z.string(), line: z.number().int().positive() }),
  z.object({ file: z.string(), sample: z.union([z.string(), z.number()]), epoch: z.number().int().positive() }),
]);
export type TranscriptSource = z.infer<typeof TranscriptSourceSchema>;

/** "file:line", or "file (sample 3, epoch 2)" — for messages. */
export function describeSource(source: TranscriptSource): string {
  return 'line' in source ? `${source.file}:${source.line}` : `${source.file} (sample ${source.sample}, epoch ${source.epoch})`;
}

export const TranscriptSchema = z.object({
  id: z.string().min(1),
  format: TranscriptFormatSchema,
  /** Where the transcript came from, for error messages and results. */
  source: TranscriptSourceSchema,
  /** Canonical text all offsets point into: the input text itself, or a rendering of the messages. */
  text: z.string(),
  /**
   * The task as given: the system and user turns before the model's first reply (the `Human:` turn
   * of tagged text), in order; empty when the transcript does not show it.
   */
  prompt: z.array(SpanSchema),
  /** Hidden reasoning: scratchpad / chain-of-thought / thinking segments, in order. */
  scratchpad: z.array(SpanSchema),
  actions: z.array(ActionSchema),
  /** The model's final answer to the user, when there is one. */
  answer: SpanSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** Input shapes the reader did not read (content blocks of an unknown type, …), counted by shape. */
  unreadShapes: z.record(z.string(), z.number()).optional(),
  /**
   * Reasoning the model produced that could not be read (redacted, or in a block of unknown type):
   * an empty scratchpad then means "unknown", never "no reasoning".
   */
  unreadReasoning: z.array(z.string()).optional(),
});
export type Transcript = z.infer<typeof TranscriptSchema>;

/**
 * The parts of a transcript a rubric may read or show: `prompt` (the task as given), `scratchpad`,
 * `actions` (commands and tool calls with their outputs) and `answer`.
 */
export const TranscriptPartSchema = z.enum(['prompt', 'scratchpad', 'actions', 'answer']);
export type TranscriptPart = z.infer<typeof TranscriptPartSchema>;
