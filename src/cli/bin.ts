#!/usr/bin/env node
import { loadDotEnv } from './dotenv.js';
import { main } from './main.js';

// API keys from ./.env; a variable already set in the environment wins.
try {
  loadDotEnv(process.cwd());
} catch (error) {
  process.stderr.write(`tgrade: .env could not be read: ${(error as Error).message}\n`);
}
process.exitCode = await main(process.argv);
