import { dirname, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { TgradeError } from '../errors.js';
import { describeIssues } from '../schema-issues.js';
import { ConfigSchema, type Config } from './schema.js';

const CONFIG_FILES = [
  'package.json',
  'tgrade.config.ts',
  'tgrade.config.mjs',
  'tgrade.config.js',
  'tgrade.config.cjs',
  'tgrade.config.json',
  'tgrade.config.yaml',
  'tgrade.config.yml',
];

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null for the built-in defaults. */
  file: string | null;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
}

/**
 * Finds and validates the config. The search walks up from `cwd` to the nearest folder with a
 * package.json (cosmiconfig's "project" strategy, chosen so a config at a project's root applies in
 * its subfolders without reaching into unrelated parents). No file found: built-in defaults.
 */
export async function loadConfig(options: { cwd?: string; file?: string } = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig('tgrade', { searchPlaces: CONFIG_FILES, searchStrategy: 'project' });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = options.file === undefined ? await explorer.search(cwd) : await explorer.load(resolve(cwd, options.file));
  } catch (error) {
    const file = options.file ?? (error as { filepath?: string }).filepath ?? 'config';
    throw new TgradeError('E_CONFIG_INVALID', `${file}: cannot load the config: ${(error as Error).message}`, { cause: error, details: { file } });
  }
  if (found === null) return { config: ConfigSchema.parse({}), file: null, baseDir: cwd };
  return { config: parseConfig(unwrapDefault(found.config), found.filepath), file: found.filepath, baseDir: dirname(found.filepath) };
}

export function parseConfig(value: unknown, origin: string): Config {
  const parsed = ConfigSchema.safeParse(value ?? {});
  if (!parsed.success) throw new TgradeError('E_CONFIG_INVALID', `${origin}: ${describeIssues(parsed.error)}`, { details: { file: origin } });
  return parsed.data;
}

/** ES modules loaded through cosmiconfig may arrive as `{ default: config }`. */
function unwrapDefault(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'default' in value && Object.keys(value).length === 1) return (value as { default: unknown }).default;
  return value;
}
