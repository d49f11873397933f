import { html } from '../../html/html.js';
import type { AnnotationMode } from '../annotation-session.js';

/**
 * The page shell. It holds no data but the session token (read by the script from a meta tag) and
 * the rater's name in the title; everything else arrives as JSON and is put in place with
 * textContent by /app.js. No inline script or style, so the Content-Security-Policy can forbid both.
 */
export function annotatePageHtml(options: { token: string; mode: AnnotationMode; rater: string }): string {
  const title = options.mode === 'adjudicate' ? `Adjudicate — ${options.rater}` : `Label — ${options.rater}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="tgrade-token" content="${options.token}">
<title>${title} · tgrade annotate</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-mode="${options.mode}">
<header class="topbar">
  <div class="brand"><strong>tgrade annotate</strong> <span id="mode-badge" class="badge"></span> <span id="rater-name"></span></div>
  <div id="item-title" class="item-title"></div>
  <div id="progress" class="progress" aria-live="polite"></div>
</header>
<main class="layout">
  <section class="reading" aria-label="transcript">
    <div id="synthetic-note" class="synthetic-note" hidden>Synthetic transcript (written for testing, not a model output).</div>
    <section id="others" class="others" hidden aria-label="labels given so far"></section>
    <div id="transcript" class="transcript"></div>
    <div id="finished" class="finished" hidden></div>
  </section>
  <aside class="panel" aria-label="labeling">
    <div class="nav">
      <button type="button" id="back-button">← Back <kbd>b</kbd></button>
      <button type="button" id="skip-button">Skip <kbd>s</kbd></button>
    </div>
    <section>
      <h2 id="labels-heading">Label</h2>
      <div id="label-buttons" class="label-buttons"></div>
    </section>
    <section>
      <h2>Evidence</h2>
      <p class="hint">Select the sentences that justify the label; each selection is added here (or press <kbd>e</kbd>).</p>
      <ul id="evidence-list" class="evidence-list"></ul>
    </section>
    <section>
      <label for="note" class="note-label">Note <kbd>n</kbd></label>
      <textarea id="note" rows="3" placeholder="Why this label; what was hard (optional). Esc leaves the note."></textarea>
    </section>
    <p class="keys">Keys: <kbd>1</kbd>…<kbd>9</kbd> label · <kbd>s</kbd> skip · <kbd>b</kbd>/<kbd>←</kbd> back · <kbd>n</kbd> note · <kbd>e</kbd> add selection · <kbd>Esc</kbd> leave note</p>
    <details class="instructions"><summary>Rubric instructions</summary><div id="rubric-instructions" class="instructions-text"></div></details>
    <div id="status" class="status" role="status"></div>
  </aside>
</main>
</body>
</html>
`.value;
}
