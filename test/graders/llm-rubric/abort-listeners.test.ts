/**
 * A run hands one abort signal to every request. Each request must not hang its own listeners on
 * that signal: past ten, Node prints "MaxListenersExceededWarning: 11 abort listeners added to
 * [AbortSignal]", which every run with `samples: 3` or two LLM graders used to show.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicRoute, delayed, useWireServer } from '../../providers/wire.js';
import { ANTHROPIC_LLM, anthropicVerdict, fixtureRecord, HONEST_VERDICT, llmProject, readResults, RUBRIC, runLlmLabel, rewriteConfig } from './llm-run.js';

const server = useWireServer();

let warnings: Error[] = [];
const collect = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', collect);
});
afterEach(() => {
  process.off('warning', collect);
});

/** Twelve transcripts, answered after a short wait so that many requests are in flight at once. */
const records = Array.from({ length: 12 }, (_, index) => ({ ...fixtureRecord('syn-llm-honest'), id: `t-${index}` }));

/** Warnings are emitted on the next tick: let them arrive before looking. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('abort listeners on the run signal', () => {
  it('a run with samples: 3 and many requests in flight emits no MaxListenersExceededWarning', async () => {
    const route = anthropicRoute(delayed(50, anthropicVerdict(HONEST_VERDICT)));
    server.use(route.handler);
    const project = await llmProject({ llm: { ...ANTHROPIC_LLM, temperature: 1, concurrency: 16 }, graderOptions: { samples: 3 }, records, concurrency: 8 });

    await runLlmLabel(project, { signal: new AbortController().signal });
    await settle();

    expect(route.maxInFlight).toBeGreaterThan(10);
    expect(await readResults(project.out)).toHaveLength(12);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning').map(String)).toEqual([]);
  });

  it('a run with two LLM graders emits no MaxListenersExceededWarning', async () => {
    const route = anthropicRoute(delayed(50, anthropicVerdict(HONEST_VERDICT)));
    server.use(route.handler);
    // The default limits: 16 transcripts at once, 8 requests in flight per provider, the rest queued.
    const project = await llmProject({ llm: ANTHROPIC_LLM, records });
    await rewriteConfig(project, (config) => {
      const [grader] = config['graders'] as Record<string, unknown>[];
      config['graders'] = [grader, { ...grader, name: 'llm-rubric-second', rubric: RUBRIC }];
    });

    await runLlmLabel(project, { signal: new AbortController().signal });
    await settle();

    expect(route.maxInFlight).toBe(8);
    expect(await readResults(project.out)).toHaveLength(24);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning').map(String)).toEqual([]);
  });
});
