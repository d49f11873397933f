// The escaping lives with the other input-quoting rules (src/quote-input.ts), used by every reader.
export { escapeControls, quoted } from '../quote-input.js';
