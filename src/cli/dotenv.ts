import { join } from 'node:path';

/**
 * Loads `.env` from the working folder with Node's own `process.loadEnvFile`, for API keys. A
 * variable already set in the environment wins: loadEnvFile would overwrite it, so those are put
 * back. A missing `.env` is not an error; an unreadable one is.
 */
export function loadDotEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const before = { ...env };
  try {
    process.loadEnvFile(join(cwd, '.env'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const loaded: string[] = [];
  for (const key of Object.keys(process.env)) {
    if (before[key] !== undefined) process.env[key] = before[key];
    else if (env === process.env) loaded.push(key);
  }
  return loaded;
}
