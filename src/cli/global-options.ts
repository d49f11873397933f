import type { Command } from 'commander';
import type { SetupOptions } from '../config/setup.js';

interface GlobalOptions {
  config?: string;
  plugin?: string[];
  rubric?: string[];
  debug?: boolean;
  model?: string;
  concurrency?: number;
}

/** The setup options every command shares, from the program's global flags. */
export function setupOptionsOf(command: Command, cwd: string, only?: string[]): SetupOptions {
  const global = command.optsWithGlobals<GlobalOptions>();
  return {
    cwd,
    ...(global.config === undefined ? {} : { configFile: global.config }),
    ...(global.plugin === undefined ? {} : { plugins: global.plugin }),
    ...(global.rubric === undefined ? {} : { rubrics: global.rubric }),
    ...(only === undefined ? {} : { only }),
    overrides: { ...(global.model === undefined ? {} : { model: global.model }), ...(global.concurrency === undefined ? {} : { concurrency: global.concurrency }) },
  };
}
