/**
 * Reads a 200 answer's body ourselves instead of through the SDK's parse, which hands back HTML as a
 * string and lets JSON of any shape through (the providers then failed with "Cannot read properties
 * of undefined"). An answer that is not the API's JSON — a proxy's or captive portal's HTML page,
 * JSON cut short, some other service's JSON — becomes E_PROVIDER_RESPONSE naming what came back,
 * with the start of the body kept as `raw`.
 *
 * Not retried: a 200 that is not the API's JSON means a wrong base URL or something in the way (a
 * proxy, a login page), which does not heal within a run; retrying would hold every transcript for
 * minutes of backoff. Transient gateway pages come with a 5xx, which is retried. A rerun retries the
 * error records.
 */
import { TgradeError } from '../errors.js';
import type { ProviderName } from './types.js';

/** Enough of a body to recognise it (a title, an error text) without filling the results file. */
const RAW_BODY_LIMIT = 2000;

export interface ApiBodyContext {
  provider: ProviderName;
  model: string;
  baseURL: string;
  /** "Messages API", "Chat Completions": what the answer should have been. */
  api: string;
  requestId: string | undefined;
}

export async function readApiBody<T>(response: Response, isExpected: (body: unknown) => body is T, context: ApiBodyContext): Promise<T> {
  const text = await response.text();
  const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() || 'no content-type';
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw answerError(`the server answered with a body that is not JSON (${mediaType})`, text, context);
  }
  if (!isExpected(body)) throw answerError(`the server answered with JSON that is not a ${context.api} response`, text, context);
  return body;
}

function answerError(what: string, text: string, context: ApiBodyContext): TgradeError {
  return new TgradeError('E_PROVIDER_RESPONSE', `${what} from ${context.baseURL} for model "${context.model}"; check the base URL and any proxy in between`, {
    details: {
      provider: context.provider,
      model: context.model,
      retryable: false,
      raw: text.length <= RAW_BODY_LIMIT ? text : `${text.slice(0, RAW_BODY_LIMIT)}…`,
      ...(context.requestId ? { requestId: context.requestId } : {}),
    },
  });
}

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
