import type { z } from 'zod';
import type { GraderLlm, GraderLlmRequest, GraderLlmResponse } from '../providers/grader-llm.js';
import type { Rubric } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import type { EarlierVerdictLookup } from './earlier-verdicts.js';
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
  /**
   * Names of grader instances whose verdicts on the same transcript this grader reads through
   * `ctx.earlierVerdict`: the engine keeps their labels when it resumes from a results file. Those
   * graders must come earlier in the config to be seen in the same run.
   */
  dependsOn?(options: Options): readonly string[];
  grade(transcript: Transcript, ctx: GradeContext<Options>): VerdictInput | Promise<VerdictInput>;
}

export type GraderCapability = 'llm';

export interface GradeContext<Options = Record<string, unknown>> {
  rubric: Rubric;
  options: Options;
  /** The name this grader instance records its verdicts under. */
  name: string;
  /** @deprecated Renamed `name`; this one goes in 0.3.0. */
  graderName: string;
  /** Folder of the config file (or the working folder without one): resolve paths in `options` against it. */
  configDir?: string;
  /** A configured LLM, when the grader requires one. */
  llm?: GraderLlm;
  /**
   * Another grader's verdict on this transcript, given earlier in this run (graders run in config
   * order) or — for graders named in `dependsOn` or gated on — recorded by an earlier run in the same
   * results file; undefined when there is none (that grader is not configured, comes later, errored).
   * Absent when a grader is run on its own, outside the engine.
   */
  earlierVerdict?: EarlierVerdictLookup;
  /** Fires on Ctrl-C or a timeout: stop and return (or throw) promptly. */
  signal: AbortSignal;
  log(message: string): void;
}

export type { GraderLlm, GraderLlmRequest, GraderLlmResponse };

/** Identity helper: gives a plugin author type inference and checking without a class. */
export function defineGrader<Options = Record<string, unknown>>(grader: Grader<Options>): Grader<Options> {
  return grader;
}

/** A grader of any options type, for registries that hold many (options are validated per grader). */
// `any`, not `unknown`: a Grader<Options> takes its options in `grade`, so Grader<unknown> would reject every typed grader.
export type AnyGrader = Grader<any>;
