import type { JsonSchema, LlmMessage, LlmResponse } from './types.js';

/** The model access a grader gets in `ctx.llm`: what it asks, what it gets back. */
/** A structured-output request as a grader writes it; the engine adds model, sampling and caching. */
export interface GraderLlmRequest {
  system: string;
  messages: LlmMessage[];
  output: { name: string; description?: string; schema: JsonSchema };
  /** Which of k samples this is: part of the cache key, so k votes are k distinct requests. */
  sampleIndex?: number;
  logprobs?: boolean;
  /**
   * Whether an answer is one the grader can turn into a verdict. Answers it rejects are not cached
   * (and a cached one it rejects is asked for again), so a rerun that retries an error record asks the
   * server instead of replaying the failure. Not part of the cache key. Without it: any answer that
   * is JSON, not a refusal and not cut off at the token limit.
   */
  isUsable?: (response: LlmResponse) => boolean;
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

