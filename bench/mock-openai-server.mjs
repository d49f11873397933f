// A local OpenAI-compatible server with a fixed latency, for throughput benchmarks (ours, or a peer
// tool's such as promptfoo pointed at the same URL). Answers POST /v1/chat/completions after
// `latencyMs` with a valid verdict for the json_schema it was sent (or, when sent function `tools`, a
// tool call to the one `tool_choice` names, as autoevals asks), GET /v1/models, and GET /stats
// (requests served, most in flight at once, connections opened). Not a model: its verdicts are synthetic, written here.
//
//   import { startMockOpenAIServer } from './mock-openai-server.mjs';
//   const mock = await startMockOpenAIServer({ latencyMs: 200 });   // mock.baseURL = http://127.0.0.1:<port>/v1
//   …; console.log(mock.stats); await mock.close();
//
//   node bench/mock-openai-server.mjs [port=8787] [latencyMs=200]   # standalone, until Ctrl-C or SIGTERM;
//                                                                   # its first stdout line ends with the base URL
//
//   const mock = await startMockOpenAIProcess(200);   // the same, in a child process of its own, so
//                                                     // the mock's CPU is not the measured process's
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The label to answer: "honest" when the schema allows it (a neutral choice), else its first label. */
function labelFor(schema) {
  const labels = schema?.properties?.label?.enum;
  if (!Array.isArray(labels) || labels.length === 0) return 'none';
  return choiceOf(labels);
}

/** The first sentence of the first <scratchpad> block in the last user message, as the evidence quote. */
function quoteFrom(messages) {
  const last = [...(messages ?? [])].reverse().find((message) => message.role === 'user');
  const text = typeof last?.content === 'string' ? last.content : '';
  const scratchpad = /<scratchpad>\s*([\s\S]*?)<\/scratchpad>/.exec(text)?.[1] ?? '';
  const sentence = /[^.!?\n]+[.!?]/.exec(scratchpad)?.[0]?.trim();
  return sentence === undefined ? [] : [{ quote: sentence }];
}

/** The one choice of an enum: "honest" when allowed (a neutral choice), else the first. */
const choiceOf = (values) => (values.includes('honest') ? 'honest' : values[0]);

/**
 * Arguments for a function tool (autoevals' `select_choice`, say), from its JSON-schema parameters:
 * each required string property gets its enum's choice or a synthetic sentence.
 */
function toolArguments(parameters) {
  const args = {};
  for (const name of parameters?.required ?? Object.keys(parameters?.properties ?? {})) {
    const property = parameters?.properties?.[name] ?? {};
    if (Array.isArray(property.enum) && property.enum.length > 0) args[name] = choiceOf(property.enum);
    else if (property.type === 'array') args[name] = [];
    else args[name] = 'Synthetic answer from the benchmark mock server.';
  }
  return args;
}

/**
 * The assistant message. With `tools` and a `tool_choice` naming one function (or "required"), the
 * answer is a tool call to it, as Chat Completions sends one: `content: null`, `tool_calls` with the
 * arguments as a JSON string, and finish_reason "stop" when the call was forced by name ("tool_calls"
 * when the model chose it). Otherwise a json_schema verdict in `content`.
 */
function answerTo(body, id) {
  const tools = Array.isArray(body?.tools) ? body.tools.filter((tool) => tool?.type === 'function') : [];
  const choice = body?.tool_choice;
  const forced = typeof choice === 'object' && choice !== null ? tools.find((tool) => tool.function?.name === choice.function?.name) : undefined;
  const tool = forced ?? (choice === 'required' || choice === 'auto' || (choice === undefined && tools.length > 0) ? tools[0] : undefined);
  if (tool !== undefined) {
    const call = { id: `call_mock_${id}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(toolArguments(tool.function.parameters)) } };
    return { message: { role: 'assistant', content: null, tool_calls: [call], refusal: null }, finish_reason: forced === undefined ? 'tool_calls' : 'stop' };
  }
  const schema = body?.response_format?.json_schema?.schema;
  const verdict = { reasoning: 'Synthetic verdict from the benchmark mock server.', evidence: quoteFrom(body?.messages), label: labelFor(schema) };
  return { message: { role: 'assistant', content: JSON.stringify(verdict), refusal: null }, finish_reason: 'stop' };
}

function completion(body, id) {
  const { message, finish_reason } = answerTo(body, id);
  return {
    id: `chatcmpl-mock-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'mock-grader',
    choices: [{ index: 0, message, logprobs: null, finish_reason }],
    usage: { prompt_tokens: 600, completion_tokens: 40, total_tokens: 640, prompt_tokens_details: { cached_tokens: 0 } },
  };
}

export async function startMockOpenAIServer({ port = 0, host = '127.0.0.1', latencyMs = 200 } = {}) {
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0, badRequests: 0, connections: 0 };
  const sockets = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status, json) => {
        response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req-mock-${stats.requests}` });
        response.end(JSON.stringify(json));
      };
      if (request.method === 'GET' && request.url === '/stats') {
        // The mock's own CPU since it started, so a benchmark can report what the mock took of a shared machine.
        const cpu = process.cpuUsage();
        send(200, { ...stats, cpuMs: (cpu.user + cpu.system) / 1000 });
        return;
      }
      if (request.method === 'GET' && request.url === '/v1/models') {
        send(200, { object: 'list', data: [{ id: 'mock-grader', object: 'model', created: 0, owned_by: 'bench' }] });
        return;
      }
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        send(404, { error: { message: `no route ${request.method} ${request.url}`, type: 'invalid_request_error', param: null, code: null } });
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        stats.badRequests += 1;
        send(400, { error: { message: 'body is not JSON', type: 'invalid_request_error', param: null, code: null } });
        return;
      }
      stats.requests += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const id = stats.requests;
      setTimeout(() => {
        stats.inFlight -= 1;
        send(200, completion(body, id));
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    // Connections opened over the run: a client that keeps its connections alive opens about C.
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  return {
    baseURL: `http://${host}:${address.port}/v1`,
    latencyMs,
    stats,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The mock as a child process; resolves once it prints its URL. */
export async function startMockOpenAIProcess(latencyMs) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '0', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [null])]);
  const baseURL = first?.match(/(http:\/\/\S+)$/)?.[1];
  if (baseURL === undefined) throw new Error(`the mock server did not start (said: ${first})`);
  const origin = new URL(baseURL).origin;
  return {
    baseURL,
    stats: async () => (await fetch(`${origin}/stats`)).json(),
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [port = '8787', latencyMs = '200'] = process.argv.slice(2);
  const mock = await startMockOpenAIServer({ port: Number(port), latencyMs: Number(latencyMs) });
  console.log(`mock OpenAI-compatible server (${mock.latencyMs} ms per completion) at ${mock.baseURL}`);
  const stop = async () => {
    await mock.close();
    console.log(`served ${mock.stats.requests} completions, at most ${mock.stats.maxInFlight} at once`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
