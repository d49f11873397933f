/** Counts input shapes a reader did not read, by a description of the shape, so each is reported once. */
export class UnreadTally {
  private readonly counts = new Map<string, number>();

  add(shape: string, count = 1): void {
    this.counts.set(shape, (this.counts.get(shape) ?? 0) + count);
  }

  addAll(shapes: Readonly<Record<string, number>> | undefined): void {
    if (shapes === undefined) return;
    for (const [shape, count] of Object.entries(shapes)) this.add(shape, count);
  }

  get size(): number {
    return this.counts.size;
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** "12 × content block of type 'x'" lines, most frequent first. */
export function describeUnread(shapes: Readonly<Record<string, number>>): string[] {
  return Object.entries(shapes)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([shape, count]) => `${count} × ${shape} not read`);
}
