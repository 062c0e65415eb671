/**
 * The WebAssembly SIMD kernels (compiled from assembly/kernels.ts) behind the Kernels interface. The operands are
 * copied into the module's memory and the results copied out: a copy is O(size) against the product's O(size·k),
 * and it keeps every tensor an ordinary Float32Array that the rest of the code (and the figures) can hold on to.
 */
import type { Kernels } from './kernel-types';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.generated';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  gemm(a: number, aRow: number, aK: number, b: number, ldb: number, c: number, ldc: number, M: number, N: number, K: number, acc: number): void;
  gemmNT(x: number, w: number, y: number, T: number, n: number, m: number): void;
  attentionForward(q: number, k: number, v: number, scores: number, probs: number, out: number, scratch: number, T: number, H: number, dq: number, dv: number, scale: number): void;
  attentionBackward(
    q: number, k: number, v: number, probs: number, dO: number, gq: number, gk: number, gv: number, want: number, scratch: number,
    T: number, H: number, dq: number, dv: number, scale: number,
  ): void;
}

/** Operands start above the first 64 KiB page, which holds the module's own constants (its exp table). */
const HEAP_START = 65536;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}

/**
 * Compiles and instantiates the kernels; rejects with a reason a reader can act on when this JavaScript engine
 * cannot (no WebAssembly, no SIMD, or a Content-Security-Policy without 'wasm-unsafe-eval').
 * @example kernels = await loadWasmKernels()
 */
export async function loadWasmKernels(): Promise<Kernels> {
  if (typeof WebAssembly === 'undefined') throw new Error('this browser has no WebAssembly');
  const bytes = decodeBase64(KERNELS_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) throw new Error("this browser's WebAssembly has no SIMD");
  const { instance } = await WebAssembly.instantiate(bytes);
  return wasmKernels(instance.exports as unknown as KernelExports);
}

function wasmKernels(ex: KernelExports): Kernels {
  let heap = new Float32Array(ex.memory.buffer);

  /** Byte offsets of consecutive 16-byte-aligned blocks of the given float counts, growing memory as needed. */
  const reserve = (...floats: number[]): number[] => {
    let at = HEAP_START;
    const offsets = floats.map((n) => {
      const off = at;
      at += Math.ceil(n / 4) * 16;
      return off;
    });
    if (at > ex.memory.buffer.byteLength) {
      ex.memory.grow(Math.ceil((at - ex.memory.buffer.byteLength) / 65536));
    }
    if (heap.buffer !== ex.memory.buffer) heap = new Float32Array(ex.memory.buffer);
    return offsets;
  };
  const put = (off: number, a: Float32Array, n: number) => heap.set(a.length === n ? a : a.subarray(0, n), off >> 2);
  const take = (off: number, a: Float32Array, n: number) => a.set(heap.subarray(off >> 2, (off >> 2) + n));

  return {
    name: 'wasm-simd',

    matmulNT(x, w, y, T, n, m) {
      const [X, W, Y] = reserve(T * n, m * n, T * m) as [number, number, number];
      put(X, x, T * n);
      put(W, w, m * n);
      ex.gemmNT(X, W, Y, T, n, m);
      take(Y, y, T * m);
    },

    matmulNNAcc(dy, w, dx, T, m, n) {
      const [DY, W, DX] = reserve(T * m, m * n, T * n) as [number, number, number];
      put(DY, dy, T * m);
      put(W, w, m * n);
      put(DX, dx, T * n);
      ex.gemm(DY, m, 1, W, n, DX, n, T, n, m, 1);
      take(DX, dx, T * n);
    },

    matmulTNAcc(dy, x, dw, T, m, n) {
      const [DY, X, DW] = reserve(T * m, T * n, m * n) as [number, number, number];
      put(DY, dy, T * m);
      put(X, x, T * n);
      put(DW, dw, m * n);
      // dYᵀ is dY read with its strides swapped: row o of dYᵀ steps by 1, its k (= t) by m.
      ex.gemm(DY, 1, m, X, n, DW, n, m, n, T, 1);
      take(DW, dw, m * n);
    },

    attentionForward(q, k, v, scores, probs, out, T, H, dq, dv, scale) {
      const nq = T * H * dq;
      const nv = T * H * dv;
      const ns = H * T * T;
      const [Q, K, V, S, P, O, scratch] = reserve(nq, nq, nv, ns, ns, nv, dq * T) as [number, number, number, number, number, number, number];
      put(Q, q, nq);
      put(K, k, nq);
      put(V, v, nv);
      ex.attentionForward(Q, K, V, S, P, O, scratch, T, H, dq, dv, scale);
      take(S, scores, ns);
      take(P, probs, ns);
      take(O, out, nv);
    },

    attentionBackward(q, k, v, probs, dO, gq, gk, gv, T, H, dq, dv, scale) {
      const nq = T * H * dq;
      const nv = T * H * dv;
      const ns = H * T * T;
      const [Q, K, V, P, DO, GQ, GK, GV, scratch] = reserve(nq, nq, nv, ns, nv, gq ? nq : 0, gk ? nq : 0, gv ? nv : 0, dv * T + 2 * T * T) as number[] as [
        number, number, number, number, number, number, number, number, number,
      ];
      put(Q, q, nq);
      put(K, k, nq);
      put(V, v, nv);
      put(P, probs, ns);
      put(DO, dO, nv);
      if (gq) put(GQ, gq, nq);
      if (gk) put(GK, gk, nq);
      if (gv) put(GV, gv, nv);
      const want = (gq ? 1 : 0) | (gk ? 2 : 0) | (gv ? 4 : 0);
      ex.attentionBackward(Q, K, V, P, DO, GQ, GK, GV, want, scratch, T, H, dq, dv, scale);
      if (gq) take(GQ, gq, nq);
      if (gk) take(GK, gk, nq);
      if (gv) take(GV, gv, nv);
    },
  };
}
