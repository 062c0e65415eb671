/** Reads and writes safetensors files (F32, F16, BF16) with checks that name the file, the tensor and what is wrong. */
import { Tensor } from './tensor';

export type DType = 'F32' | 'F16' | 'BF16';

export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Map<string, Tensor>;
}

const SIZES: Record<DType, number> = { F32: 4, F16: 2, BF16: 2 };
const SUPPORTED = Object.keys(SIZES).join(', ');
// Other dtypes of the format, so a real but unsupported file is told apart from a corrupt one.
const OTHER_DTYPES = ['F64', 'I64', 'I32', 'I16', 'I8', 'U64', 'U32', 'U16', 'U8', 'BOOL', 'F8_E4M3', 'F8_E5M2'];
// The same limit as the reference (Rust) reader: a larger header is almost surely garbage bytes.
const MAX_HEADER = 100_000_000;

// One scratch word seen as both float and bits; both views use the platform's byte order, so they agree.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
// Own keys only: `in` would accept "constructor" or "toString" from Object.prototype.
const isDType = (d: string): d is DType => Object.hasOwn(SIZES, d);

/**
 * Parses a whole file; every tensor is converted to Float32 (F16 and BF16 widened exactly).
 * @example const { tensors, metadata } = readSafetensors(bytes, 'weights/tiny.safetensors');
 */
export function readSafetensors(bytes: Uint8Array, source = 'safetensors'): SafetensorsFile {
  const fail = (msg: string) => new Error(`${source}: ${msg}`);
  if (bytes.length < 8) throw fail(`truncated file: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Two 32-bit halves instead of getBigUint64: any high bits already mean a corrupt length.
  const headerLen = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLen > MAX_HEADER) throw fail(`header length ${headerLen} bytes is over 100 MB; the file is corrupt`);
  const after = bytes.length - 8;
  if (headerLen > after) throw fail(`truncated file: header length is ${headerLen} bytes but only ${after} bytes follow`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw fail('header is not a JSON object');

  let metadata: Record<string, string> = {};
  const entries: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const ok = typeof info === 'object' && info !== null && !Array.isArray(info);
      const strings = ok && Object.values(info).every((v) => typeof v === 'string');
      if (!strings) throw fail('__metadata__ must be an object of string values');
      metadata = Object.fromEntries(Object.entries(info as Record<string, string>));
      continue;
    }
    const bad = (msg: string) => fail(`tensor "${name}": ${msg}`);
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as Record<string, unknown>;
    if (typeof dtype !== 'string') throw bad('no dtype in the header');
    if (!isDType(dtype)) {
      const kind = OTHER_DTYPES.includes(dtype) ? 'unsupported' : 'unknown';
      throw bad(`${kind} dtype "${dtype}" (supported: ${SUPPORTED})`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) throw bad('shape must be an array of non-negative integers');
    const pair = Array.isArray(offsets) && offsets.length === 2 && offsets.every(isCount);
    if (!pair) throw bad('data_offsets must be [begin, end], two non-negative integers');
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw bad(`data_offsets [${begin}, ${end}] end before they begin`);
    const need = shape.reduce((a: number, b: number) => a * b, 1) * SIZES[dtype];
    if (end - begin !== need) {
      throw bad(`data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dtype} shape ${fmt(shape)} needs ${need}`);
    }
    entries.push({ name, dtype, shape, begin, end });
  }

  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  // Sorted by position, tensors must tile the buffer exactly: an overlap or a gap means the offsets are wrong.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const e of entries) {
    if (e.end > dataLen) {
      throw fail(`truncated file or bad offsets: tensor "${e.name}" ends at data byte ${e.end} but the data buffer has ${dataLen} bytes`);
    }
    if (e.begin < cursor) {
      throw fail(`tensor "${e.name}" overlaps tensor "${previous}" (data_offsets begin at ${e.begin}, previous ends at ${cursor})`);
    }
    if (e.begin > cursor) throw fail(`gap of ${e.begin - cursor} unused bytes before tensor "${e.name}" in the data buffer`);
    cursor = e.end;
    previous = e.name;
  }
  if (cursor < dataLen) throw fail(`${dataLen - cursor} unused bytes at the end of the data buffer`);

  const tensors = new Map<string, Tensor>();
  for (const e of entries) {
    const at = dataStart + e.begin;
    const data = new Float32Array((e.end - e.begin) / SIZES[e.dtype]);
    for (let i = 0; i < data.length; i++) {
      if (e.dtype === 'F32') data[i] = view.getFloat32(at + 4 * i, true);
      else if (e.dtype === 'F16') data[i] = float16ToFloat32(view.getUint16(at + 2 * i, true));
      else data[i] = bfloat16ToFloat32(view.getUint16(at + 2 * i, true));
    }
    tensors.set(e.name, new Tensor(e.name, e.shape, data));
  }
  return { metadata, tensors };
}

/**
 * Serialises tensors (by their .name) as F32 (default), F16 or BF16 (round-to-nearest-even), with optional
 * metadata. Tensors are laid out in name order, so the same tensors always give the same bytes.
 * @example const bytes = writeSafetensors([wq, wk], { dtype: 'BF16', metadata: { step: '100' } });
 */
export function writeSafetensors(
  tensors: Iterable<Tensor>,
  options: { dtype?: DType; metadata?: Record<string, string> } = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  if (!isDType(dtype)) throw new Error(`safetensors: unsupported dtype "${dtype}" (supported: ${SUPPORTED})`);
  const size = SIZES[dtype];
  const list = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: [string, unknown][] = options.metadata ? [['__metadata__', options.metadata]] : [];
  let offset = 0;
  list.forEach((t, i) => {
    if (t.name === '__metadata__' || t.name === list[i - 1]?.name) {
      throw new Error(`safetensors: duplicate or reserved tensor name "${t.name}"`);
    }
    entries.push([t.name, { dtype, shape: t.shape, data_offsets: [offset, offset + t.size * size] }]);
    offset += t.size * size;
  });
  // fromEntries defines own keys, so even a tensor named "__proto__" lands in the header.
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
  // Spaces pad the header so the data starts 8-byte aligned, as the reference writer does.
  const headerLen = json.length + ((8 - ((8 + json.length) % 8)) % 8);
  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen, true); // the high word stays 0: headers are far below 4 GB
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const t of list) {
    for (const x of t.data) {
      if (dtype === 'F32') view.setFloat32(at, x, true);
      else view.setUint16(at, dtype === 'F16' ? float32ToFloat16(x) : float32ToBfloat16(x), true);
      at += size;
    }
  }
  return out;
}

/**
 * Returns the named tensor after checking its shape; errors name the tensor, the expected and the actual shape, and the source.
 * @example const wq = expectTensor(file, 'layers.0.attn.wq', [D, D], path);
 */
export function expectTensor(file: SafetensorsFile, name: string, shape: readonly number[], source = 'safetensors'): Tensor {
  const t = file.tensors.get(name);
  if (!t) {
    const names = [...file.tensors.keys()];
    const more = names.length > 5 ? `, … (${names.length} in all)` : '';
    const available = names.length ? names.slice(0, 5).map((n) => `"${n}"`).join(', ') + more : 'none';
    throw new Error(`${source}: missing tensor "${name}" (available: ${available})`);
  }
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`${source}: tensor "${name}": expected shape ${fmt(shape)}, got ${fmt(t.shape)}`);
  }
  return t;
}

/**
 * Widens IEEE half-precision bits to a number, exactly (subnormals, ±Infinity and NaN included).
 * @example float16ToFloat32(0x3c00) // 1
 */
export function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/**
 * Rounds a number to half-precision bits, to nearest even; too large gives ±Infinity, NaN stays NaN.
 * The number is first rounded to float32, which tensor values already are.
 * @example float32ToFloat16(-2) // 0xc000
 */
export function float32ToFloat16(x: number): number {
  scratchF32[0] = x;
  const u = scratchU32[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  // Below the normal range the 24-bit significand is shifted into a subnormal; float32 subnormals become 0.
  const [sig, shift] = e > 0 ? [mant, 13] : [mant | 0x800000, 14 - e];
  if (shift > 24) return sign;
  const half = 2 ** (shift - 1);
  const rest = sig % (2 * half);
  let m = Math.floor(sig / (2 * half));
  if (rest > half || (rest === half && m & 1)) m++;
  // A carry out of the mantissa correctly bumps the exponent (and 65520 and above become Infinity).
  return sign | (e > 0 ? (e << 10) + m : m);
}

/**
 * Widens bfloat16 bits to a number, exactly: they are the top half of a float32.
 * @example bfloat16ToFloat32(0x3f80) // 1
 */
export function bfloat16ToFloat32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0]!;
}

/**
 * Rounds a number to bfloat16 bits, to nearest even; NaN stays NaN.
 * @example float32ToBfloat16(1) // 0x3f80
 */
export function float32ToBfloat16(x: number): number {
  scratchF32[0] = x;
  const u = scratchU32[0]!;
  // Truncating a NaN's mantissa could leave Infinity, so keep it a (quiet) NaN.
  if ((u & 0x7fffffff) > 0x7f800000) return (u >>> 16) | 0x40;
  return (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
}
