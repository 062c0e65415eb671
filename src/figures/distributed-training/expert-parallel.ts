/**
 * Expert parallelism on simulated devices: MiniSeek's routed experts placed on `nodes` nodes of `perNode` devices,
 * the sentence's tokens spread over the devices, and the all-to-all traffic their REAL routing causes, counted link
 * by link the way DeepSeek-V3 sends it (arXiv 2412.19437 §3.2.2): a token crosses InfiniBand (IB) once per target
 * node, to the device with its own in-node index there, which forwards it over NVLink to the devices holding its
 * experts. Dispatch carries FP8 values, combine BF16 (§3.3.3). Node-limited routing (§2.1.2): at most M nodes per
 * token, the nodes ranked by the sum of the highest K_r/M affinities of the experts each holds.
 */

export interface Placement {
  readonly experts: number;
  readonly nodes: number;
  readonly perNode: number;
}

export const devicesOf = (p: Placement): number => p.nodes * p.perNode;
export const expertsPerDevice = (p: Placement): number => p.experts / devicesOf(p);
/** Experts sit in order: device d holds experts d·k … d·k + k − 1 (k experts per device). */
export const deviceOfExpert = (p: Placement, expert: number): number => Math.floor(expert / expertsPerDevice(p));
export const nodeOfDevice = (p: Placement, device: number): number => Math.floor(device / p.perNode);
export const nodeOfExpert = (p: Placement, expert: number): number => nodeOfDevice(p, deviceOfExpert(p, expert));
/** Token t is read (attention, router) on device t mod devices: each device has its own share of the batch. */
export const homeDevice = (p: Placement, token: number): number => token % devicesOf(p);

/** Why experts cannot be placed so, or undefined: every device must hold the same whole number of experts. */
export function placementProblem(p: Placement): string | undefined {
  if (![p.nodes, p.perNode].every((n) => Number.isInteger(n) && n >= 1)) return 'Nodes and devices per node must be whole numbers, at least 1.';
  if (p.experts % devicesOf(p) !== 0) return `${p.experts} experts cannot be shared equally by ${devicesOf(p)} devices.`;
  return undefined;
}

/** The (nodes, devices per node) pairs that share `experts` equally, as menus offer them. */
export function placements(experts: number): Placement[] {
  const out: Placement[] = [];
  for (let nodes = 1; nodes <= experts; nodes++) for (let perNode = 1; perNode <= experts; perNode++) if (experts % (nodes * perNode) === 0) out.push({ experts, nodes, perNode });
  return out;
}

export interface Traffic {
  readonly devices: number;
  /** [src][dst] bytes per link in dispatch (FP8 values) and in combine (BF16), one MoE layer. */
  readonly dispatch: readonly (readonly number[])[];
  readonly combine: readonly (readonly number[])[];
  /** Bytes over IB (between nodes) and NVLink (inside a node), dispatch and combine. */
  readonly ib: { readonly dispatch: number; readonly combine: number };
  readonly nvlink: { readonly dispatch: number; readonly combine: number };
  /** Token vectors that need no link at all: the expert sits on the token's own device. */
  readonly local: number;
  /** Per token: the nodes its experts sit on. */
  readonly nodesPerToken: readonly number[];
}

export interface Sizes {
  /** The hidden size D: values in one token vector. */
  readonly hidden: number;
  /** Bytes per value: 1 for FP8 dispatch, 2 for BF16 combine (V3 §3.3.3). */
  readonly dispatchBytes: number;
  readonly combineBytes: number;
}

/**
 * Link-by-link bytes of one MoE layer's all-to-all for the given routing (`chosen[t]`: token t's experts).
 * A token vector goes once to each device that holds any of its experts; combine sends back one vector per such
 * device (its experts' weighted outputs added there), the forwarding device adding a node's vectors before IB.
 * @example traffic([[0, 5]], { experts: 8, nodes: 2, perNode: 2 }, { hidden: 64, dispatchBytes: 1, combineBytes: 2 }).ib.dispatch // 64
 */
export function traffic(chosen: readonly (readonly number[])[], p: Placement, s: Sizes): Traffic {
  const problem = placementProblem(p);
  if (problem) throw new Error(`traffic: ${problem}`);
  const n = devicesOf(p);
  const vectors = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let local = 0;
  const nodesPerToken: number[] = [];
  chosen.forEach((experts, t) => {
    const home = homeDevice(p, t);
    const homeNode = nodeOfDevice(p, home);
    const lane = home % p.perNode;
    const targets = [...new Set(experts.map((e) => deviceOfExpert(p, e)))];
    const nodes = [...new Set(targets.map((d) => nodeOfDevice(p, d)))];
    nodesPerToken.push(nodes.length);
    for (const node of nodes) {
      const here = targets.filter((d) => nodeOfDevice(p, d) === node);
      // Across nodes: one IB hop to the same in-node index on the target node, then NVLink from there.
      const entry = node === homeNode ? home : node * p.perNode + lane;
      if (entry !== home) vectors[home]![entry]!++;
      for (const d of here) {
        if (d === entry) {
          if (d === home) local++;
        } else vectors[entry]![d]!++;
      }
    }
  });
  const dispatch = vectors.map((row) => row.map((v) => v * s.hidden * s.dispatchBytes));
  const combine = vectors.map((_, src) => vectors.map((row) => row[src]! * s.hidden * s.combineBytes));
  const sum = (m: number[][], ib: boolean) => m.reduce((a, row, i) => a + row.reduce((b, x, j) => b + ((nodeOfDevice(p, i) !== nodeOfDevice(p, j)) === ib ? x : 0), 0), 0);
  return {
    devices: n, dispatch, combine, local, nodesPerToken,
    ib: { dispatch: sum(dispatch, true), combine: sum(combine, true) },
    nvlink: { dispatch: sum(dispatch, false), combine: sum(combine, false) },
  };
}

export interface NodeLimited {
  /** Per token: the M nodes allowed (best first), each node's score, and the K_r experts chosen among them. */
  readonly nodes: readonly (readonly number[])[];
  readonly nodeScores: readonly (readonly number[])[];
  readonly chosen: readonly (readonly number[])[];
  /** Per token: the top K_r of s + b over every expert, as if there were no limit. */
  readonly unlimited: readonly (readonly number[])[];
  /** Tokens whose experts the limit changes (as sets). */
  readonly changed: readonly number[];
}

/** Why M cannot limit this placement, or undefined: M must divide K_r, and M nodes must hold K_r experts. */
export function limitProblem(p: Placement, k: number, m: number): string | undefined {
  if (!Number.isInteger(m) || m < 1 || k % m !== 0) return `M must divide K_r = ${k}.`;
  if (Math.min(m, p.nodes) * (p.experts / p.nodes) < k) return `${Math.min(m, p.nodes)} node${m === 1 ? '' : 's'} of ${p.experts / p.nodes} expert${p.experts / p.nodes === 1 ? '' : 's'} cannot give a token its ${k} experts.`;
  return undefined;
}

/** The k indices with the highest values, highest first (ties: the lower index first). */
function topK(values: readonly number[], ids: readonly number[], k: number): number[] {
  return [...ids].sort((a, b) => values[b]! - values[a]! || a - b).slice(0, k);
}
export const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * V3's node-limited routing on real affinities: each node scored by the sum of the highest K_r/M affinities s_{i,t}
 * among its experts, the best M nodes kept, then the top K_r of s + b (eq. 16) among those nodes' experts.
 * @example nodeLimited(s, sb, { experts: 8, nodes: 4, perNode: 1 }, 2, 1).changed // tokens whose pair spanned two nodes
 */
export function nodeLimited(affinity: readonly (readonly number[])[], biased: readonly (readonly number[])[], p: Placement, k: number, m: number): NodeLimited {
  const problem = placementProblem(p);
  if (problem) throw new Error(`nodeLimited: ${problem}`);
  const why = limitProblem(p, k, m);
  if (why) throw new Error(`nodeLimited: ${why}`);
  const per = k / m;
  const all = Array.from({ length: p.experts }, (_, e) => e);
  const nodeIds = Array.from({ length: p.nodes }, (_, n) => n);
  const nodes: number[][] = [];
  const nodeScores: number[][] = [];
  const chosen: number[][] = [];
  const unlimited: number[][] = [];
  const changed: number[] = [];
  affinity.forEach((s, t) => {
    const scores = nodeIds.map((n) => {
      const mine = all.filter((e) => nodeOfExpert(p, e) === n);
      return topK(s, mine, per).reduce((a, e) => a + s[e]!, 0);
    });
    const kept = topK(scores, nodeIds, Math.min(m, p.nodes));
    const allowed = all.filter((e) => kept.includes(nodeOfExpert(p, e)));
    const mine = topK(biased[t]!, allowed, k);
    const free = topK(biased[t]!, all, k);
    nodes.push(kept);
    nodeScores.push(scores);
    chosen.push(mine);
    unlimited.push(free);
    if (!sameSet(mine, free)) changed.push(t);
  });
  return { nodes, nodeScores, chosen, unlimited, changed };
}
