// @ts-check
/**
 * The labeling page's script, served as /app.js exactly as it is in this file: plain browser
 * JavaScript, type-checked by `tsc -p tsconfig.page.json` (DOM lib, `@ts-check`), shipped with no
 * bundler and no network (the build copies it into dist). Rules it keeps:
 *  - data from the server (transcripts, labels, notes) is only ever put in place with textContent
 *    or as text nodes, never parsed as markup, so a transcript containing markup renders inert
 *    (test/annotate/annotate-script.test.ts forbids the markup-parsing APIs in this file);
 *  - every request carries the session token from the page's meta tag;
 *  - actions (label, skip, back) run one after another through a queue, so fast typing never
 *    labels the wrong item.
 */
'use strict';
(function () {
  var tokenMeta = document.querySelector('meta[name="tgrade-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute('content') : '';
  var byId = function (id) { return document.getElementById(id); };
  /** The note field. */
  var noteBox = function () { return /** @type {HTMLTextAreaElement} */ (byId('note')); };
  var state = { session: null, index: 0, item: null, text: '', evidence: [], otherEvidence: [], done: new Set() };
  var queue = Promise.resolve();

  function enqueue(action) {
    queue = queue.then(action).catch(function (error) { showStatus(String(error && error.message ? error.message : error), true); });
    return queue;
  }

  async function api(path, body) {
    /** @type {Record<string, string>} */
    var headers = { 'X-Tgrade-Token': token || '' };
    /** @type {RequestInit} */
    var init = { method: body === undefined ? 'GET' : 'POST', headers: headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    var response = await fetch(path, init);
    var data = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(data.error || ('HTTP ' + response.status));
    return data;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function showStatus(message, isError) {
    var status = byId('status');
    status.textContent = message;
    status.classList.toggle('error', Boolean(isError));
  }

  function labelKey(index) { return index < 9 ? String(index + 1) : ''; }

  function renderLabelButtons() {
    var container = byId('label-buttons');
    container.replaceChildren();
    state.session.rubric.labels.forEach(function (label, index) {
      var button = el('button', 'label-button');
      button.type = 'button';
      button.dataset.label = label.name;
      var head = el('span', 'label-head');
      var key = labelKey(index);
      if (key) { head.appendChild(el('kbd', '', key)); head.appendChild(document.createTextNode(' ')); }
      head.appendChild(el('span', 'label-name', label.name));
      button.appendChild(head);
      button.appendChild(el('span', 'label-definition', label.definition));
      button.addEventListener('click', function () { enqueue(function () { return choose(label.name); }); });
      container.appendChild(button);
    });
  }

  function covers(ranges, start, end) {
    return ranges.some(function (range) { return range.start <= start && end <= range.end; });
  }

  function fillSegmentText(container, segment) {
    container.replaceChildren();
    var cuts = [segment.start, segment.end];
    state.evidence.concat(state.otherEvidence).forEach(function (range) {
      if (range.end <= segment.start || range.start >= segment.end) return;
      cuts.push(Math.max(range.start, segment.start), Math.min(range.end, segment.end));
    });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = segment.text.slice(a - segment.start, b - segment.start);
      var own = covers(state.evidence, a, b);
      var other = covers(state.otherEvidence, a, b);
      if (!own && !other) { container.appendChild(document.createTextNode(piece)); continue; }
      var mark = el('mark', (own ? 'evidence' : '') + (other ? ' other-evidence' : ''), piece);
      container.appendChild(mark);
    }
  }

  function segmentHeading(segment) {
    if (segment.kind === 'scratchpad') return 'Scratchpad ' + segment.number;
    if (segment.kind === 'action') return 'Action ' + segment.number + (segment.tool ? ' · ' + segment.tool : '') + (segment.failed ? ' · failed' : '');
    if (segment.kind === 'output') return 'Output';
    if (segment.kind === 'answer') return 'Answer';
    return '';
  }

  function renderTranscript() {
    var container = byId('transcript');
    container.replaceChildren();
    state.item.segments.forEach(function (segment) {
      var box = el('div', 'segment ' + segment.kind + (segment.failed ? ' failed' : '') + (segment.blank || segment.markup ? ' blank' : ''));
      var heading = segmentHeading(segment);
      if (heading) box.appendChild(el('div', 'segment-head', heading));
      var text = el('div', 'segment-text');
      text.dataset.start = String(segment.start);
      text.dataset.end = String(segment.end);
      fillSegmentText(text, segment);
      box.appendChild(text);
      container.appendChild(box);
    });
  }

  function refreshHighlights() {
    var texts = document.querySelectorAll('#transcript .segment-text');
    state.item.segments.forEach(function (segment, index) { fillSegmentText(texts[index], segment); });
    renderEvidenceList();
  }

  function renderEvidenceList() {
    var list = byId('evidence-list');
    list.replaceChildren();
    state.evidence.forEach(function (range, index) {
      var item = el('li');
      item.appendChild(el('span', 'quote', state.text.slice(range.start, range.end)));
      var remove = el('button', '', '×');
      remove.type = 'button';
      remove.title = 'Remove this evidence';
      remove.addEventListener('click', function () { state.evidence.splice(index, 1); refreshHighlights(); });
      item.appendChild(remove);
      list.appendChild(item);
    });
    if (state.evidence.length === 0) list.appendChild(el('li', 'hint', 'No evidence selected.'));
  }

  function partyCell(row, text, className) { row.appendChild(el('td', className || '', text)); }

  function renderOthers() {
    var box = byId('others');
    box.replaceChildren();
    var item = state.item;
    if (state.session.mode !== 'adjudicate') { box.hidden = true; return; }
    box.hidden = false;
    var parties = (item.ratings || []).map(function (rating) {
      return { name: rating.rater, kind: 'rater, ' + rating.kind, label: rating.label, note: rating.note || '', quotes: rating.evidence.map(function (e) { return e.quote; }) };
    }).concat((item.graders || []).map(function (result) {
      var label = result.status === 'ok' ? result.label : result.status;
      var extra = [];
      if (result.confidence !== undefined) extra.push('confidence ' + result.confidence);
      if (result.flags && result.flags.length) extra.push('flags: ' + result.flags.join(', '));
      if (result.reason) extra.push(result.reason);
      if (result.error) extra.push(result.error);
      return { name: result.grader, kind: 'grader', label: label, note: extra.join('; '), quotes: result.evidence.map(function (e) { return e.quote; }) };
    }));
    box.appendChild(el('h2', '', 'Labels so far'));
    var table = el('table');
    var head = el('tr');
    head.appendChild(el('th', '', ''));
    parties.forEach(function (party) {
      var th = el('th', '', party.name);
      th.appendChild(el('span', 'party-kind', party.kind));
      head.appendChild(th);
    });
    table.appendChild(head);
    var labelRow = el('tr'); labelRow.appendChild(el('th', '', 'label'));
    parties.forEach(function (party) { partyCell(labelRow, party.label, 'label-cell'); });
    var noteRow = el('tr'); noteRow.appendChild(el('th', '', 'note'));
    parties.forEach(function (party) { partyCell(noteRow, party.note); });
    var evidenceRow = el('tr'); evidenceRow.appendChild(el('th', '', 'evidence'));
    parties.forEach(function (party) {
      var cell = el('td');
      var list = el('ul', 'quote-list');
      party.quotes.forEach(function (quote) { list.appendChild(el('li', '', quote)); });
      cell.appendChild(list);
      evidenceRow.appendChild(cell);
    });
    table.appendChild(labelRow); table.appendChild(noteRow); table.appendChild(evidenceRow);
    box.appendChild(table);
    if (item.own) box.appendChild(el('p', 'decision', 'Decided so far: ' + item.own.label + ' (by ' + item.own.rater + '). Choosing again records a new decision.'));
  }

  function renderProgress() {
    var total = state.session.items.length;
    var noun = state.session.mode === 'adjudicate' ? 'decided' : 'rated';
    var where = state.index < total ? 'item ' + (state.index + 1) + ' of ' + total + ' · ' : '';
    byId('progress').textContent = where + state.done.size + ' ' + noun;
  }

  function renderItem() {
    var item = state.item;
    byId('finished').hidden = true;
    byId('transcript').hidden = false;
    byId('item-title').textContent = item.id;
    byId('synthetic-note').hidden = !item.synthetic;
    state.text = item.segments.map(function (segment) { return segment.text; }).join('');
    state.otherEvidence = [];
    (item.ratings || []).forEach(function (rating) { state.otherEvidence = state.otherEvidence.concat(rating.evidence); });
    (item.graders || []).forEach(function (result) {
      result.evidence.forEach(function (e) { if (e.start !== null && e.end !== null) state.otherEvidence.push(e); });
    });
    renderTranscript();
    renderEvidenceList();
    renderOthers();
    document.querySelectorAll('.label-button').forEach(function (/** @type {HTMLElement} */ button) {
      button.classList.toggle('chosen', Boolean(item.own && item.own.label === button.dataset.label));
    });
    renderProgress();
    byId('transcript').closest('.reading').scrollTop = 0;
  }

  function firstOpen() {
    var items = state.session.items;
    for (var i = 0; i < items.length; i++) if (!state.done.has(items[i])) return i;
    return items.length;
  }

  function nextOpenAfter(index) {
    var items = state.session.items;
    for (var i = index + 1; i < items.length; i++) if (!state.done.has(items[i])) return i;
    return items.length;
  }

  function showFinished() {
    state.item = null;
    var total = state.session.items.length;
    var open = total - state.done.size;
    byId('transcript').hidden = true;
    byId('others').hidden = true;
    byId('synthetic-note').hidden = true;
    byId('item-title').textContent = '';
    var box = byId('finished');
    box.hidden = false;
    box.replaceChildren();
    var noun = state.session.mode === 'adjudicate' ? 'decided' : 'rated';
    if (total === 0) box.appendChild(el('p', '', state.session.mode === 'adjudicate' ? 'No item is in dispute: nothing to adjudicate.' : 'The gold set has no transcripts.'));
    else if (open === 0) box.appendChild(el('p', '', 'All ' + total + ' items ' + noun + '. Thank you. You can close this tab; every label is already saved.'));
    else box.appendChild(el('p', '', (total - open) + ' of ' + total + ' items ' + noun + '; ' + open + ' skipped. Press u to go to the first one left, b to go back.'));
    renderProgress();
  }

  async function open(index) {
    var items = state.session.items;
    state.index = Math.max(0, Math.min(index, items.length));
    if (state.index >= items.length) { showFinished(); return; }
    state.item = await api('/api/item?id=' + encodeURIComponent(items[state.index]));
    state.evidence = state.item.own ? state.item.own.evidence.map(function (e) { return { start: e.start, end: e.end }; }) : [];
    noteBox().value = state.item.own && state.item.own.note ? state.item.own.note : '';
    renderItem();
  }

  async function choose(label) {
    if (!state.item) return;
    var item = state.item.id;
    var result = await api('/api/rating', { item: item, label: label, note: noteBox().value, evidence: state.evidence });
    state.done = new Set(result.done);
    showStatus('Saved ' + label + ' for ' + item + '.');
    await open(nextOpenAfter(state.index));
  }

  function boundaryOffset(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return Number(container.dataset.start) + range.toString().length;
  }

  function selectedRange() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var containers = Array.from(/** @type {NodeListOf<HTMLDivElement>} */ (document.querySelectorAll('#transcript .segment-text'))).filter(function (container) { return range.intersectsNode(container); });
    if (containers.length === 0) return null;
    var first = containers[0];
    var last = containers[containers.length - 1];
    var start = first.contains(range.startContainer) ? boundaryOffset(first, range.startContainer, range.startOffset) : Number(first.dataset.start);
    var end = last.contains(range.endContainer) ? boundaryOffset(last, range.endContainer, range.endOffset) : Number(last.dataset.end);
    while (start < end && /\s/.test(state.text.charAt(start))) start++;
    while (end > start && /\s/.test(state.text.charAt(end - 1))) end--;
    return end > start ? { start: start, end: end } : null;
  }

  function addSelection() {
    if (!state.item) return;
    var range = selectedRange();
    if (!range) return;
    var merged = { start: range.start, end: range.end };
    state.evidence = state.evidence.filter(function (other) {
      var overlaps = other.start <= merged.end && merged.start <= other.end;
      if (overlaps) { merged.start = Math.min(merged.start, other.start); merged.end = Math.max(merged.end, other.end); }
      return !overlaps;
    });
    state.evidence.push(merged);
    state.evidence.sort(function (a, b) { return a.start - b.start; });
    window.getSelection().removeAllRanges();
    refreshHighlights();
  }

  function bindEvents() {
    byId('back-button').addEventListener('click', function () { enqueue(function () { return open(state.index - 1); }); });
    byId('skip-button').addEventListener('click', function () { enqueue(function () { return open(state.index + 1); }); });
    byId('transcript').addEventListener('mouseup', function () { setTimeout(addSelection, 0); });
    document.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = /** @type {HTMLElement | null} */ (event.target);
      if (target && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT')) {
        if (event.key === 'Escape') { target.blur(); event.preventDefault(); }
        return;
      }
      var key = event.key;
      if (/^[1-9]$/.test(key)) {
        var label = state.session.rubric.labels[Number(key) - 1];
        if (label) { event.preventDefault(); enqueue(function () { return choose(label.name); }); }
      } else if (key === 's') {
        event.preventDefault(); enqueue(function () { return open(state.index + 1); });
      } else if (key === 'b' || key === 'ArrowLeft') {
        event.preventDefault(); enqueue(function () { return open(state.index - 1); });
      } else if (key === 'u') {
        event.preventDefault(); enqueue(function () { return open(firstOpen()); });
      } else if (key === 'n') {
        event.preventDefault(); byId('note').focus();
      } else if (key === 'e') {
        event.preventDefault(); addSelection();
      }
    });
  }

  async function start() {
    var session = await api('/api/session');
    state.session = session;
    state.done = new Set(session.done);
    byId('mode-badge').textContent = session.mode === 'adjudicate' ? 'adjudication' : 'blind rating';
    byId('rater-name').textContent = session.rater + ' (' + (session.raterKind === 'undeclared' ? 'not declared in gold.yaml' : session.raterKind) + ')';
    byId('labels-heading').textContent = session.mode === 'adjudicate' ? 'Decision · rubric ' + session.rubric.id : 'Label · rubric ' + session.rubric.id;
    byId('rubric-instructions').textContent = session.rubric.instructions;
    renderLabelButtons();
    bindEvents();
    await open(session.start);
    document.body.dataset.ready = 'true';
  }

  enqueue(start);
})();
