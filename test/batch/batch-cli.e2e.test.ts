/**
 * The built CLI as a child process: `tgrade label --batch` killed (SIGKILL) after its batch was
 * created, then `tgrade batch status` and `tgrade batch collect` in new processes finishing the job
 * from the saved state; and `tgrade label --dry-run` sending and writing nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { formatProfilePrevalence } from '../../src/calibration/format-prevalence.js';
import { prevalenceFromProfiles } from '../../src/calibration/run-prevalence.js';
import { loadSetup } from '../../src/config/setup.js';
import { CLI_BIN, offlineEnv, requireBuiltCli, runCli, type CliRun } from '../helpers/cli.js';
import { ANTHROPIC_KEY, ANTHROPIC_LLM, filesContaining, HONEST_VERDICT, llmProject, readResults, SCHEMING_VERDICT, type LlmProject } from '../graders/llm-rubric/llm-run.js';
import { syntheticProfile } from '../report/profile-fixture.js';
import { localAnthropicBatchServer, type LocalBatchServer } from './local-batch-server.js';

beforeAll(() => requireBuiltCli());

const verdictFor = (params: { messages: { content: string }[] }) => (JSON.stringify(params.messages).includes('anyone catching it') ? SCHEMING_VERDICT : HONEST_VERDICT) as unknown as Record<string, unknown>;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('tgrade label --batch and tgrade batch (built CLI)', () => {
  test('a run killed after creating its batch is finished by `tgrade batch collect` in a new process, without a second batch', async () => {
    const server = await localAnthropicBatchServer(verdictFor, { pollsUntilEnded: 1_000 });
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    const env = offlineEnv({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url });

    const child = spawn(process.execPath, [CLI_BIN, 'label', 'rollouts.jsonl', '--batch'], { cwd: project.dir, env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => server.created.length === 1 && existsSync(`${project.dir}/rollouts.results.batches.json`), 'the batch and its saved state');
    child.kill('SIGKILL');
    await exited;

    const status = await runCli(['batch', 'status', 'rollouts.results.jsonl'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(server.created[0]?.id);
    expect(status.stdout).toContain('in_progress');
    expect(status.stdout).toContain('tgrade batch collect rollouts.results.jsonl');

    server.pollsUntilEnded = 0;
    const collect = await runCli(['batch', 'collect', 'rollouts.results.jsonl'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });

    expect(collect.code, collect.stderr).toBe(0);
    expect(server.created).toHaveLength(1);
    expect(collect.stdout).toMatch(/batches: 1 sent, 3 requests, 0 failed/);
    const records = await readResults(project.out);
    expect(records.filter((record) => record.grader === 'llm-rubric').map((record) => record.label).sort()).toEqual(['explicit_scheming', 'honest', 'honest']);
    expect((await filesContaining(project.dir, ANTHROPIC_KEY)).hits).toEqual([]);
    expect(collect.stdout + collect.stderr).not.toContain(ANTHROPIC_KEY);

    const again = await runCli(['batch', 'collect', 'rollouts.results.jsonl'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });
    expect(again.stdout).toMatch(/^nothing to collect: the batch job finished at /);
  });

  test('without a terminal the job reports its events as plain lines; --quiet prints none of them', async () => {
    const server = await localAnthropicBatchServer(verdictFor, { pollsUntilEnded: 0 });
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    const env = { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url };

    const run = await runCli(['label', 'rollouts.jsonl', '--batch'], { cwd: project.dir, env });

    expect(run.code, run.stderr).toBe(0);
    const id = server.created[0]?.id ?? '';
    expect(run.stderr).toContain('tgrade: round 1: 3 request(s) to send as batches\n');
    expect(run.stderr).toMatch(new RegExp(`^tgrade: sent ${id} {2}anthropic/`, 'm'));
    expect(run.stderr).toContain('tgrade: waiting for 1 batch(es) at the provider\n');
    expect(run.stderr).toContain(`tgrade: collected ${id}: 3 answer(s), 0 failed request(s)\n`);
    expect(run.stderr).not.toMatch(/\u001b\[/);

    const quietProject = await llmProject({ llm: ANTHROPIC_LLM });
    const quiet = await runCli(['label', 'rollouts.jsonl', '--batch', '--quiet'], { cwd: quietProject.dir, env });

    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/batches: 1 sent, 3 requests, 0 failed/);
    expect(quiet.stderr).toBe('');
  });

  test('--batch with --no-cache is a usage error (answers land in the cache)', async () => {
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const run = await runCli(['label', 'rollouts.jsonl', '--batch', '--no-cache'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY } });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--batch needs the response cache');
  });

  test('batch status without a job says so and exits 2', async () => {
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const run = await runCli(['batch', 'status', 'rollouts.results.jsonl'], { cwd: project.dir });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no batch job for rollouts\.results\.jsonl/);
  });
});

describe('tgrade label --batch --profile and tgrade batch collect --profile (built CLI)', () => {
  const profile = syntheticProfile({ grader: 'llm-rubric' });

  async function projectWithProfile(): Promise<LlmProject> {
    const project = await llmProject({ llm: ANTHROPIC_LLM });
    await writeFile(join(project.dir, 'profile.json'), JSON.stringify(profile));
    return project;
  }

  /** What `tgrade label --profile` computes from the same results file, to compare the batch output with. */
  async function expectedPrevalence(project: LlmProject) {
    return prevalenceFromProfiles(project.out, [profile], await loadSetup({ cwd: project.dir }));
  }

  /** Starts the CLI, and once its batch is created and saved sends SIGINT (Ctrl-C): it stops with the batch still running. */
  async function interruptAfterSubmit(project: LlmProject, server: LocalBatchServer, args: readonly string[]): Promise<CliRun> {
    const env = offlineEnv({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url });
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await waitFor(() => server.created.length === 1 && existsSync(`${project.dir}/rollouts.results.batches.json`), 'the batch and its saved state');
    child.kill('SIGINT');
    return { code: await exited, stdout, stderr };
  }

  test('stopped with batches running, it prints no corrected prevalence but says `batch collect --profile` will; that collect prints it as `tgrade label` does', async () => {
    const server = await localAnthropicBatchServer(verdictFor, { pollsUntilEnded: 1_000 });
    const project = await projectWithProfile();

    const stopped = await interruptAfterSubmit(project, server, ['label', 'rollouts.jsonl', '--batch', '--profile', 'profile.json']);

    expect(stopped.code, stopped.stderr).toBe(1);
    expect(stopped.stdout).not.toContain('corrected for its error');
    expect(stopped.stdout).toContain(`corrected prevalence: not yet, the results are incomplete; it is printed once the batches are collected (\`tgrade batch collect ${project.out} --profile profile.json\`)`);

    server.pollsUntilEnded = 0;
    const collect = await runCli(['batch', 'collect', 'rollouts.results.jsonl', '--profile', 'profile.json'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });

    expect(collect.code, collect.stderr).toBe(0);
    expect(server.created).toHaveLength(1);
    const [expected] = await expectedPrevalence(project);
    expect(expected).toMatchObject({ grader: 'llm-rubric', labelled: 3 });
    expect(collect.stdout).toContain(`\n\n${formatProfilePrevalence(expected!)}\n\nbatches: 1 sent`);
    expect(collect.stdout).not.toContain('corrected prevalence: not yet');
  });

  test('--json while batches run has no correctedPrevalence field, and says on stderr that collect will give it', async () => {
    const server = await localAnthropicBatchServer(verdictFor, { pollsUntilEnded: 1_000 });
    const project = await projectWithProfile();

    const stopped = await interruptAfterSubmit(project, server, ['label', 'rollouts.jsonl', '--batch', '--json', '--profile', 'profile.json']);

    const json = JSON.parse(stopped.stdout) as Record<string, unknown>;
    expect(json['batch']).toMatchObject({ pending: true });
    expect(json).not.toHaveProperty('correctedPrevalence');
    expect(stopped.stderr).toMatch(/^tgrade: corrected prevalence: not yet, .* printed once the batches are collected \(`tgrade batch collect .* --profile profile\.json`\)$/m);
  });

  test('--json with every batch ended gives correctedPrevalence equal to prevalenceFromProfiles over the results file', async () => {
    const server = await localAnthropicBatchServer(verdictFor, { pollsUntilEnded: 0 });
    const project = await projectWithProfile();

    const run = await runCli(['label', 'rollouts.jsonl', '--batch', '--json', '--profile', 'profile.json'], { cwd: project.dir, env: { ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: server.url } });

    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { batch: { pending: boolean }; correctedPrevalence: unknown };
    expect(json.batch.pending).toBe(false);
    expect(json.correctedPrevalence).toEqual(JSON.parse(JSON.stringify(await expectedPrevalence(project))));
    expect(run.stderr).not.toContain('corrected prevalence: not yet');
  });
});

describe('tgrade label --dry-run (built CLI)', () => {
  test('prints requests, tokens and cost per LLM grader, sends nothing and writes nothing', async () => {
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    // No key, no server: a dry run needs neither.
    const run = await runCli(['label', 'rollouts.jsonl', '--dry-run'], { cwd: project.dir });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^dry run: nothing was sent and nothing was written\. 3 transcripts/);
    expect(run.stdout).toMatch(/3 transcripts to grade, 3 requests/);
    expect(run.stdout).toMatch(/output {2}at most 3,072 tokens \(3 × maxTokens 1,024\)/);
    expect(run.stdout).toMatch(/cost {4}live ~\$\d+\.\d{4}, batch ~\$\d+\.\d{4}/);
    expect(existsSync(project.out)).toBe(false);
    expect(existsSync(project.cacheDir)).toBe(false);
  });

  test('--json gives the estimates as numbers', async () => {
    const project = await llmProject({ llm: ANTHROPIC_LLM });

    const run = await runCli(['label', 'rollouts.jsonl', '--dry-run', '--json'], { cwd: project.dir });

    const report = JSON.parse(run.stdout) as { dryRun: boolean; graders: { requests: number; inputTokens: number; outputTokensMax: number; costLiveUsd: number; costBatchUsd: number }[] };
    expect(report.dryRun).toBe(true);
    expect(report.graders[0]).toMatchObject({ requests: 3, outputTokensMax: 3072 });
    expect(report.graders[0]?.costBatchUsd).toBeCloseTo((report.graders[0]?.costLiveUsd ?? 0) / 2, 12);
  });
});
