/**
 * MiniSeek's forward pass on the CPU, the reference every other backend must match: embedding, then per layer
 * RMSNorm → MLA → residual, RMSNorm → dense SwiGLU or DeepSeekMoE → residual, then the final norm and lm_head.
 * Any named intermediate can be kept in a trace (names and shapes: trace-catalog.ts).
 *
 * The pass is written once, as a generator that yields the linear layers' products (`LinearProducts`: those that
 * do not wait for each other go together, e.g. every expert's gate and up projections) and is handed the results
 * back: `forward` runs them at once on the CPU (nn-ops' linear), in the order given, while a runner that computes
 * them elsewhere (the language-model lab's WebGPU backend, which sends the products of several windows to the GPU
 * in one submission) drives the same steps asynchronously. Everything between two yields runs on the CPU either way.
 * The order of the ops is chosen so that every gradient sums its parts in the order it did before there were
 * yields (a training run's weights are the same to the bit).
 */
import { causalAttention, concatHeads, headOutputs, rope, ropeTables } from './attention-ops';
import { isMoeLayer, qkHeadDim, type MiniSeekConfig } from './config';
import { chooseExperts, gateValues, pick, sigmoid } from './moe-ops';
import { add, embedding, gatherRows, headColumns, linear, rmsNorm, scatterScaledRows, sliceCols, swiglu, type ScaledRows } from './nn-ops';
import { Tensor } from './tensor';
import { Region, activeRegion, inRegion } from './tensor-memory';
import { weight, type Weights } from './weights';

export interface MiniSeek {
  readonly config: MiniSeekConfig;
  readonly weights: Weights;
}

export interface LayerRouting {
  readonly layer: number;
  /** [T, E] sigmoid affinities (differentiable during training). */
  readonly affinity: Tensor;
  /** [T·k] chosen expert ids. */
  readonly chosen: Int32Array;
}

export interface ForwardResult {
  /** [T, V] next-token logits, one row per position. */
  readonly logits: Tensor;
  /** The traced tensors, by trace name. */
  readonly trace: ReadonlyMap<string, Tensor>;
  /** Each MoE layer's routing, for the balance loss and the load-balancing bias update. */
  readonly routing: readonly LayerRouting[];
}

/** One linear layer's product y = x·Wᵀ (nn-ops' linear). */
export interface LinearCall {
  readonly name: string;
  readonly x: Tensor;
  readonly w: Tensor;
}

/** Products asked of the runner at once, none needing another's result; it answers with the y's in this order. */
export interface LinearProducts {
  readonly kind: 'linear';
  readonly calls: readonly LinearCall[];
}

/** The forward pass's steps: yields products, receives their results, returns what the pass returns. */
export type LinearSteps<T> = Generator<LinearProducts, T, Tensor[]>;

export interface ForwardOptions {
  /** Trace names to keep, or 'all'. Names a figure does not ask for cost nothing beyond the forward itself. */
  readonly trace?: readonly string[] | 'all';
}

/**
 * @example const { logits, trace } = forward(model, [1, 17, 42], { trace: ['layers.0.attn.probs'] })
 */
export function forward(model: MiniSeek, ids: readonly number[], options: ForwardOptions = {}): ForwardResult {
  // Tensors come from a few large chunks rather than a hundred arrays (tensor-memory.ts); a caller's region wins.
  const run = () => runLinears(forwardSteps(model, ids, options));
  return activeRegion() ? run() : inRegion(new Region(false), run);
}

/**
 * Runs steps to the end, every product by nn-ops' linear in this thread (so a tape active around it records them).
 * @example const { logits } = runLinears(forwardSteps(model, ids))
 */
export function runLinears<T>(steps: LinearSteps<T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next(linearsNow(r.value));
  return r.value;
}

/** The products by nn-ops' linear, in their order. */
export function linearsNow(products: LinearProducts): Tensor[] {
  return products.calls.map((c) => linear(c.name, c.x, c.w));
}

/** Asks the runner for y = x·Wᵀ. */
function* lin(name: string, x: Tensor, w: Tensor): LinearSteps<Tensor> {
  return (yield { kind: 'linear', calls: [{ name, x, w }] })[0]!;
}

/** Asks the runner for several products at once. */
function* lins(calls: readonly LinearCall[]): LinearSteps<Tensor[]> {
  return calls.length ? yield { kind: 'linear', calls } : [];
}

/**
 * The forward pass as steps (see the file's comment). Tensors come from the active region, if any.
 * @example runLinears(forwardSteps(model, [1, 17, 42]))
 */
export function* forwardSteps(model: MiniSeek, ids: readonly number[], options: ForwardOptions = {}): LinearSteps<ForwardResult> {
  const c = model.config;
  const w = (name: string) => weight(model.weights, name);
  const T = ids.length;
  if (T === 0) throw new Error('MiniSeek forward: no tokens to run');
  if (T > c.max_position_embeddings) {
    throw new Error(`MiniSeek forward: ${T} tokens exceed max_position_embeddings (${c.max_position_embeddings})`);
  }
  const wanted = options.trace === 'all' ? () => true : (name: string) => options.trace?.includes(name) ?? false;
  const trace = new Map<string, Tensor>();
  const keep = (t: Tensor): Tensor => {
    if (wanted(t.name)) trace.set(t.name, t);
    return t;
  };
  const routing: LayerRouting[] = [];
  const tables = ropeTables(T, c.qk_rope_head_dim, c.rope_theta);

  let x = keep(embedding('embed', ids, w('model.embed_tokens.weight')));
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const L = `layers.${l}`;
    const P = `model.layers.${l}`;
    keep(renamed(x, `${L}.input`));
    const h = keep(rmsNorm(`${L}.attn_norm`, x, w(`${P}.input_layernorm.weight`), c.rms_norm_eps));
    const attn = yield* mla(c, l, h, tables, w, keep, wanted);
    x = keep(add(`${L}.after_attn`, x, attn));
    const u = keep(rmsNorm(`${L}.ffn_norm`, x, w(`${P}.post_attention_layernorm.weight`), c.rms_norm_eps));
    const ffn = isMoeLayer(c, l) ? yield* moe(c, l, u, w, keep, wanted, routing) : yield* swigluMlp(`${L}.mlp`, `${P}.mlp`, u, w, keep);
    x = keep(add(`${L}.output`, x, ffn));
  }
  const final = keep(rmsNorm('final_norm', x, w('model.norm.weight'), c.rms_norm_eps));
  const logits = keep(yield* lin('logits', final, w('lm_head.weight')));
  return { logits, trace, routing };
}

type Keep = (t: Tensor) => Tensor;
type Lookup = (name: string) => Tensor;

/** The same values under a trace name (the residual stream entering a layer is the previous layer's output). */
function renamed(t: Tensor, name: string): Tensor {
  return new Tensor(name, t.shape, t.data);
}

/** Multi-head latent attention (V3 §2.1.1, eqs. 1–11) in the reference's layout. h: [T, D] → [T, D]. */
function* mla(c: MiniSeekConfig, l: number, h: Tensor, tables: ReturnType<typeof ropeTables>, w: Lookup, keep: Keep, wanted: (name: string) => boolean): LinearSteps<Tensor> {
  const L = `layers.${l}.attn`;
  const P = `model.layers.${l}.self_attn`;
  const H = c.num_attention_heads;
  const dn = c.qk_nope_head_dim;
  const dr = c.qk_rope_head_dim;
  const dv = c.v_head_dim;
  const dc = c.kv_lora_rank;
  // The two down-projections of h: the query's W^DQ (eq. 6), and the one that gives the latent c^KV (eq. 1) and the
  // shared RoPE key k^R (eq. 3).
  const [qA, kvA] = yield* lins([
    { name: `${L}.q_a`, x: h, w: w(`${P}.q_a_proj.weight`) }, // [T, d_cq]
    { name: `${L}.kv_a`, x: h, w: w(`${P}.kv_a_proj_with_mqa.weight`) }, // [T, d_c + d_rope]
  ]);
  keep(qA!);
  // c^Q = RMSNorm(W^DQ h) (eq. 6); c^KV = RMSNorm of kv_a's first d_c columns; k^R rotated.
  const cQ = keep(rmsNorm(`${L}.c_q`, qA!, w(`${P}.q_a_layernorm.weight`), c.rms_norm_eps)); // [T, d_cq]
  const cKv = keep(rmsNorm(`${L}.c_kv`, sliceCols(`${L}.c_kv_raw`, kvA!, 0, dc), w(`${P}.kv_a_layernorm.weight`), c.rms_norm_eps));
  const kRope = keep(rope(`${L}.k_rope`, keep(sliceCols(`${L}.k_rope_raw`, kvA!, dc, dc + dr)), 1, dr, tables, c.rope_interleave));
  // The up-projections: W^UQ and W^QR together as q_b_proj (eqs. 7–8); W^UK and W^UV together as kv_b_proj (eqs. 2, 5).
  const [q, kv] = yield* lins([
    { name: `${L}.q_b`, x: cQ, w: w(`${P}.q_b_proj.weight`) }, // [T, H·(d_nope+d_rope)]
    { name: `${L}.kv_b`, x: cKv, w: w(`${P}.kv_b_proj.weight`) }, // [T, H·(d_nope+d_v)]
  ]);
  const qNope = keep(headColumns(`${L}.q_nope`, q!, H, dn + dr, 0, dn)); // [T, H·d_nope]
  const qRope = keep(rope(`${L}.q_rope`, keep(headColumns(`${L}.q_rope_raw`, q!, H, dn + dr, dn, dr)), H, dr, tables, c.rope_interleave));
  const kNope = keep(headColumns(`${L}.k_nope`, kv!, H, dn + dv, 0, dn)); // [T, H·d_nope]
  const v = keep(headColumns(`${L}.v`, kv!, H, dn + dv, dn, dv)); // [T, H·d_v]
  const qFull = keep(concatHeads(`${L}.q`, qNope, qRope, H, false)); // [T, H·(d_nope+d_rope)]
  const kFull = keep(concatHeads(`${L}.k`, kNope, kRope, H, true)); // k^R shared by all heads (eq. 4)
  const att = causalAttention(L, qFull, kFull, v, H, 1 / Math.sqrt(qkHeadDim(c)));
  keep(att.scores);
  keep(att.probs);
  keep(att.output);
  // Each head's share of u_t, for the figures that show Concat(heads)·W^O as a sum over heads (computed only on request).
  if (wanted(`${L}.head_out`)) keep(headOutputs(`${L}.head_out`, att.output, w(`${P}.o_proj.weight`), H));
  return keep(yield* lin(`${L}.out`, att.output, w(`${P}.o_proj.weight`))); // eq. 11
}

/** A SwiGLU feed-forward: down(silu(gate(x)) ⊙ up(x)), the dense FFN and every expert alike. */
function* swigluMlp(name: string, prefix: string, x: Tensor, w: Lookup, keep: Keep): LinearSteps<Tensor> {
  return (yield* swigluMlps([{ name, prefix, x, keep }], w))[0]!;
}

/**
 * Several SwiGLU networks side by side (the experts of a layer): their gate and up projections asked for together,
 * then their down projections; each network's ops in the order one alone would run them.
 */
function* swigluMlps(nets: readonly { name: string; prefix: string; x: Tensor; keep: Keep }[], w: Lookup): LinearSteps<Tensor[]> {
  const gu = yield* lins(
    nets.flatMap(({ name, prefix, x }) => [
      { name: `${name}.gate`, x, w: w(`${prefix}.gate_proj.weight`) },
      { name: `${name}.up`, x, w: w(`${prefix}.up_proj.weight`) },
    ]),
  );
  const hidden = nets.map(({ name, keep }, i) => keep(swiglu(`${name}.hidden`, keep(gu[2 * i]!), keep(gu[2 * i + 1]!))));
  const out = yield* lins(nets.map(({ name, prefix }, i) => ({ name: `${name}.out`, x: hidden[i]!, w: w(`${prefix}.down_proj.weight`) })));
  return out.map((t, i) => nets[i]!.keep(t));
}

/**
 * DeepSeekMoE (V3 eq. 12): shared experts on every token plus k routed experts weighted by their gates.
 * u: [T, D] → [T, D].
 */
function* moe(
  c: MiniSeekConfig,
  l: number,
  u: Tensor,
  w: Lookup,
  keep: Keep,
  wanted: (name: string) => boolean,
  routing: LayerRouting[],
): LinearSteps<Tensor> {
  const L = `layers.${l}.moe`;
  const P = `model.layers.${l}.mlp`;
  const T = u.shape[0]!;
  const E = c.n_routed_experts;
  const k = c.num_experts_per_tok;
  const affinity = keep(sigmoid(`${L}.affinity`, yield* lin(`${L}.router_logits`, u, w(`${P}.gate.weight`)))); // [T, E]
  const bias = w(`${P}.gate.e_score_correction_bias`);
  const choice = chooseExperts(affinity.data, bias.data, T, E, c.n_group, c.topk_group, k);
  keep(new Tensor(`${L}.biased`, [T, E], choice.biased));
  keep(new Tensor(`${L}.group_scores`, [T, c.n_group], choice.groupScores));
  keep(new Tensor(`${L}.chosen`, [T, k], Float32Array.from(choice.chosen)));
  const gates = keep(gateValues(`${L}.gates`, affinity, choice.chosen, k, c.norm_topk_prob, c.routed_scaling_factor)); // [T, k]
  routing.push({ layer: l, affinity, chosen: choice.chosen });

  // Each chosen expert's tokens (an expert no token chose is skipped), gathered; then all the chosen experts and the
  // shared ones side by side (their products asked for together).
  const experts: { e: number; rows: number[]; slots: number[]; input: Tensor }[] = [];
  for (let e = 0; e < E; e++) {
    const rows: number[] = [];
    const slots: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < k; j++) {
        if (choice.chosen[t * k + j] === e) {
          rows.push(t);
          slots.push(t * k + j);
        }
      }
    }
    if (rows.length > 0) experts.push({ e, rows, slots, input: gatherRows(`${L}.expert.${e}.input`, u, rows) });
  }
  const outs = yield* swigluMlps(
    [
      ...experts.map(({ e, input }) => ({ name: `${L}.expert.${e}`, prefix: `${P}.experts.${e}`, x: input, keep: (t: Tensor) => t })),
      { name: `${L}.shared`, prefix: `${P}.shared_experts`, x: u, keep },
    ],
    w,
  );
  const shared = outs.pop()!;
  const contributions: ScaledRows[] = [];
  experts.forEach(({ e, rows, slots }, i) => {
    const name = `${L}.expert.${e}`;
    const out = outs[i]!;
    if (wanted(name)) {
      // The expert's own output, placed at its tokens' rows (zeros where it was not chosen).
      const placed = new Tensor(name, [T, c.hidden_size]);
      rows.forEach((r, j) => placed.data.set(out.row(j), r * c.hidden_size));
      keep(placed);
    }
    contributions.push({ x: out, rows, scale: pick(`${name}.gate`, gates, slots) });
  });
  if (wanted(`${L}.experts`)) {
    // Every routed expert on every token, for figures that show what a dense mixture would compute (the GPU
    // backend computes this tensor anyway); the layer's output above uses only the chosen experts.
    const all = new Tensor(`${L}.experts`, [E, T, c.hidden_size]);
    for (let e = 0; e < E; e++) all.data.set((yield* swigluMlp(`${L}.experts.${e}`, `${P}.experts.${e}`, u, w, (t) => t)).data, e * T * c.hidden_size);
    keep(all);
  }
  const routed = keep(scatterScaledRows(`${L}.routed`, T, c.hidden_size, contributions));
  return keep(add(`${L}.out`, routed, shared));
}
