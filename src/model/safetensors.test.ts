import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  expectTensor,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
  readSafetensors,
  writeSafetensors,
} from './safetensors';
import { Tensor } from './tensor';
import { seededNormal } from './random';

/** A file built by hand: 8-byte little-endian length, the header as given (no padding), then the data bytes. */
function build(header: string | object, data: number[] | Uint8Array = [], lengthOverride?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, lengthOverride ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32Bytes = (values: number[]) => {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
};

const randomTensor = (name: string, shape: number[], seed: number) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const rand = seededNormal(seed);
  return new Tensor(name, shape, Float32Array.from({ length: size }, () => rand() * 3));
};

describe('float16 and bfloat16 bits (checked by hand)', () => {
  it('converts known half-precision patterns both ways', () => {
    const cases: [number, number][] = [
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest finite half
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [3 * 2 ** -24, 0x0003],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [0, 0x0000],
    ];
    for (const [x, bits] of cases) {
      expect(float32ToFloat16(x)).toBe(bits);
      expect(float16ToFloat32(bits)).toBe(x);
    }
    expect(Object.is(float16ToFloat32(0x8000), -0)).toBe(true);
    expect(float32ToFloat16(-0)).toBe(0x8000);
  });

  it('rounds half precision to nearest even, overflows to Infinity and keeps NaN', () => {
    expect(float32ToFloat16(1 + 2 ** -11)).toBe(0x3c00); // tie between 1 and 1+2^-10: even is 1
    expect(float32ToFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: rounds up to the even mantissa
    expect(float32ToFloat16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(float32ToFloat16(65519)).toBe(0x7bff);
    expect(float32ToFloat16(65520)).toBe(0x7c00); // the tie above the largest half goes to Infinity
    expect(float32ToFloat16(1e6)).toBe(0x7c00);
    expect(float32ToFloat16(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(float32ToFloat16(3 * 2 ** -25)).toBe(0x0002); // tie between subnormals 1 and 2
    expect(float32ToFloat16(2 ** -14 - 2 ** -25)).toBe(0x0400); // subnormal rounding carries into the normals
    expect(float32ToFloat16(1e-10)).toBe(0x0000);
    expect(Number.isNaN(float16ToFloat32(float32ToFloat16(NaN)))).toBe(true);
    expect(Number.isNaN(float16ToFloat32(0x7e00))).toBe(true);
  });

  it('converts known bfloat16 patterns, rounding ties to even', () => {
    expect(float32ToBfloat16(1)).toBe(0x3f80);
    expect(float32ToBfloat16(-2)).toBe(0xc000);
    expect(bfloat16ToFloat32(0x3f80)).toBe(1);
    expect(bfloat16ToFloat32(0xc000)).toBe(-2);
    expect(float32ToBfloat16(1 + 2 ** -8)).toBe(0x3f80); // tie between 1 and 1+2^-7: even is 1
    expect(float32ToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie: rounds up to the even mantissa
    expect(float32ToBfloat16(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81); // just above the tie
    expect(float32ToBfloat16(Infinity)).toBe(0x7f80);
    expect(float32ToBfloat16(3.4e38)).toBe(0x7f80); // rounds past the largest bfloat16
    expect(Number.isNaN(bfloat16ToFloat32(float32ToBfloat16(NaN)))).toBe(true);
  });
});

describe('writeSafetensors / readSafetensors round trips', () => {
  const a = randomTensor('b.weight', [4, 3], 1);
  const b = randomTensor('a.bias', [5], 2);
  const scalar = new Tensor('c.scale', [], Float32Array.of(0.125));

  it('round-trips F32 exactly, with metadata, laid out in name order', () => {
    const bytes = writeSafetensors([a, b, scalar], { metadata: { format: 'pt', step: '7' } });
    const file = readSafetensors(bytes);
    expect(file.metadata).toEqual({ format: 'pt', step: '7' });
    expect([...file.tensors.keys()]).toEqual(['a.bias', 'b.weight', 'c.scale']);
    for (const t of [a, b, scalar]) {
      const got = file.tensors.get(t.name)!;
      expect(got.shape).toEqual(t.shape);
      expect(got.data).toEqual(t.data);
    }
    const headerLen = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
    expect(header['a.bias'].data_offsets).toEqual([0, 20]);
    expect(header['b.weight'].data_offsets).toEqual([20, 68]);
  });

  it('round-trips F16 and BF16 within their precision', () => {
    for (const [dtype, rel] of [['F16', 2 ** -11], ['BF16', 2 ** -8]] as const) {
      const file = readSafetensors(writeSafetensors([a, b], { dtype }));
      for (const t of [a, b]) {
        const got = file.tensors.get(t.name)!;
        expect(got.shape).toEqual(t.shape);
        t.data.forEach((x, i) => expect(Math.abs(got.data[i]! - x)).toBeLessThanOrEqual(Math.abs(x) * rel));
      }
    }
    const bytes = writeSafetensors([new Tensor('x', [2], Float32Array.of(1, -2))], { dtype: 'F16' });
    expect([...bytes.subarray(-4)]).toEqual([0x00, 0x3c, 0x00, 0xc0]); // little-endian half bits
  });

  it('pads the header with spaces so the data starts at a multiple of 8', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const bytes = writeSafetensors([new Tensor(name, [1], Float32Array.of(1))]);
      const n = new DataView(bytes.buffer).getUint32(0, true);
      expect((8 + n) % 8).toBe(0);
      const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
      expect(header).toMatch(/^\{.*\} *$/);
      expect(header.trimEnd().length).toBeGreaterThan(n - 8);
      expect(bytes.length).toBe(8 + n + 4);
    }
  });

  it('keeps names that clash with Object.prototype and rejects duplicate or reserved names', () => {
    const odd = ['toString', '__proto__', 'constructor'].map((n) => new Tensor(n, [1], Float32Array.of(n.length)));
    const file = readSafetensors(writeSafetensors(odd));
    expect([...file.tensors.keys()].sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect([...file.tensors.get('__proto__')!.data]).toEqual([9]);
    expect(() => writeSafetensors([a, a.clone()])).toThrow('safetensors: duplicate or reserved tensor name "b.weight"');
    expect(() => writeSafetensors([new Tensor('__metadata__', [1])])).toThrow('reserved tensor name "__metadata__"');
  });

  it('writes an empty file that reads back empty', () => {
    const file = readSafetensors(writeSafetensors([]));
    expect(file.tensors.size).toBe(0);
    expect(file.metadata).toEqual({});
  });
});

describe('readSafetensors on a file built byte by byte', () => {
  it('reads F32, F16 and BF16 tensors and the metadata', () => {
    const header = {
      __metadata__: { format: 'pt' },
      w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      h: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
      g: { dtype: 'BF16', shape: [1], data_offsets: [22, 24] },
    };
    const data = [...f32Bytes([1, 2, -3, 0.5]), 0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x80, 0x3f];
    const file = readSafetensors(build(header, data));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors.get('w')!.toRows()).toEqual([[1, 2], [-3, 0.5]]);
    expect(file.tensors.get('w')!.name).toBe('w');
    expect([...file.tensors.get('h')!.data]).toEqual([1, -2, 65504]);
    expect(file.tensors.get('h')!.shape).toEqual([3]);
    expect([...file.tensors.get('g')!.data]).toEqual([1]);
  });

  it('reads from a Uint8Array that is a view into a larger buffer', () => {
    const inner = build({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32Bytes([42]));
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);
    expect([...readSafetensors(outer.subarray(3)).tensors.get('x')!.data]).toEqual([42]);
  });
});

describe('readSafetensors rejects corrupt files', () => {
  const ok = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const bad = (bytes: Uint8Array, message: string | RegExp) => expect(() => readSafetensors(bytes, 'w.safetensors')).toThrow(message);

  it('says when the file is truncated', () => {
    bad(new Uint8Array(5), 'w.safetensors: truncated file: 5 bytes, too short for the 8-byte header length');
    bad(build(ok, f32Bytes([1, 2]), 500), /^w\.safetensors: truncated file: header length is 500 bytes but only \d+ bytes follow$/);
    bad(build(ok, f32Bytes([1])), 'w.safetensors: truncated file or bad offsets: tensor "x" ends at data byte 8 but the data buffer has 4 bytes');
    expect(() => readSafetensors(new Uint8Array(3))).toThrow(/^safetensors: truncated file/);
  });

  it('rejects a header length over 100 MB as corrupt', () => {
    const bytes = build(ok, f32Bytes([1, 2]), 200_000_000);
    bad(bytes, 'w.safetensors: header length 200000000 bytes is over 100 MB; the file is corrupt');
    const huge = build(ok, f32Bytes([1, 2]));
    new DataView(huge.buffer).setUint32(4, 1, true); // high word set: over 4 GB
    bad(huge, /header length 4294967\d+ bytes is over 100 MB/);
  });

  it('says when the header is not JSON or not an object', () => {
    bad(build('{"x": '), /^w\.safetensors: header is not valid JSON \(.+\)$/);
    bad(build('[1, 2]'), 'w.safetensors: header is not a JSON object');
    bad(build('"text"'), 'w.safetensors: header is not a JSON object');
    bad(build({ __metadata__: { step: 3 } }), 'w.safetensors: __metadata__ must be an object of string values');
  });

  it('says when the offsets disagree with the data', () => {
    bad(build({ x: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, f32Bytes([1, 2])), 'w.safetensors: tensor "x": data_offsets [8, 4] end before they begin');
    bad(build({ x: { dtype: 'F32', shape: [2], data_offsets: [400, 408] } }, f32Bytes([1, 2])), 'tensor "x" ends at data byte 408 but the data buffer has 8 bytes');
    bad(build({ x: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'w.safetensors: tensor "x": data_offsets [0, 8] hold 8 bytes but F32 shape [2, 2] needs 16');
    bad(build({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'tensor "x": data_offsets [0, 8] hold 8 bytes but F16 shape [2] needs 4');
    bad(build({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32Bytes([1, 2, 3])), 'w.safetensors: tensor "y" overlaps tensor "x" (data_offsets begin at 4, previous ends at 8)');
    bad(build({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, y: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, f32Bytes([1, 2, 3])), 'w.safetensors: gap of 4 unused bytes before tensor "y" in the data buffer');
    bad(build({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32Bytes([1, 2])), 'gap of 4 unused bytes before tensor "x"');
    bad(build(ok, f32Bytes([1, 2, 3])), 'w.safetensors: 4 unused bytes at the end of the data buffer');
    bad(build({ x: { dtype: 'F32', shape: [2], data_offsets: [0] } }, f32Bytes([1, 2])), 'tensor "x": data_offsets must be [begin, end]');
    bad(build({ x: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'tensor "x": shape must be an array of non-negative integers');
  });

  it('names an unknown or unsupported dtype and lists the supported ones', () => {
    bad(build({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'w.safetensors: tensor "x": unsupported dtype "I64" (supported: F32, F16, BF16)');
    bad(build({ x: { dtype: 'Q4', shape: [1], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'w.safetensors: tensor "x": unknown dtype "Q4" (supported: F32, F16, BF16)');
    bad(build({ x: { shape: [1], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'tensor "x": no dtype in the header');
    bad(build({ x: { dtype: 'constructor', shape: [1], data_offsets: [0, 8] } }, f32Bytes([1, 2])), 'tensor "x": unknown dtype "constructor"');
  });
});

describe('expectTensor', () => {
  const file = readSafetensors(writeSafetensors(['a', 'b', 'c', 'd', 'e', 'f', 'w'].map((n) => new Tensor(n, [32, 64]))));

  it('returns the tensor when the shape matches', () => {
    expect(expectTensor(file, 'w', [32, 64]).name).toBe('w');
  });

  it('names a missing tensor and lists a few available ones', () => {
    expect(() => expectTensor(file, 'wq', [64, 32], 'tiny.safetensors')).toThrow(
      'tiny.safetensors: missing tensor "wq" (available: "a", "b", "c", "d", "e", … (7 in all))',
    );
    const empty = { metadata: {}, tensors: new Map() };
    expect(() => expectTensor(empty, 'wq', [1])).toThrow('safetensors: missing tensor "wq" (available: none)');
  });

  it('says the expected and the actual shape', () => {
    expect(() => expectTensor(file, 'w', [64, 32], 'tiny.safetensors')).toThrow('tiny.safetensors: tensor "w": expected shape [64, 32], got [32, 64]');
    expect(() => expectTensor(file, 'w', [32, 64, 1])).toThrow('expected shape [32, 64, 1], got [32, 64]');
  });
});
