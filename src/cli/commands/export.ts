import { InvalidArgumentError, type Command } from 'commander';
import { readExportRows } from '../../export/export-rows.js';
import { writeExport, type ExportFormat } from '../../export/write-export.js';
import { formatProblem } from '../../transcript/read-transcripts.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { resolve } from 'node:path';

interface ExportOptions {
  format: ExportFormat;
  out?: string;
}

function exportFormat(value: string): ExportFormat {
  if (value === 'csv' || value === 'parquet') return value;
  throw new InvalidArgumentError('--format is csv or parquet');
}

export function exportCommand(program: Command, io: CliIO): void {
  program
    .command('export')
    .description('write a results file as a table, one row per transcript × grader (label, status, confidence, flags, evidence as text): CSV, or Parquet for DuckDB, pandas and polars')
    .argument('<results.jsonl>', 'a results file written by tgrade label')
    .requiredOption('--format <format>', 'csv or parquet', exportFormat)
    .option('-o, --out <file>', 'output file (default: the results file with .csv / .parquet)')
    .action(async (results: string, options: ExportOptions) => {
      const input = resolve(io.cwd, results);
      const out = resolve(io.cwd, options.out ?? `${input.replace(/\.jsonl$/i, '')}.${options.format}`);
      const { rows, problems, replaced } = await readExportRows(input);
      for (const problem of problems) io.stderr(`tgrade: ${formatProblem(problem)} (line skipped)\n`);
      if (replaced > 0) io.stderr(`tgrade: ${replaced} record(s) repeated a transcript × grader; the later one is exported\n`);
      await writeExport(rows, options.format, out);
      io.stdout(`${rows.length} row(s) written to ${out}\n`);
      io.exitCode = EXIT.ok;
    });
}
