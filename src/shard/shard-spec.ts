import { TgradeError } from '../errors.js';
import { hashId } from '../transcript/id-hash.js';

/** One share of an input: shard `index` of `count` (1 ≤ index ≤ count). */
export interface ShardSpec {
  index: number;
  count: number;
}

/**
 * Kubernetes allows up to 100,000 completions for an indexed Job; a higher count would only make
 * empty shards. It also keeps `high × count` below 2^53, so the share below is exact in doubles.
 */
const MAX_SHARDS = 1_000_000;

export function formatShard(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}

/**
 * Resolves `--shard`: `i/n` names the shard; `auto` takes it from the scheduler's environment
 * (shardFromEnvironment), and `auto/n` does too with n shards (a Kubernetes indexed Job does not
 * expose its completion count). Sharding is never turned on by the environment alone: a job array
 * whose tasks each label a different file must not silently grade a share of each.
 */
export function resolveShard(text: string, env: Readonly<Record<string, string | undefined>>): ShardSpec {
  const auto = /^\s*auto\s*(?:\/\s*(\d+)\s*)?$/i.exec(text);
  if (auto !== null) {
    const fromEnvironment = shardFromEnvironment(env, auto[1] === undefined ? undefined : Number(auto[1]));
    if (fromEnvironment === null) {
      throw shardInvalid(`--shard ${text}: no scheduler told this job its shard (neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set); pass --shard i/n`);
    }
    return fromEnvironment;
  }
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw shardInvalid(`--shard ${JSON.stringify(text)}: expected i/n (e.g. 3/8, the third of eight shards), auto (from a Slurm job array or a Kubernetes indexed Job) or auto/n`);
  return checkedShard(Number(match[1]), Number(match[2]), '--shard');
}

function checkedShard(index: number, count: number, from: string): ShardSpec {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) throw shardInvalid(`${from}: the number of shards must be 1 to ${MAX_SHARDS.toLocaleString('en-US')}, got ${count}`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw shardInvalid(`${from}: the shard must be 1 to ${count} (shards count from 1), got ${index}`);
  return { index, count };
}

function shardInvalid(message: string): TgradeError {
  return new TgradeError('E_SHARD_INVALID', message);
}

/**
 * The shard of this job from the scheduler's environment (`--shard auto`):
 * - Slurm job array: `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1` of `SLURM_ARRAY_TASK_COUNT`,
 *   since array ids may start anywhere (`--array=0-7`, `--array=1-8`, `--array=100-107`). An array
 *   with a step (`--array=0-15:2`) is refused: its ids leave gaps, so the shards would too.
 * - Kubernetes indexed Job: `JOB_COMPLETION_INDEX + 1` (indexes start at 0) of `TGRADE_SHARDS` or
 *   `--shard auto/n`, since the Job does not expose its completion count to the pod.
 * `shardCount` (the n of `auto/n`) overrides the environment's count. Returns null outside both.
 */
function shardFromEnvironment(env: Readonly<Record<string, string | undefined>>, shardCount?: number): ShardSpec | null {
  const slurmTask = env['SLURM_ARRAY_TASK_ID'];
  if (slurmTask !== undefined && slurmTask !== '') {
    const min = integerVariable(env, 'SLURM_ARRAY_TASK_MIN');
    const count = shardCount ?? integerVariable(env, 'SLURM_ARRAY_TASK_COUNT');
    const stepText = env['SLURM_ARRAY_TASK_STEP'];
    const step = stepText === undefined || stepText === '' ? 1 : integerOf('SLURM_ARRAY_TASK_STEP', stepText);
    const task = integerOf('SLURM_ARRAY_TASK_ID', slurmTask);
    const from = `SLURM_ARRAY_TASK_ID=${task} (SLURM_ARRAY_TASK_MIN=${min}, step ${step}, ${count} shards)`;
    if (step < 1 || (task - min) % step !== 0) throw shardInvalid(`${from}: the task id is not on the array's steps; submit the array as --array=1-N`);
    return checkedShard((task - min) / step + 1, count, from);
  }
  const completionIndex = env['JOB_COMPLETION_INDEX'];
  if (completionIndex !== undefined && completionIndex !== '') {
    const count = shardCount ?? countVariable(env, 'TGRADE_SHARDS');
    if (count === undefined) {
      throw shardInvalid('JOB_COMPLETION_INDEX is set (a Kubernetes indexed Job) but not the number of shards: set TGRADE_SHARDS to the Job\'s completions, or pass --shard auto/n');
    }
    const index = integerOf('JOB_COMPLETION_INDEX', completionIndex) + 1;
    return checkedShard(index, count, `JOB_COMPLETION_INDEX=${completionIndex} (${count} shards)`);
  }
  return null;
}

function countVariable(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : integerOf(name, value);
}

function integerVariable(env: Readonly<Record<string, string | undefined>>, name: string): number {
  const value = env[name];
  if (value === undefined || value === '') throw shardInvalid(`SLURM_ARRAY_TASK_ID is set but ${name} is not: run under a Slurm job array (sbatch --array), or pass --shard i/n`);
  return integerOf(name, value);
}

function integerOf(name: string, value: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw shardInvalid(`${name}=${JSON.stringify(value)}: expected a whole number`);
  return Number(value);
}

/**
 * The shard (1 … count) a transcript id belongs to: the top 32 bits of its 64-bit id hash scaled
 * onto 1 … count (Lemire's multiply-shift, exact in doubles for count ≤ 10^6). It depends on the id
 * alone — not on the line, the file or the order — so the shards never overlap and cover every
 * transcript however the input is split into files.
 */
export function shardOfId(transcriptId: string, count: number): number {
  const [high] = hashId(transcriptId);
  return Math.floor((high * count) / 4294967296) + 1;
}

export function inShard(transcriptId: string, spec: ShardSpec): boolean {
  return spec.count === 1 || shardOfId(transcriptId, spec.count) === spec.index;
}
