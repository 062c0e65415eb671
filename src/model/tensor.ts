/** Tensors for the model: a Float32Array with a shape and a name, and shape checks that say which tensor was wrong. */

import { allocFloats } from './tensor-memory';

export type Shape = readonly number[];

export class Tensor {
  readonly data: Float32Array;
  readonly shape: Shape;
  readonly name: string;
  /** d(loss)/d(this), filled by a Tape's backward pass; undefined until something flows into it. */
  grad: Float32Array | undefined;
  /** True for parameters and for any value computed from one: only these get backward steps. */
  requiresGrad = false;

  /**
   * @example new Tensor('x', [2, 3], new Float32Array(6))
   */
  constructor(name: string, shape: Shape, data?: Float32Array) {
    // Plain loops: every op makes tensors, and this check runs for each of them.
    let size = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (!Number.isInteger(d) || d < 0) throw new Error(`tensor "${name}": shape [${shape.join(', ')}] must be non-negative integers`);
      size *= d;
    }
    if (data && data.length !== size) {
      throw new Error(`tensor "${name}": shape [${shape.join(', ')}] needs ${size} values, got ${data.length}`);
    }
    this.name = name;
    this.shape = shape.slice();
    this.data = data ?? allocFloats(size);
  }

  get size(): number {
    return this.data.length;
  }

  /** Row r of a 2-D tensor, as a view (no copy). */
  row(r: number): Float32Array {
    const [rows, cols] = matrixDims(this);
    if (r < 0 || r >= rows) throw new Error(`tensor "${this.name}": row ${r} is outside 0..${rows - 1}`);
    return this.data.subarray(r * cols, (r + 1) * cols);
  }

  /** Element (r, c) of a 2-D tensor. */
  at(r: number, c: number): number {
    const cols = matrixDims(this)[1];
    return this.data[r * cols + c]!;
  }

  /** Nested arrays, for printing and JSON. */
  toRows(): number[][] {
    const [rows] = matrixDims(this);
    return Array.from({ length: rows }, (_, r) => Array.from(this.row(r)));
  }

  /** A copy under another name: traces keep their own copies so later in-place work cannot change them. */
  clone(name = this.name): Tensor {
    return new Tensor(name, this.shape, this.data.slice());
  }
}

/**
 * Asserts a tensor's rank and returns its dimensions.
 * @example const [T, D] = expectRank(x, 2);
 */
export function expectRank(t: Tensor, rank: number): number[] {
  if (t.shape.length !== rank) {
    throw new Error(`tensor "${t.name}": expected ${rank} dimensions, got ${t.shape.length} ([${t.shape.join(', ')}])`);
  }
  return [...t.shape];
}

/**
 * Asserts a tensor is a matrix and returns its rows and columns.
 * @example const [T, D] = matrixDims(x);
 */
export function matrixDims(t: Tensor): [rows: number, cols: number] {
  const [rows, cols] = expectRank(t, 2);
  return [rows!, cols!];
}

/**
 * Asserts an exact shape; `-1` matches any size in that position.
 * @example expectShape(w, [D, -1]);
 */
export function expectShape(t: Tensor, shape: Shape): void {
  const ok = t.shape.length === shape.length && shape.every((d, i) => d === -1 || d === t.shape[i]);
  if (!ok) {
    const want = shape.map((d) => (d === -1 ? '*' : String(d))).join(', ');
    throw new Error(`tensor "${t.name}": expected shape [${want}], got [${t.shape.join(', ')}]`);
  }
}

/** Builds a named 2-D tensor from nested rows (tests and small examples). */
export function fromRows(name: string, rows: readonly (readonly number[])[]): Tensor {
  const cols = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`tensor "${name}": row ${i} has ${r.length} values, row 0 has ${cols}`);
  });
  return new Tensor(name, [rows.length, cols], Float32Array.from(rows.flat()));
}
