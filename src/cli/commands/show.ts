import type { Command } from 'commander';
import { formatShown } from '../../show/format-show.js';
import { showTranscript } from '../../show/transcript-parts.js';
import { formatProblem } from '../../transcript/read-transcripts.js';
import { readTranscripts } from '../../transcript/read-transcripts.js';
import { describeUnread, UnreadTally } from '../../transcript/unread-tally.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { positiveInteger } from '../options.js';

interface ShowOptions {
  id?: string[];
  limit?: number;
  json?: boolean;
}

export function showCommand(program: Command, io: CliIO): void {
  program
    .command('show')
    .description('print each transcript as the graders see it: its parts in order (prompt, scratchpad, action, output, answer, …) with their character offsets — check a new input format before paying for a run')
    .argument('<input>', 'transcripts: JSONL, an Inspect log (.eval / .json), or a folder of Inspect logs')
    .option('--id <id...>', 'only these transcript ids')
    .option('--limit <n>', 'at most n transcripts', positiveInteger)
    .option('--json', 'one JSON object a line: {id, source, parts: [{kind, text, start, end}], metadata}')
    .action(async (input: string, options: ShowOptions) => {
      const wanted = options.id === undefined ? undefined : new Set(options.id);
      const unread = new UnreadTally();
      let shown = 0;
      let problems = 0;
      let unreadReasoning = 0;
      for await (const item of readTranscripts(input)) {
        if (!item.ok) {
          problems += 1;
          io.stderr(`tgrade: ${formatProblem(item.problem)}\n`);
          continue;
        }
        const { transcript } = item;
        if (wanted !== undefined && !wanted.has(transcript.id)) continue;
        unread.addAll(transcript.unreadShapes);
        if (transcript.unreadReasoning !== undefined) unreadReasoning += 1;
        const view = showTranscript(transcript);
        io.stdout(options.json === true ? `${JSON.stringify(view)}\n` : `${shown === 0 ? '' : '\n'}${formatShown(view)}`);
        shown += 1;
        if (options.limit !== undefined && shown >= options.limit) break;
      }
      const notes = [`${shown} transcript(s) shown`];
      if (problems > 0) notes.push(`${problems} input problem(s) above`);
      if (wanted !== undefined && shown < wanted.size) notes.push(`${wanted.size - shown} requested id(s) not found`);
      io.stderr(`tgrade: ${notes.join(', ')}\n`);
      for (const line of describeUnread(unread.toRecord())) io.stderr(`tgrade: input: ${line}\n`);
      if (unreadReasoning > 0) io.stderr(`tgrade: input: ${unreadReasoning} transcript(s) with reasoning that could not be read\n`);
      io.exitCode = shown === 0 && problems > 0 ? EXIT.failed : EXIT.ok;
    });
}
