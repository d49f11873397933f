import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from '../helpers/cli.js';
import { copyOfLabelingGold } from '../annotate/gold-fixture.js';
import { browserTestsSkipped, launchChromium, screenshotPath } from './harness.js';

describe.skipIf(browserTestsSkipped)('the HTML report in Chromium', { timeout: 90_000 }, () => {
  beforeAll(() => requireBuiltCli());

  test('opens offline from a file URL, fetches nothing, and shows the confusion heatmaps and the ROC plot', async () => {
    const gold = await copyOfLabelingGold();
    const run = await runCli(['report', 'results.jsonl', '--gold', '.', '--out', 'report.html', '--resamples', '200'], { cwd: gold });
    expect(run.code).toBe(0);

    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    await context.setOffline(true);
    const requested: string[] = [];
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    const url = pathToFileURL(join(gold, 'report.html')).href;
    await page.goto(url);

    expect(requested).toEqual([url]);
    const heatmaps = page.locator('svg.heatmap');
    expect(await heatmaps.count()).toBe(2);
    expect(await heatmaps.first().isVisible()).toBe(true);
    expect(await page.locator('svg.heatmap g.cell').count()).toBe(32);
    const box = await heatmaps.first().boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(await page.locator('svg.roc polyline.roc-curve').count()).toBe(1);
    expect(await page.locator('article.flagged').count()).toBe(3);
    expect(await page.locator('#injected-bold').count()).toBe(0);
    expect(await page.getByText(`<img src=x onerror="alert('xss-img')">`, { exact: false }).first().isVisible()).toBe(true);

    await page.screenshot({ path: await screenshotPath('report-full.png'), fullPage: true });
    await heatmaps.first().screenshot({ path: await screenshotPath('report-heatmap.png') });
  });
});

