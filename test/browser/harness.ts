import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { CLI_BIN, offlineEnv } from '../helpers/cli.js';
import { fromRoot } from '../helpers/paths.js';

// Callbacks passed to page.evaluate/waitForFunction run in the browser. The project's tsconfig has
// no DOM lib (the library runs on Node), so they see these loose module-local declarations.
declare const document: any;

/**
 * Browser tests drive Debian's Chromium through playwright-core. They are skipped only on a
 * developer machine without it; in CI (CI set) they run, and a missing browser fails them.
 */
const CHROMIUM_PATH = '/usr/bin/chromium';
const inCi = ![undefined, '', '0', 'false'].includes(process.env['CI']);
export const browserTestsSkipped = !existsSync(CHROMIUM_PATH) && !inCi;
if (browserTestsSkipped) {
  console.warn(`browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium). In CI (CI set) they run instead and fail without it.`);
}

const SCREENSHOTS = fromRoot('test-output/screenshots');

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  onTestFinished(() => browser.close());
  return browser;
}

/** Where a screenshot named `name` goes (test-output/ is gitignored), creating the folder. */
export async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

export interface RunningAnnotate {
  url: string;
  child: ChildProcess;
  /** SIGKILL: the server gets no chance to clean up, as when a terminal is closed. */
  kill(): Promise<void>;
}

/** Starts the built CLI's `annotate` and resolves with the URL it prints. */
export function startAnnotateCli(args: readonly string[], cwd: string): Promise<RunningAnnotate> {
  const child = spawn(process.execPath, [CLI_BIN, 'annotate', ...args], { cwd, env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
      if (url !== undefined) {
        resolve({
          url,
          child,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`tgrade annotate exited (${code}) before serving:\n${stdout}${stderr}`)));
  });
}

export async function openAnnotatePage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

export async function waitForItem(page: Page, id: string): Promise<void> {
  await page.waitForFunction((expected) => document.getElementById('item-title')?.textContent === expected, id);
}

export async function currentItem(page: Page): Promise<string> {
  return (await page.textContent('#item-title')) ?? '';
}
