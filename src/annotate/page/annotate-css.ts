/** The labeling page's stylesheet, served as /app.css (the CSP allows no inline style). */
export const ANNOTATE_STYLESHEET = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dde6; --paper: #fbfbfd; --accent: #2f5fd0;
  --scratch: #eef3ff; --scratch-line: #6d8fe8; --action: #fff6e8; --action-line: #d98a1c; --answer: #eefaf0; --answer-line: #3f9d57;
  --mark: #ffe066; --other-mark: #d9c7ff; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); display: flex; flex-direction: column; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; }
.topbar { display: flex; gap: 16px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--line); background: #fff; }
.brand { white-space: nowrap; }
.badge { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; padding: 1px 6px; border-radius: 4px; background: #e6ebf5; color: var(--muted); }
body[data-mode="adjudicate"] .badge { background: #ffe2cc; color: #8a3b00; }
.item-title { flex: 1; font: 13px ui-monospace, monospace; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.progress { white-space: nowrap; color: var(--muted); }
.layout { flex: 1; display: grid; grid-template-columns: minmax(0, 1fr) 380px; min-height: 0; }
.reading { overflow-y: auto; padding: 16px 24px 64px; }
.transcript { max-width: 80ch; margin: 0 auto; }
.synthetic-note { max-width: 80ch; margin: 0 auto 12px; font-size: 13px; color: #8a5a00; background: #fff4d6; border: 1px solid #f0d890; border-radius: 6px; padding: 4px 10px; }
.segment { margin: 0 0 12px; border-radius: 6px; }
.segment-head { font-size: 12px; font-weight: 600; letter-spacing: .03em; text-transform: uppercase; color: var(--muted); padding: 4px 10px 0; user-select: none; }
.segment-text { white-space: pre-wrap; overflow-wrap: anywhere; padding: 4px 10px 8px; }
.segment.context { color: var(--muted); font-size: 13px; }
.segment.context .segment-text { padding: 0 10px; }
.segment.scratchpad { background: var(--scratch); border-left: 4px solid var(--scratch-line); }
.segment.action { background: var(--action); border-left: 4px solid var(--action-line); margin-bottom: 0; border-bottom-left-radius: 0; border-bottom-right-radius: 0; }
.segment.action .segment-text, .segment.output .segment-text { font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, monospace; }
.segment.output { background: #f4f4f6; border-left: 4px solid #b9bec9; border-top-left-radius: 0; border-top-right-radius: 0; color: #3b4150; }
.segment.action.failed { border-left-color: #c0392b; }
.segment.answer { background: var(--answer); border-left: 4px solid var(--answer-line); }
.segment.blank { display: none; }
mark.evidence { background: var(--mark); color: inherit; border-radius: 2px; }
mark.other-evidence { background: var(--other-mark); color: inherit; border-radius: 2px; }
mark.evidence.other-evidence { background: linear-gradient(var(--mark), var(--other-mark)); }
.panel { border-left: 1px solid var(--line); background: #fff; overflow-y: auto; padding: 12px 16px 24px; }
.panel h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 8px 0 6px; }
.label-buttons { display: flex; flex-direction: column; gap: 6px; }
.label-button { text-align: left; font: inherit; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; cursor: pointer; }
.label-button:hover, .label-button:focus-visible { border-color: var(--accent); outline: none; }
.label-button.chosen { border-color: var(--accent); background: #eaf0ff; box-shadow: inset 3px 0 0 var(--accent); }
.label-name { font-weight: 600; }
.label-definition { display: block; font-size: 12.5px; line-height: 1.4; color: var(--muted); margin-top: 2px; }
.hint { font-size: 12.5px; color: var(--muted); margin: 0 0 6px; }
.evidence-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.evidence-list li { display: flex; gap: 6px; align-items: flex-start; font-size: 13px; background: #fffbe0; border: 1px solid #f1e3a0; border-radius: 6px; padding: 3px 6px; }
.evidence-list .quote { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence-list li.hint { background: none; border: none; padding: 0; }
.evidence-list button { border: none; background: none; cursor: pointer; color: var(--muted); font-size: 14px; }
.note-label kbd { text-transform: none; }
.note-label { display: block; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 12px 0 4px; }
textarea { width: 100%; font: inherit; font-size: 14px; border: 1px solid var(--line); border-radius: 6px; padding: 6px; resize: vertical; }
.nav { display: flex; gap: 8px; margin: 4px 0 8px; }
.nav button { flex: 1; font: inherit; padding: 6px; border-radius: 6px; border: 1px solid var(--line); background: #f6f7fa; cursor: pointer; }
.keys { font-size: 12px; color: var(--muted); }
.instructions summary { cursor: pointer; font-size: 13px; color: var(--muted); }
.instructions-text { white-space: pre-wrap; font-size: 13px; }
.status { min-height: 1.5em; font-size: 13px; margin-top: 8px; }
.status.error { color: #b00020; }
.finished { max-width: 60ch; margin: 40px auto; font-size: 16px; }
.others { max-width: 80ch; margin: 0 auto 16px; overflow-x: auto; }
.others table { border-collapse: collapse; width: 100%; font-size: 13px; }
.others h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 6px; }
.others th, .others td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; white-space: pre-wrap; overflow-wrap: break-word; }
.others tr > th:first-child { white-space: nowrap; width: 1%; }
.others th { background: #f3f5f9; font-weight: 600; }
.others .party-kind { display: block; font-weight: 400; color: var(--muted); font-size: 11.5px; }
.others .label-cell { font-weight: 600; }
.others .quote-list { margin: 0; padding-left: 16px; }
.decision { font-size: 13px; color: #8a3b00; margin: 4px 0 0; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } .panel { border-left: none; border-top: 1px solid var(--line); } }
`;
