import { describe, expect, it } from 'vitest';
import { pipelineProblem, schedule1F1B, schedule1F1BProblem, table2 } from './pipeline';

describe('1F1B, simulated', () => {
  it('idles (PP − 1)(F + B) on every stage, as Table 2 says, whatever the number of micro-batches', () => {
    for (const [pp, m, F, B] of [[4, 8, 1, 2], [8, 8, 1, 2], [8, 3, 1, 2], [4, 1, 1, 2], [16, 20, 1.5, 3], [2, 3, 1, 1], [6, 12, 2, 2.5]] as const) {
      const s = schedule1F1B(pp, m, { F, B });
      expect(s.ops).toHaveLength(2 * pp * m);
      for (const idle of s.idle) expect(idle).toBeCloseTo((pp - 1) * (F + B), 9);
      expect(s.makespan).toBeCloseTo((m + pp - 1) * (F + B), 9);
    }
  });

  it('holds at most PP micro-batches’ activations on the first stage, one fewer per stage down the line', () => {
    const s = schedule1F1B(8, 12, { F: 1, B: 2 });
    expect(s.peakInFlight).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(schedule1F1B(8, 3, { F: 1, B: 2 }).peakInFlight[0]).toBe(3);
  });

  it('never runs two ops at once on a stage, and respects the dependencies', () => {
    const s = schedule1F1B(4, 6, { F: 1, B: 2 });
    for (let st = 0; st < 4; st++) {
      const mine = s.ops.filter((o) => o.stage === st).sort((a, b) => a.start - b.start);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
    }
    const at = (kind: string, st: number, m: number) => s.ops.find((o) => o.kind === kind && o.stage === st && o.micro === m)!;
    expect(at('F', 1, 0).start).toBeGreaterThanOrEqual(at('F', 0, 0).end);
    expect(at('B', 2, 3).start).toBeGreaterThanOrEqual(at('B', 3, 3).end);
  });

  it('rejects a pipeline that cannot exist', () => {
    expect(() => schedule1F1B(0, 4, { F: 1, B: 2 })).toThrow(/stages/);
    expect(() => schedule1F1B(4, 1.5, { F: 1, B: 2 })).toThrow(/micro-batches/);
    expect(() => schedule1F1B(4, 4, { F: 0, B: 2 })).toThrow(/positive/);
  });
});

describe('V3 Table 2', () => {
  it('computes each row’s formula', () => {
    const rows = table2(8, { F: 1, B: 2, W: 1, FB: 3 });
    expect(rows.map((r) => r.bubble)).toEqual([7 * 3, 7 * (3 - 2), 3 * (3 + 2 - 3)]);
    expect(rows.map((r) => r.parameters)).toEqual([1, 1, 2]);
    expect(rows.map((r) => r.activations)).toEqual([8, 8, 9]);
  });

  it('has no DualPipe bubble with two stages, and says why a pipeline cannot be sized', () => {
    expect(table2(2, { F: 1, B: 2, W: 0.5, FB: 2.5 })[2]!.bubble).toBe(0);
    expect(pipelineProblem(7, { F: 1, B: 2, W: 1, FB: 3 })).toMatch(/even/);
    // The schedule reads no W or F&B and needs no even stage count: a B below Table 2's W is fine there.
    expect(schedule1F1BProblem(3, 8, { F: 1, B: 0.5 })).toBeUndefined();
    expect(schedule1F1BProblem(4, 0, { F: 1, B: 2 })).toMatch(/Micro-batches/);
    expect(schedule1F1BProblem(4, 8, { F: 0, B: 2 })).toMatch(/more than 0/);
    expect(schedule1F1BProblem(1, 8, { F: 1, B: 2 })).toMatch(/at least 2/);
    expect(pipelineProblem(8, { F: 1, B: 2, W: 3, FB: 3 })).toMatch(/part of B/);
    expect(pipelineProblem(8, { F: 1, B: 4, W: 3, FB: 3 })).toMatch(/ZB1P/);
    expect(pipelineProblem(8, { F: 2, B: 4, W: 2.9, FB: 4 })).toMatch(/DualPipe/);
    expect(pipelineProblem(8, { F: Number.NaN, B: 2, W: 1, FB: 3 })).toMatch(/number/);
    expect(() => table2(3, { F: 1, B: 2, W: 1, FB: 3 })).toThrow(/even/);
  });
});
