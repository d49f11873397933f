import { InvalidArgumentError, type Command } from 'commander';
import { AnnotationSession } from '../../annotate/annotation-session.js';
import { startAnnotateServer } from '../../annotate/annotate-server.js';
import { loadSetup } from '../../config/setup.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { setupOptionsOf } from '../global-options.js';

interface AnnotateOptions {
  rater: string;
  port?: number;
  adjudicate?: boolean;
  results?: string;
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 1 to 65535');
  return port;
}

export function annotateCommand(program: Command, io: CliIO): void {
  program
    .command('annotate')
    .description('serve a local page (127.0.0.1 only) where a person labels a gold set, blind, one transcript at a time; ratings go to <gold-folder>/ratings.jsonl as they are given')
    .argument('<gold-folder>', 'a gold set folder: gold.yaml, transcripts.jsonl, ratings.jsonl')
    .requiredOption('--rater <name>', 'the name the ratings are recorded under (declare it in gold.yaml with kind: human)')
    .option('--port <n>', 'port to listen on (default: a free one)', portNumber)
    .option('--adjudicate', 'show only items the raters (and graders, with --results) disagree on, with everyone’s labels; record decisions as adjudicated')
    .option('--results <file>', 'with --adjudicate: a results file whose graders also count as parties to a disagreement')
    .action(async (folder: string, options: AnnotateOptions, command: Command) => {
      if (options.results !== undefined && options.adjudicate !== true) {
        io.stderr('tgrade: --results is only read with --adjudicate (rating is blind to graders)\n');
        io.exitCode = EXIT.usage;
        return;
      }
      const setup = await loadSetup(setupOptionsOf(command, io.cwd));
      const session = await AnnotationSession.open({
        goldFolder: folder,
        rater: options.rater,
        rubrics: setup.rubrics,
        ...(options.adjudicate === true ? { adjudicate: true } : {}),
        ...(options.results === undefined ? {} : { results: options.results }),
      });
      for (const warning of session.warnings) io.stderr(`tgrade: ${warning}\n`);
      const server = await startAnnotateServer(session, options.port === undefined ? {} : { port: options.port }).catch((error: unknown) => {
        session.close();
        throw error;
      });
      const info = session.info();
      const what = session.mode === 'adjudicate' ? `${info.items.length} items in dispute, ${info.done.length} decided` : `${info.items.length} items, ${info.done.length} rated by ${session.rater}`;
      io.stdout(`${session.mode === 'adjudicate' ? 'adjudication' : 'labeling'} page for ${session.paths.folder} (${what})\n`);
      io.stdout(`open ${server.url}\nratings are saved to ${session.paths.ratings} as they are given; press Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      session.close();
      io.stderr('tgrade: labeling server stopped\n');
      io.exitCode = EXIT.ok;
    });
}
