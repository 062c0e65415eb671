import { describe, expect, it } from 'vitest';
import { deviceOfExpert, homeDevice, limitProblem, nodeLimited, nodeOfExpert, placementProblem, placements, traffic } from './expert-parallel';

const sizes = { hidden: 64, dispatchBytes: 1, combineBytes: 2 };

describe('placing experts on devices', () => {
  it('puts experts in order, k per device, and tokens round the devices', () => {
    const p = { experts: 8, nodes: 2, perNode: 2 };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((e) => deviceOfExpert(p, e))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect([0, 3, 4, 7].map((e) => nodeOfExpert(p, e))).toEqual([0, 0, 1, 1]);
    expect([0, 1, 4, 5].map((t) => homeDevice(p, t))).toEqual([0, 1, 0, 1]);
    expect(placementProblem({ experts: 8, nodes: 3, perNode: 1 })).toMatch(/equally/);
    expect(placements(8).map((q) => q.nodes * q.perNode).every((n) => 8 % n === 0)).toBe(true);
    expect(placements(8)).toHaveLength(10);
  });
});

describe('all-to-all traffic, link by link', () => {
  // 2 nodes × 2 devices; experts 0–1 on device 0, 2–3 on 1 (node 0), 4–5 on 2, 6–7 on 3 (node 1).
  const p = { experts: 8, nodes: 2, perNode: 2 };

  it('sends a token once over IB per remote node, to its own in-node index, then over NVLink', () => {
    // Token 1 lives on device 1 (node 0, index 1); its experts 4 and 6 sit on devices 2 and 3 of node 1.
    const t = traffic([[0, 1], [4, 6]], p, sizes);
    // Token 0: both experts on its own device 0: no link.
    expect(t.local).toBe(1);
    // Token 1: IB 1 → 3 (same index 1 on node 1), then NVLink 3 → 2.
    expect(t.dispatch[1]![3]).toBe(64);
    expect(t.dispatch[3]![2]).toBe(64);
    expect(t.ib.dispatch).toBe(64);
    expect(t.nvlink.dispatch).toBe(64);
    // Combine comes back the same way in BF16: twice the bytes, links reversed.
    expect(t.combine[3]![1]).toBe(128);
    expect(t.combine[2]![3]).toBe(128);
    expect(t.ib.combine).toBe(128);
    expect(t.nodesPerToken).toEqual([1, 1]);
  });

  it('sends a vector once per device, however many of its experts that device holds', () => {
    const t = traffic([[2, 3]], p, sizes);
    expect(t.dispatch[0]![1]).toBe(64);
    expect(t.nvlink.dispatch).toBe(64);
    expect(t.ib.dispatch).toBe(0);
  });

  it('counts every node a token’s experts span', () => {
    const t = traffic([[0, 7]], { experts: 8, nodes: 4, perNode: 1 }, sizes);
    expect(t.nodesPerToken).toEqual([2]);
    expect(t.ib.dispatch).toBe(64);
    expect(t.local).toBe(1);
  });
});

describe('node-limited routing', () => {
  const p = { experts: 8, nodes: 4, perNode: 1 };
  // Affinities: token 0 likes experts 0 and 7 most (different nodes), token 1 likes 2 and 3 (node 1).
  const s = [
    [0.9, 0.1, 0.2, 0.2, 0.1, 0.1, 0.3, 0.8],
    [0.1, 0.1, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1],
  ];
  it('ranks nodes by the sum of their top K_r/M affinities and picks the top K_r of s + b inside', () => {
    const r = nodeLimited(s, s, p, 2, 1);
    // Token 0, M = 1: node scores are sums of each node's top 2: 1.0, 0.4, 0.2, 1.1 → node 3.
    expect(r.nodeScores[0]!.map((x) => Math.round(x * 10) / 10)).toEqual([1, 0.4, 0.2, 1.1]);
    expect(r.nodes[0]).toEqual([3]);
    expect(r.chosen[0]).toEqual([7, 6]);
    expect(r.unlimited[0]).toEqual([0, 7]);
    expect(r.changed).toEqual([0]);
    // M = 2 lets token 0 keep both.
    expect(nodeLimited(s, s, p, 2, 2).changed).toEqual([]);
  });

  it('chooses by s + b but ranks nodes by s alone', () => {
    const b = [0, 0, 0, 0, 0, 0, 0.5, 0];
    const sb = s.map((row) => row.map((x, e) => x + b[e]!));
    const r = nodeLimited(s, sb, p, 2, 1);
    expect(r.nodes[0]).toEqual([3]);
    expect(r.chosen[0]).toEqual([6, 7]);
  });

  it('says when M cannot work', () => {
    expect(limitProblem(p, 2, 3)).toMatch(/divide/);
    expect(limitProblem({ experts: 8, nodes: 8, perNode: 1 }, 2, 1)).toMatch(/cannot give/);
    expect(limitProblem(p, 2, 1)).toBeUndefined();
  });
});
