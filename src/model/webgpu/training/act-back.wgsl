// A hidden layer's activation, backward:  da[t, i] = da[t, i] · f′(z[t, i])      da, z [T, n]; da becomes δ
// f′ by params.act: 0 ReLU (0 at z = 0), 1 tanh, 2 sigmoid, 3 SiLU, 4 identity.
// CPU twin: activationBackward(da, z, T, n, act) in src/foundations/mlp-batch.ts. da is scaled in place.
// Layout: one invocation per element, WG per workgroup; workgroups as elementwiseGroups(T · n).
struct Params { T: u32, n: u32, act: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> da: array<f32>;
override WG: u32 = 64;

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn tanh_(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
fn dact(x: f32, kind: u32) -> f32 {
  switch kind {
    case 0u: { return select(0.0, 1.0, x > 0.0); }
    case 1u: { let t = tanh_(x); return 1.0 - t * t; }
    case 2u: { let s = sigmoid(x); return s * (1.0 - s); }
    case 3u: { let s = sigmoid(x); return s * (1.0 + x * (1.0 - s)); }
    default: { return 1.0; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.y * groups.x * WG + gid.x;
  if (i >= params.T * params.n) { return; }
  da[i] = da[i] * dact(z[i], params.act);
}
