// AdamW, one parameter tensor in place (CPU twin: adamwTensor in src/train/adamw.ts, same operations in the same order):
//   g' = g · clip                                  (clip: the global clip factor min(1, clipNorm / ‖g‖))
//   m  = β1 · m + (1 − β1) · g'
//   v  = β2 · v + (1 − β2) · g' · g'
//   w  = w · (1 − lr · decay) − (lr · (m / c1)) / (√(v / c2) + ε)      c1 = 1 − β1^step, c2 = 1 − β2^step
// decay is the weight decay for ≥ 2-D tensors and 0 for 1-D ones (the host decides, as AdamW.update does).
// Layout: one invocation per element, WG per workgroup; workgroups (min(G, 65535), ceil(G / 65535), 1) for
// G = ceil(count / WG), so tensors past 65535 workgroups need no second dispatch.
struct Params { count: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, decay: f32, c1: f32, c2: f32, clip: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.y * groups.x * WG + gid.x;
  if (i >= params.count) { return; }
  let p = params;
  let gi = g[i] * p.clip;
  let mi = p.beta1 * m[i] + (1.0 - p.beta1) * gi;
  let vi = p.beta2 * v[i] + (1.0 - p.beta2) * gi * gi;
  m[i] = mi;
  v[i] = vi;
  w[i] = w[i] * (1.0 - p.lr * p.decay) - (p.lr * (mi / p.c1)) / (sqrt(vi / p.c2) + p.eps);
}
