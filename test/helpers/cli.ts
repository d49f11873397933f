import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fromRoot } from './paths.js';

export const CLI_BIN = fromRoot('dist/src/cli/bin.js');

/** Fails with what to do when the CLI has not been built (`npm test` builds it in `pretest`). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BIN)) {
    throw new Error(`${CLI_BIN} is missing: run \`npm run build\` first (\`npm test\` does it in pretest)`);
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a CLI run sees: the parent's, minus anything that could reach a provider (API
 * keys, base URLs), so a developer's key never turns an offline test into paid requests.
 */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/API_KEY|BASE_URL|AUTH_TOKEN|^NODE_OPTIONS$/i.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** Runs the built CLI as a child process and resolves with its exit code and output. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI_BIN, ...args], { cwd: options.cwd, env: offlineEnv(options.env), timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}
