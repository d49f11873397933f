/**
 * cyrb53's mixing (public domain, bryc 2018) kept at its full 64 bits: two 32-bit lanes over the
 * UTF-16 code units, then a final avalanche. (0, 0) marks an empty slot, so it is mapped to (0, 1).
 */
export function hashId(text: string): [high: number, low: number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const high = h2 >>> 0;
  const low = h1 >>> 0;
  return [high, high === 0 && low === 0 ? 1 : low];
}
