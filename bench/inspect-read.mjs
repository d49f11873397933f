// Benchmark (issue 13): reading Inspect AI logs. Run after `npm run build`:
//
//   node bench/inspect-read.mjs [samples=100000] [jsonLogMB=500]
//
// (1) Reads the same N synthetic samples (generate-inspect-logs.mjs) from an `.eval` log and from
//     JSONL, each in its own process through the library's readTranscripts (every sample mapped to
//     a transcript), same run, and prints seconds and the ratio.
// (2) Reads a ≥ 500 MB `.json` log and prints the reading process's peak RSS (maxRSS at exit),
//     which must stay far below the file's size: the log is streamed sample by sample.
// Files are written to a temp folder and deleted at the end.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEvalLog, writeJsonl, writeJsonLog } from './generate-inspect-logs.mjs';

if (process.argv[2] === '--child') {
  const { readTranscripts } = await import('../dist/src/transcript/read-transcripts.js');
  const started = performance.now();
  let transcripts = 0;
  let problems = 0;
  let characters = 0;
  for await (const item of readTranscripts(process.argv[3])) {
    if (item.ok) {
      transcripts += 1;
      characters += item.transcript.text.length;
    } else problems += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ transcripts, problems, characters, seconds, maxRssKb: process.resourceUsage().maxRSS }));
} else {
  const [samples = 100_000, jsonLogMb = 500] = process.argv.slice(2).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'tgrade-inspect-bench-'));
  const self = fileURLToPath(import.meta.url);
  const read = async (file) => {
    const child = spawn(process.execPath, [self, '--child', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`reading ${file} exited with ${code}`);
    return JSON.parse(text);
  };
  const mb = (bytes) => (bytes / 1e6).toFixed(0);
  try {
    const evalFile = join(dir, 'bench.eval');
    const jsonlFile = join(dir, 'bench.jsonl');
    await writeEvalLog(evalFile, samples);
    await writeJsonl(jsonlFile, samples);
    const fromEval = await read(evalFile);
    const fromJsonl = await read(jsonlFile);
    if (fromEval.transcripts !== samples || fromJsonl.transcripts !== samples || fromEval.characters !== fromJsonl.characters) {
      throw new Error(`the two inputs did not read the same: ${JSON.stringify({ fromEval, fromJsonl })}`);
    }
    const jsonLog = join(dir, 'big.json');
    const written = await writeJsonLog(jsonLog, jsonLogMb * 1e6);
    const fromJsonLog = await read(jsonLog);
    if (fromJsonLog.transcripts !== written.count) throw new Error(`the .json log read ${fromJsonLog.transcripts} of ${written.count} samples`);

    console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}\n`);
    console.log('| input (SYNTHETIC samples) | size | samples | read s | samples/s | peak RSS |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, file, figures] of [['.eval log', evalFile, fromEval], ['JSONL (same samples)', jsonlFile, fromJsonl], ['.json log', jsonLog, fromJsonLog]]) {
      console.log(`| ${name} | ${mb(statSync(file).size)} MB | ${figures.transcripts.toLocaleString('en')} | ${figures.seconds.toFixed(1)} | ${Math.round(figures.transcripts / figures.seconds).toLocaleString('en')} | ${(figures.maxRssKb / 1024).toFixed(0)} MB |`);
    }
    console.log(`\n.eval read time / JSONL read time (same run): ${(fromEval.seconds / fromJsonl.seconds).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
