// Preloaded (`node --import`) into a process the memory benchmark measures: at exit, writes the
// process's peak RSS and heap figures as one JSON object to the file BENCH_PEAK_RSS_FILE names, so
// the real `tgrade` CLI can be measured without changing it.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed }));
  });
}
