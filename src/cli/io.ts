/** Where the CLI writes, so commands can be run in-process by tests. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress is drawn there, so that decides bar or plain lines. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set by a command to choose the exit code. */
  exitCode?: number;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}
