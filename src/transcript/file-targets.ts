/**
 * Finds the file paths an action names. Deliberately generous: a path-like token anywhere in the
 * command counts (arguments, redirections, paths inside `python -c '…'` strings), because the
 * graders downstream decide what was read or written; missing a target is worse than one too many.
 * A token counts when it has an extension, two or more segments after a `/`, or starts with
 * `./`, `../` or `~/` (so `rm -rf ./tests/` names its folder).
 */
const PATH_TOKEN =
  /(?:^|[\s'"=(<>|;,:`])((?:~|\.{1,2})?\/?(?:[\w.@+-]+\/)*[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,5}|(?:~|\.{1,2})?\/[\w.@+-]+(?:\/[\w.@+-]+)+\/?|(?:~|\.{1,2})\/[\w.@+-]+\/?)(?=$|[\s'"),;<>|:`])/g;

const PATH_KEYS = new Set(['path', 'file', 'file_path', 'filepath', 'filename', 'target', 'target_file', 'dest', 'destination', 'source', 'src']);

export function fileTargetsOfCommand(command: string): string[] {
  const found: string[] = [];
  // An exec loop on the shared pattern: matchAll copies the RegExp on every call.
  PATH_TOKEN.lastIndex = 0;
  for (let match = PATH_TOKEN.exec(command); match !== null; match = PATH_TOKEN.exec(command)) {
    const token = match[1];
    if (token === undefined || /^\d+(\.\d+)*$/.test(token) || token.includes('://')) continue;
    if (!found.includes(token)) found.push(token);
  }
  return found;
}

/** Targets of a tool call: path-like input fields first, then whatever the rest of the input names. */
export function fileTargetsOfToolInput(input: unknown): string[] {
  const found: string[] = [];
  const add = (path: string) => {
    if (path !== '' && !found.includes(path)) found.push(path);
  };
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    for (const [key, value] of Object.entries(input)) {
      if (PATH_KEYS.has(key.toLowerCase()) && typeof value === 'string') add(value);
    }
  }
  const text = typeof input === 'string' ? input : JSON.stringify(input ?? '');
  for (const path of fileTargetsOfCommand(text)) add(path);
  return found;
}
