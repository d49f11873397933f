/**
 * The given keys of an object, leaving out those whose value is undefined: how an options object is
 * passed on to a call whose optional properties must be absent rather than set to undefined (the
 * one helper for what would otherwise be a conditional spread per property).
 */
export function pickDefined<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
