/** Rows of a sparse matrix in compressed-sparse-row form: row i's entries are at [offsets[i], offsets[i+1]). */
export interface SparseRows {
  offsets: Int32Array;
  columns: Int32Array;
  values: Float64Array;
  /** Number of columns (features). */
  width: number;
}

export interface SparseVector {
  columns: Int32Array;
  values: Float64Array;
}

export function rowCount(rows: SparseRows): number {
  return rows.offsets.length - 1;
}

/** Stacks sparse vectors into rows. */
export function stackRows(vectors: readonly SparseVector[], width: number): SparseRows {
  const offsets = new Int32Array(vectors.length + 1);
  let total = 0;
  vectors.forEach((vector, i) => {
    total += vector.columns.length;
    offsets[i + 1] = total;
  });
  const columns = new Int32Array(total);
  const values = new Float64Array(total);
  vectors.forEach((vector, i) => {
    columns.set(vector.columns, offsets[i]!);
    values.set(vector.values, offsets[i]!);
  });
  return { offsets, columns, values, width };
}

/** The rows at `indices`, in that order. */
export function selectRows(rows: SparseRows, indices: ArrayLike<number>): SparseRows {
  const offsets = new Int32Array(indices.length + 1);
  let total = 0;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    total += rows.offsets[row + 1]! - rows.offsets[row]!;
    offsets[i + 1] = total;
  }
  const columns = new Int32Array(total);
  const values = new Float64Array(total);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    columns.set(rows.columns.subarray(rows.offsets[row]!, rows.offsets[row + 1]!), offsets[i]!);
    values.set(rows.values.subarray(rows.offsets[row]!, rows.offsets[row + 1]!), offsets[i]!);
  }
  return { offsets, columns, values, width: rows.width };
}
