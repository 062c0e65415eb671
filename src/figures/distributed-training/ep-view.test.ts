import { describe, expect, it } from 'vitest';
import { buildModel, buildRun } from '../../live/build-trace';
import { traceFromSerial } from '../../live/trace-io';
import { DEFAULT_SENTENCE } from '../../course/default-sentence';
import { moeLayers } from '../shared-routed-moe/moe-view';
import { epTraceNames, layerRouting } from './ep-view';
import { nodeLimited, sameSet, traffic } from './expert-parallel';

const c = buildModel().model.config;
const layers = moeLayers(c);
const sizes = { hidden: c.hidden_size, dispatchBytes: 1, combineBytes: 2 };
const routing = (sentence: string) => {
  const trace = traceFromSerial(buildRun(sentence, epTraceNames(layers)));
  return layers.map((l) => layerRouting(trace, l));
};

describe('expert parallelism on MiniSeek’s real routing (guards the chapter’s prose)', () => {
  it('reads K_r experts per token from the trace', () => {
    for (const r of routing(DEFAULT_SENTENCE)) for (const es of r.chosen) expect(es).toHaveLength(c.num_experts_per_tok);
  });

  it('never needs both nodes on 2 nodes: MiniSeek’s group limit keeps each token in one half of its experts', () => {
    // The prose says "with 2 nodes no token of any sentence needs both": it rests on one group of two being allowed.
    expect([c.n_group, c.topk_group]).toEqual([2, 1]);
    for (const sentence of [DEFAULT_SENTENCE, 'the dogs near the old benches sleep', 'a small cat sat on the mat .']) {
      for (const r of routing(sentence)) {
        for (const perNode of [1, 2, 4]) expect(traffic(r.chosen, { experts: c.n_routed_experts, nodes: 2, perNode }, sizes).nodesPerToken.every((n) => n === 1)).toBe(true);
      }
    }
  });

  it('on 2 nodes, V3’s node limit keeps one half, like MiniSeek’s group limit, yet changes tokens against no limit', () => {
    const r = routing(DEFAULT_SENTENCE)[0]!;
    const lim = nodeLimited(r.affinity, r.biased, { experts: c.n_routed_experts, nodes: 2, perNode: 2 }, c.num_experts_per_tok, 1);
    // Each token's node-limited pair lies in one half, as MiniSeek's own pair does.
    for (const es of lim.chosen) expect(new Set(es.map((e) => Math.floor(e / (c.n_routed_experts / 2)))).size).toBe(1);
    expect(lim.chosen.filter((es, t) => !sameSet(es, r.chosen[t]!)).length).toBeGreaterThan(0);
    // And it does change something against no limit at all, as the prose says it does.
    expect(lim.changed.length).toBeGreaterThan(0);
  });
});
