import type { Command } from 'commander';
import { resolve } from 'node:path';
import { mergeShardResults } from '../../shard/merge-results.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';

interface MergeCliOptions {
  out: string;
  allowIncomplete?: boolean;
  json?: boolean;
}

export function mergeCommand(program: Command, io: CliIO): void {
  program
    .command('merge')
    .description('join the results files of every shard of one input (tgrade label --shard i/n) into one results file, each record once; a missing or repeated shard, or a shard of another input, stops the merge')
    .argument('<results...>', 'the shards\' results files, in any order (e.g. rollouts.shard-*-of-8.results.jsonl)')
    .requiredOption('-o, --out <file>', 'the merged results file (written whole or not at all)')
    .option('--allow-incomplete', 'merge even shards whose label run has not gone through the whole input, or that were completed by different graders')
    .option('--json', 'print the report as JSON')
    .action(async (results: string[], options: MergeCliOptions) => {
      const report = await mergeShardResults({
        inputs: results.map((file) => resolve(io.cwd, file)),
        out: resolve(io.cwd, options.out),
        ...(options.allowIncomplete === true ? { allowIncomplete: true } : {}),
      });
      if (options.json === true) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const line of report.skipped) io.stderr(`tgrade: ${line.file}:${line.line}: ${line.message}\n`);
        for (const file of report.files) {
          if (!file.completed) io.stderr(`tgrade: shard ${file.shard} (${file.file}) has not gone through the whole input; merged what it holds\n`);
        }
        io.stdout(`${report.records} record(s) from ${report.shards} shard(s) of ${report.input} (${report.inputHash}) written to ${report.out}\n`);
      }
      io.exitCode = EXIT.ok;
    });
}
