/**
 * What the two Inspect log readers (`.eval` zip, `.json` document) hand to the sample mapper: the
 * log's header (version, status, eval spec, error), its samples one at a time, and problems that
 * name the log and, where there is one, the sample.
 */
export interface InspectLogHeader {
  version?: number;
  status?: string;
  eval?: InspectEvalSpec;
  error?: { message?: string } | null;
}

/** The parts of inspect_ai `log/_log.py` EvalSpec that travel as metadata or decide ids. */
interface InspectEvalSpec {
  task?: string;
  model?: string;
  run_id?: string;
  eval_id?: string;
  config?: { epochs?: number | null };
  [key: string]: unknown;
}

export type LogItem =
  | { kind: 'header'; header: InspectLogHeader }
  | { kind: 'sample'; sample: unknown; /** The sample as the log names it (zip entry), before it is parsed. */ name?: string }
  | { kind: 'problem'; message: string; sample?: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The header fields of a parsed log object (an `.eval`'s header.json or start.json, a `.json` log's top level). */
export function headerOf(value: Record<string, unknown>): InspectLogHeader {
  const header: InspectLogHeader = {};
  if (typeof value['version'] === 'number') header.version = value['version'];
  if (typeof value['status'] === 'string') header.status = value['status'];
  if (isObject(value['eval'])) header.eval = value['eval'] as InspectEvalSpec;
  if (isObject(value['error'])) header.error = value['error'] as { message?: string };
  return header;
}
