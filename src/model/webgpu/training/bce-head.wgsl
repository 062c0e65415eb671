// The output's loss and its gradient, binary cross-entropy of a logit z against a label y ∈ {0, 1}:
//   loss[t] = max(z, 0) − y · z + log(1 + e^(−|z|))      d[t] = (σ(z) − y) / T      z, y, loss, d [T]
// (d is ∂(mean loss)/∂z, the δ that backpropagation starts from.)
// CPU twin: bceHead(z, y, loss, d, T) in src/foundations/mlp-batch.ts (bce and σ as src/foundations/mlp.ts has them).
// Layout: one invocation per row, WG per workgroup; workgroups as elementwiseGroups(T).
struct Params { T: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> d: array<f32>;
override WG: u32 = 64;

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = gid.y * groups.x * WG + gid.x;
  if (t >= params.T) { return; }
  let zt = z[t];
  let yt = y[t];
  loss[t] = max(zt, 0.0) - yt * zt + log(1.0 + exp(-abs(zt)));
  d[t] = (sigmoid(zt) - yt) / f32(params.T);
}
