/** The report's stylesheet, inlined in the HTML so the file opens anywhere with no network. */
export const REPORT_STYLESHEET = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d8dde6; --paper: #ffffff; --accent: #2f5fd0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 24px 64px; }
header.report-head { background: var(--paper); border-bottom: 1px solid var(--line); }
header.report-head .inner { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); font-size: 13px; margin: 0; overflow-wrap: anywhere; }
.banner { margin: 12px 0 0; padding: 6px 12px; border-radius: 6px; font-size: 14px; }
.banner.synthetic { background: #fff4d6; border: 1px solid #f0d890; color: #6b4a00; }
.banner.warning { background: #fdecea; border: 1px solid #f3b9b2; color: #7a1c12; }
nav.toc { font-size: 14px; margin-top: 8px; }
nav.toc a { margin-right: 14px; color: var(--accent); }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; margin: 6px 0; }
th, td { border-bottom: 1px solid #e8ebf1; padding: 4px 10px; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12.5px; text-transform: uppercase; letter-spacing: .03em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ci { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--muted); }
.plots { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
figure { margin: 0; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; max-width: 420px; }
.chip { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; margin: 0 4px 4px 0; background: #eef1f6; }
.chip.disagreement { background: #ffe2cc; color: #8a3b00; }
.chip.promptInjection { background: #fdecea; color: #9b1c1c; }
.chip.unverifiedEvidence { background: #fff4d6; color: #6b4a00; }
.chip.error { background: #e9e3f7; color: #4b2a85; }
article.flagged { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; margin: 14px 0; }
article.flagged h3 { margin-top: 4px; font-family: ui-monospace, monospace; }
.quotes { margin: 0; padding-left: 18px; }
.quotes li { white-space: pre-wrap; overflow-wrap: anywhere; }
details > summary { cursor: pointer; color: var(--accent); font-size: 14px; margin: 6px 0; }
.transcript { max-height: 36em; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fbfbfd; }
.segment { margin: 0 0 8px; border-radius: 4px; }
.segment-head { font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); padding: 2px 8px 0; }
.segment-text { white-space: pre-wrap; overflow-wrap: anywhere; padding: 2px 8px 6px; }
.segment.context { color: var(--muted); font-size: 13px; }
.segment.scratchpad { background: #eef3ff; border-left: 4px solid #6d8fe8; }
.segment.action { background: #fff6e8; border-left: 4px solid #d98a1c; margin-bottom: 0; }
.segment.action .segment-text, .segment.output .segment-text { font: 13px/1.45 ui-monospace, Menlo, monospace; }
.segment.output { background: #f4f4f6; border-left: 4px solid #b9bec9; }
.segment.action.failed { border-left-color: #c0392b; }
.segment.answer { background: #eefaf0; border-left: 4px solid #3f9d57; }
.segment.blank { display: none; }
mark { border-radius: 2px; color: inherit; padding: 0 1px; }
mark.source-0 { background: #ffe066; }
mark.source-1 { background: #b2f2bb; }
mark.source-2 { background: #d0bfff; }
mark.source-3 { background: #ffc9c9; }
mark.several { outline: 2px solid #1d2330; outline-offset: -1px; }
.legend { font-size: 13px; color: var(--muted); }
.legend mark { margin-right: 6px; }
.unlocated { font-size: 13px; color: #7a1c12; }
ul.warnings { font-size: 13px; color: #7a1c12; }
@media print { body { background: #fff; } .transcript { max-height: none; overflow: visible; } }
`;
