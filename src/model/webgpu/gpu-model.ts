/**
 * MiniSeek on WebGPU: weights uploaded once, then each forward pass is planned as a list of kernel dispatches,
 * encoded into one command buffer, and the requested trace tensors come back through one staging buffer and a
 * single mapAsync. Names, shapes and values match the CPU reference (src/model/forward.ts).
 */
import { concatHeads, headOutputs, ropeTables } from '../attention-ops';
import { isMoeLayer, qkHeadDim, type MiniSeekConfig } from '../config';
import type { MiniSeek } from '../forward';
import { Tensor } from '../tensor';
import { traceNames } from '../trace-catalog';
import { BufferUsage, MapMode } from './flags';
import { compileKernels, writeParams, WORKGROUP, type Kernel, type KernelName } from './kernels';

/** Uniform offsets must be multiples of minUniformBufferOffsetAlignment (256 on every adapter in practice). */
const UNIFORM_STRIDE = 256;

interface Dispatch {
  readonly kernel: KernelName;
  readonly params: Record<string, number>;
  /** Storage bindings 1…n, in the kernel's binding order. */
  readonly buffers: GPUBuffer[];
  readonly workgroups: readonly [number, number, number];
}

interface Produced {
  readonly buffer: GPUBuffer;
  readonly shape: number[];
}

export interface GpuForwardResult {
  readonly logits: Tensor;
  readonly trace: ReadonlyMap<string, Tensor>;
  /** Compute dispatches in this forward's command buffer. */
  readonly dispatches: number;
  /** mapAsync calls (always 1). */
  readonly readbacks: number;
}

const groups = (n: number) => Math.max(1, Math.ceil(n / WORKGROUP));

export class GpuModel {
  private readonly weights = new Map<string, GPUBuffer>();
  private destroyed = false;

  private constructor(
    readonly device: GPUDevice,
    readonly config: MiniSeekConfig,
    private readonly kernels: Map<KernelName, Kernel>,
    /** The CPU's weights, for the few trace tensors derived on the CPU after the readback. */
    private readonly cpuWeights: MiniSeek['weights'],
  ) {}

  /**
   * Compiles the kernels and uploads the weights (expert weights packed [E, out, in] per layer).
   * @example const gpu = await GpuModel.create(device, model)
   */
  static async create(device: GPUDevice, model: MiniSeek): Promise<GpuModel> {
    const kernels = await compileKernels(device);
    const gpu = new GpuModel(device, model.config, kernels, model.weights);
    const c = model.config;
    for (const [name, t] of model.weights) {
      if (/\.mlp\.experts\.\d+\./.test(name)) continue;
      gpu.upload(name, t.data);
    }
    for (let l = 0; l < c.num_hidden_layers; l++) {
      if (!isMoeLayer(c, l)) continue;
      for (const proj of ['gate_proj', 'up_proj', 'down_proj']) {
        const parts = Array.from({ length: c.n_routed_experts }, (_, e) => model.weights.get(`model.layers.${l}.mlp.experts.${e}.${proj}.weight`)!);
        const packed = new Float32Array(parts.reduce((s, p) => s + p.size, 0));
        let offset = 0;
        for (const p of parts) {
          packed.set(p.data, offset);
          offset += p.size;
        }
        gpu.upload(`model.layers.${l}.mlp.experts.${proj}.packed`, packed);
      }
    }
    return gpu;
  }

  private upload(name: string, data: Float32Array): void {
    const buffer = this.device.createBuffer({
      label: name,
      size: Math.max(4, data.byteLength),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
      mappedAtCreation: true,
    });
    new Float32Array(buffer.getMappedRange()).set(data);
    buffer.unmap();
    this.weights.set(name, buffer);
  }

  private cpuWeight(name: string): Tensor {
    const t = this.cpuWeights.get(name);
    if (!t) throw new Error(`GpuModel: no weight "${name}" on the CPU`);
    return t;
  }

  private w(name: string): GPUBuffer {
    const b = this.weights.get(name);
    if (!b) throw new Error(`GpuModel: no uploaded weight "${name}"`);
    return b;
  }

  /** Frees the weights; the model cannot run afterwards. */
  destroy(): void {
    this.destroyed = true;
    for (const b of this.weights.values()) b.destroy();
    this.weights.clear();
  }

  /**
   * @example const { logits, trace } = await gpu.forward([1, 17, 42], ['layers.0.attn.probs'])
   */
  async forward(ids: readonly number[], requested: readonly string[] = []): Promise<GpuForwardResult> {
    if (this.destroyed) throw new Error('GpuModel: used after destroy()');
    const c = this.config;
    const T = ids.length;
    if (T === 0) throw new Error('MiniSeek forward: no tokens to run');
    if (T > c.max_position_embeddings) throw new Error(`MiniSeek forward: ${T} tokens exceed max_position_embeddings (${c.max_position_embeddings})`);
    const known = new Set(traceNames(c));
    const unknown = requested.filter((n) => !known.has(n));
    if (unknown.length) throw new Error(`GpuModel: unknown trace name(s) ${unknown.join(', ')}`);

    const device = this.device;
    const frame: GPUBuffer[] = [];
    const alloc = (label: string, floats: number): GPUBuffer => {
      const b = device.createBuffer({ label, size: Math.max(4, floats * 4), usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
      frame.push(b);
      return b;
    };
    const input = (label: string, data: Float32Array | Uint32Array): GPUBuffer => {
      const b = alloc(label, data.length);
      device.queue.writeBuffer(b, 0, data as unknown as BufferSource);
      return b;
    };
    const dispatches: Dispatch[] = [];
    const produced = new Map<string, Produced>();
    const out = (name: string, shape: number[]): GPUBuffer => {
      const b = alloc(name, shape.reduce((a, d) => a * d, 1));
      produced.set(name, { buffer: b, shape });
      return b;
    };
    const run = (kernel: KernelName, params: Record<string, number>, buffers: GPUBuffer[], n: number, batch = 1) =>
      dispatches.push({ kernel, params, buffers, workgroups: [groups(n), 1, batch] });
    const linear = (x: GPUBuffer, w: GPUBuffer, y: GPUBuffer, IN: number, OUT: number, opts: Partial<Record<'xStride' | 'xOffset' | 'xBatch' | 'wBatch' | 'yBatch' | 'batch', number>> = {}) =>
      run('linear', { T, IN, OUT, xStride: opts.xStride ?? IN, xOffset: opts.xOffset ?? 0, xBatch: opts.xBatch ?? 0, wBatch: opts.wBatch ?? 0, yBatch: opts.yBatch ?? 0 }, [x, w, y], T * OUT, opts.batch ?? 1);
    const rmsnorm = (x: GPUBuffer, w: GPUBuffer, y: GPUBuffer, D: number, stride = D, offset = 0) =>
      run('rmsnorm', { T, D, stride, offset, eps: c.rms_norm_eps }, [x, w, y], T);
    const add = (a: GPUBuffer, b: GPUBuffer, y: GPUBuffer, n: number) => run('elementwise', { n, op: 0 }, [a, b, y], n);
    const swiglu = (g: GPUBuffer, u: GPUBuffer, y: GPUBuffer, n: number) => run('elementwise', { n, op: 1 }, [g, u, y], n);

    const D = c.hidden_size;
    const H = c.num_attention_heads;
    const dn = c.qk_nope_head_dim;
    const dr = c.qk_rope_head_dim;
    const dv = c.v_head_dim;
    const dc = c.kv_lora_rank;
    const dcq = c.q_lora_rank;
    const E = c.n_routed_experts;
    const k = c.num_experts_per_tok;
    const tables = ropeTables(T, dr, c.rope_theta);
    const cosB = input('rope cos', tables.cos);
    const sinB = input('rope sin', tables.sin);
    const idsB = input('token ids', Uint32Array.from(ids));

    let x = out('embed', [T, D]);
    run('embedding', { T, D }, [idsB, this.w('model.embed_tokens.weight'), x], T * D);
    const aliases = new Map<string, string>(); // trace name → the produced tensor it equals
    for (let l = 0; l < c.num_hidden_layers; l++) {
      const L = `layers.${l}`;
      const P = `model.layers.${l}`;
      aliases.set(`${L}.input`, l === 0 ? 'embed' : `layers.${l - 1}.output`);
      const h = out(`${L}.attn_norm`, [T, D]);
      rmsnorm(x, this.w(`${P}.input_layernorm.weight`), h, D);
      // MLA (V3 eqs. 1–11).
      const qA = out(`${L}.attn.q_a`, [T, dcq]);
      linear(h, this.w(`${P}.self_attn.q_a_proj.weight`), qA, D, dcq);
      const cQ = out(`${L}.attn.c_q`, [T, dcq]);
      rmsnorm(qA, this.w(`${P}.self_attn.q_a_layernorm.weight`), cQ, dcq);
      const qB = alloc(`${L}.attn.q_b`, T * H * (dn + dr));
      linear(cQ, this.w(`${P}.self_attn.q_b_proj.weight`), qB, dcq, H * (dn + dr));
      const qNope = out(`${L}.attn.q_nope`, [T, H * dn]);
      run('columns', { T, C: H * (dn + dr), heads: H, stride: dn + dr, offset: 0, width: dn }, [qB, qNope], T * H * dn);
      // The RoPE parts before rotation are copied out only when a figure asks (the RoPE chapter), as on the CPU.
      if (requested.includes(`${L}.attn.q_rope_raw`)) {
        run('columns', { T, C: H * (dn + dr), heads: H, stride: dn + dr, offset: dn, width: dr }, [qB, out(`${L}.attn.q_rope_raw`, [T, H * dr])], T * H * dr);
      }
      const qRope = out(`${L}.attn.q_rope`, [T, H * dr]);
      run('rope', { T, C: H * (dn + dr), heads: H, stride: dn + dr, offset: dn, d: dr, interleave: c.rope_interleave ? 1 : 0 }, [qB, cosB, sinB, qRope], (T * H * dr) / 2);
      const kvA = alloc(`${L}.attn.kv_a`, T * (dc + dr));
      linear(h, this.w(`${P}.self_attn.kv_a_proj_with_mqa.weight`), kvA, D, dc + dr);
      const cKv = out(`${L}.attn.c_kv`, [T, dc]);
      rmsnorm(kvA, this.w(`${P}.self_attn.kv_a_layernorm.weight`), cKv, dc, dc + dr, 0);
      if (requested.includes(`${L}.attn.k_rope_raw`)) {
        run('columns', { T, C: dc + dr, heads: 1, stride: dc + dr, offset: dc, width: dr }, [kvA, out(`${L}.attn.k_rope_raw`, [T, dr])], T * dr);
      }
      const kRope = out(`${L}.attn.k_rope`, [T, dr]);
      run('rope', { T, C: dc + dr, heads: 1, stride: dc + dr, offset: dc, d: dr, interleave: c.rope_interleave ? 1 : 0 }, [kvA, cosB, sinB, kRope], (T * dr) / 2);
      const kvB = alloc(`${L}.attn.kv_b`, T * H * (dn + dv));
      linear(cKv, this.w(`${P}.self_attn.kv_b_proj.weight`), kvB, dc, H * (dn + dv));
      const kNope = out(`${L}.attn.k_nope`, [T, H * dn]);
      run('columns', { T, C: H * (dn + dv), heads: H, stride: dn + dv, offset: 0, width: dn }, [kvB, kNope], T * H * dn);
      const v = out(`${L}.attn.v`, [T, H * dv]);
      run('columns', { T, C: H * (dn + dv), heads: H, stride: dn + dv, offset: dn, width: dv }, [kvB, v], T * H * dv);
      const scores = out(`${L}.attn.scores`, [H, T, T]);
      const probs = out(`${L}.attn.probs`, [H, T, T]);
      const att = out(`${L}.attn.output`, [T, H * dv]);
      run('attention', { T, H, dn, dr, dv, scale: 1 / Math.sqrt(qkHeadDim(c)), maskBits: 0xff800000 }, [qNope, qRope, kNope, kRope, v, scores, probs, att], H * T);
      const attOut = out(`${L}.attn.out`, [T, D]);
      linear(att, this.w(`${P}.self_attn.o_proj.weight`), attOut, H * dv, D);
      const afterAttn = out(`${L}.after_attn`, [T, D]);
      add(x, attOut, afterAttn, T * D);
      const u = out(`${L}.ffn_norm`, [T, D]);
      rmsnorm(afterAttn, this.w(`${P}.post_attention_layernorm.weight`), u, D);
      let ffn: GPUBuffer;
      if (isMoeLayer(c, l)) {
        const M = `${L}.moe`;
        const Fe = c.moe_intermediate_size;
        const routerLogits = alloc(`${M}.router_logits`, T * E);
        linear(u, this.w(`${P}.mlp.gate.weight`), routerLogits, D, E);
        const affinity = out(`${M}.affinity`, [T, E]);
        const biased = out(`${M}.biased`, [T, E]);
        const groupScores = out(`${M}.group_scores`, [T, c.n_group]);
        const chosen = out(`${M}.chosen`, [T, k]);
        const gates = out(`${M}.gates`, [T, k]);
        run('router', { T, E, G: c.n_group, topkGroup: c.topk_group, k, norm: c.norm_topk_prob ? 1 : 0, scale: c.routed_scaling_factor },
          [routerLogits, this.w(`${P}.mlp.gate.e_score_correction_bias`), affinity, biased, groupScores, chosen, gates], T);
        // Every routed expert on every token, batched over experts (grid z); combine reads only the chosen ones.
        const eg = alloc(`${M}.experts.gate`, E * T * Fe);
        const eu = alloc(`${M}.experts.up`, E * T * Fe);
        linear(u, this.w(`${P}.mlp.experts.gate_proj.packed`), eg, D, Fe, { wBatch: Fe * D, yBatch: T * Fe, batch: E });
        linear(u, this.w(`${P}.mlp.experts.up_proj.packed`), eu, D, Fe, { wBatch: Fe * D, yBatch: T * Fe, batch: E });
        const eh = alloc(`${M}.experts.hidden`, E * T * Fe);
        swiglu(eg, eu, eh, E * T * Fe);
        const experts = out(`${M}.experts`, [E, T, D]);
        linear(eh, this.w(`${P}.mlp.experts.down_proj.packed`), experts, Fe, D, { xBatch: T * Fe, wBatch: D * Fe, yBatch: T * D, batch: E });
        const Fs = Fe * c.n_shared_experts;
        const sg = out(`${M}.shared.gate`, [T, Fs]);
        const su = out(`${M}.shared.up`, [T, Fs]);
        linear(u, this.w(`${P}.mlp.shared_experts.gate_proj.weight`), sg, D, Fs);
        linear(u, this.w(`${P}.mlp.shared_experts.up_proj.weight`), su, D, Fs);
        const sh = out(`${M}.shared.hidden`, [T, Fs]);
        swiglu(sg, su, sh, T * Fs);
        const shared = out(`${M}.shared.out`, [T, D]);
        linear(sh, this.w(`${P}.mlp.shared_experts.down_proj.weight`), shared, Fs, D);
        const routed = out(`${M}.routed`, [T, D]);
        ffn = out(`${M}.out`, [T, D]);
        run('moeCombine', { T, D, k }, [gates, chosen, experts, shared, routed, ffn], T * D);
      } else {
        const F = c.intermediate_size;
        const g = out(`${L}.mlp.gate`, [T, F]);
        const up = out(`${L}.mlp.up`, [T, F]);
        linear(u, this.w(`${P}.mlp.gate_proj.weight`), g, D, F);
        linear(u, this.w(`${P}.mlp.up_proj.weight`), up, D, F);
        const hidden = out(`${L}.mlp.hidden`, [T, F]);
        swiglu(g, up, hidden, T * F);
        ffn = out(`${L}.mlp.out`, [T, D]);
        linear(hidden, this.w(`${P}.mlp.down_proj.weight`), ffn, F, D);
      }
      x = out(`${L}.output`, [T, D]);
      add(afterAttn, ffn, x, T * D);
    }
    const final = out('final_norm', [T, D]);
    rmsnorm(x, this.w('model.norm.weight'), final, D);
    const logits = out('logits', [T, c.vocab_size]);
    linear(final, this.w('lm_head.weight'), logits, D, c.vocab_size);

    // What must come back: the logits, the requested tensors, and the sources of those derived on the CPU.
    const sources = new Set<string>(['logits']);
    for (const name of requested) {
      const alias = aliases.get(name);
      const m = /^(layers\.\d+)\.(attn\.q|attn\.k|attn\.head_out|moe\.expert\.\d+)$/.exec(name);
      if (alias) sources.add(alias);
      else if (m?.[2] === 'attn.head_out') sources.add(`${m[1]}.attn.output`);
      else if (m?.[2] === 'attn.q') ['attn.q_nope', 'attn.q_rope'].forEach((s) => sources.add(`${m[1]}.${s}`));
      else if (m?.[2] === 'attn.k') ['attn.k_nope', 'attn.k_rope'].forEach((s) => sources.add(`${m[1]}.${s}`));
      else if (m) ['moe.experts', 'moe.chosen'].forEach((s) => sources.add(`${m[1]}.${s}`));
      else sources.add(name);
    }

    const data = await this.execute(dispatches, [...sources].map((name) => ({ name, ...produced.get(name)! })), frame);
    const tensor = (name: string) => data.get(name)!;
    const trace = new Map<string, Tensor>();
    for (const name of requested) {
      const alias = aliases.get(name);
      const m = /^(layers\.\d+)\.(attn\.q|attn\.k|attn\.head_out|moe\.expert\.(\d+))$/.exec(name);
      if (alias) trace.set(name, new Tensor(name, tensor(alias).shape, tensor(alias).data));
      else if (m?.[2] === 'attn.head_out') {
        // A per-head split of o_proj for the figures: from the GPU's attention output and the CPU's copy of W^O.
        const l = m[1]!.slice('layers.'.length);
        trace.set(name, headOutputs(name, tensor(`${m[1]}.attn.output`), this.cpuWeight(`model.layers.${l}.self_attn.o_proj.weight`), H));
      }
      else if (m?.[2] === 'attn.q') trace.set(name, concatHeads(name, tensor(`${m[1]}.attn.q_nope`), tensor(`${m[1]}.attn.q_rope`), H, false));
      else if (m?.[2] === 'attn.k') trace.set(name, concatHeads(name, tensor(`${m[1]}.attn.k_nope`), tensor(`${m[1]}.attn.k_rope`), H, true));
      else if (m?.[3] !== undefined) {
        // An expert's output at the tokens routed to it, zero elsewhere — and absent if no token chose it, as on the CPU.
        const e = Number(m[3]);
        const chosen = tensor(`${m[1]}.moe.chosen`).data;
        const all = tensor(`${m[1]}.moe.experts`).data;
        const placed = new Tensor(name, [T, D]);
        let any = false;
        for (let t = 0; t < T; t++) {
          if (![...chosen.subarray(t * k, (t + 1) * k)].includes(e)) continue;
          any = true;
          placed.data.set(all.subarray((e * T + t) * D, (e * T + t + 1) * D), t * D);
        }
        if (any) trace.set(name, placed);
      } else trace.set(name, tensor(name));
    }
    return { logits: tensor('logits'), trace, dispatches: dispatches.length, readbacks: 1 };
  }

  /** Encodes every dispatch into one command buffer, copies the outputs into one staging buffer, maps it once. */
  private async execute(dispatches: Dispatch[], outputs: { name: string; buffer: GPUBuffer; shape: number[] }[], frame: GPUBuffer[]): Promise<Map<string, Tensor>> {
    const device = this.device;
    const uniformData = new ArrayBuffer(dispatches.length * UNIFORM_STRIDE);
    dispatches.forEach((d, i) => writeParams(this.kernels.get(d.kernel)!, uniformData, i * UNIFORM_STRIDE, d.params));
    const uniforms = device.createBuffer({ label: 'miniseek params', size: uniformData.byteLength, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    frame.push(uniforms);
    device.queue.writeBuffer(uniforms, 0, uniformData);

    const sizes = outputs.map((o) => o.shape.reduce((a, b) => a * b, 1) * 4);
    const staging = device.createBuffer({ label: 'miniseek readback', size: Math.max(4, sizes.reduce((a, b) => a + b, 0)), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    frame.push(staging);
    const encoder = device.createCommandEncoder({ label: 'miniseek forward' });
    const pass = encoder.beginComputePass({ label: 'miniseek forward' });
    dispatches.forEach((d, i) => {
      const kernel = this.kernels.get(d.kernel)!;
      const bindGroup = device.createBindGroup({
        label: `miniseek ${d.kernel} #${i}`,
        layout: kernel.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: uniforms, offset: i * UNIFORM_STRIDE, size: kernel.params.size } },
          ...d.buffers.map((buffer, b) => ({ binding: b + 1, resource: { buffer } })),
        ],
      });
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
    });
    pass.end();
    let offset = 0;
    outputs.forEach((o, i) => {
      encoder.copyBufferToBuffer(o.buffer, 0, staging, offset, sizes[i]!);
      offset += sizes[i]!;
    });
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(MapMode.READ);
      const all = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      const result = new Map<string, Tensor>();
      let at = 0;
      outputs.forEach((o, i) => {
        const n = sizes[i]! / 4;
        result.set(o.name, new Tensor(o.name, o.shape, all.slice(at, at + n)));
        at += n;
      });
      return result;
    } finally {
      // The frame's activations live only for this forward: nothing a figure asked for stays on the GPU.
      for (const b of frame) b.destroy();
    }
  }
}
