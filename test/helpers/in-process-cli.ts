import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { offlineEnv } from './cli.js';

/** Runs tgrade in-process with captured output (paths given should be absolute). */
export async function tgradeInProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = offlineEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), isTTY: false, env, cwd };
  const code = await main(['node', 'tgrade', ...args], io);
  return { code, stdout, stderr };
}
