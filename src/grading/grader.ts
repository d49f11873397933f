import type { z } from 'zod';
import type { LlmMessage, LlmResponse, JsonSchema } from '../providers/types.js';
import type { Rubric } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import type { VerdictInput } from './verdict.js';

/**
 * The one plugin interface, shared by the built-in graders and users' graders: a plain object
 * (ESLint-rule style), exported from a module and named in the config. Everything a grader may use
 * arrives in `ctx`, so a plugin never imports the engine's internals and tests can hand in fakes.
 */
export interface Grader<Options = Record<string, unknown>> {
  /** Unique id, used in configs (`use: <id>`) and as the default name in results. */
  id: string;
  /** Rubric ids this grader serves, or '*' for any rubric (it reads the rubric from ctx). */
  rubrics: readonly string[] | '*';
  description?: string;
  /** Validates the `options` given in the config; its parsed output is `ctx.options`. */
  options?: z.ZodType<Options>;
  /** Capabilities the engine must supply; a grader whose needs are unmet is skipped with a reason. */
  requires?: readonly GraderCapability[];
  grade(transcript: Transcript, ctx: GradeContext<Options>): VerdictInput | Promise<VerdictInput>;
}

export type GraderCapability = 'llm';

export interface GradeContext<Options = Record<string, unknown>> {
  rubric: Rubric;
  options: Options;
  /** The name this grader instance records its verdicts under. */
  graderName: string;
  /** Folder of the config file (or the working folder without one): resolve paths in `options` against it. */
  configDir?: string;
  /** A configured LLM, when the grader requires one. */
  llm?: GraderLlm;
  /** Fires on Ctrl-C or a timeout: stop and return (or throw) promptly. */
  signal: AbortSignal;
  log(message: string): void;
}

/** A structured-output request as a grader writes it; the engine adds model, sampling and caching. */
export interface GraderLlmRequest {
  system: string;
  messages: LlmMessage[];
  output: { name: string; description?: string; schema: JsonSchema };
  /** Which of k samples this is: part of the cache key, so k votes are k distinct requests. */
  sampleIndex?: number;
  logprobs?: boolean;
}

export interface GraderLlmResponse extends LlmResponse {
  /** True when the answer came from the verdict cache and no request was made. */
  cached: boolean;
}

export interface GraderLlm {
  /** "provider/model", for records and messages. */
  readonly label: string;
  readonly temperature: number | undefined;
  complete(request: GraderLlmRequest): Promise<GraderLlmResponse>;
}

/** Identity helper: gives a plugin author type inference and checking without a class. */
export function defineGrader<Options = Record<string, unknown>>(grader: Grader<Options>): Grader<Options> {
  return grader;
}

/** A grader of any options type, for registries that hold many (options are validated per grader). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGrader = Grader<any>;
