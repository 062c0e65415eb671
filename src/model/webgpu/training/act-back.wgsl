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
// The derivatives in forms without cancellation, so a saturated unit's small f′ keeps float32's relative accuracy
// (1 − tanh² and σ(1 − σ) would subtract two numbers near 1): with e = e^(−2|x|), 1 − tanh²(x) = 4e / (1 + e)²;
// with e = e^(−|x|), σ′(x) = e / (1 + e)²; and SiLU′(x) = σ(x) · (1 + x · σ(−x)), as 1 − σ(x) = σ(−x).
fn dact(x: f32, kind: u32) -> f32 {
  switch kind {
    case 0u: { return select(0.0, 1.0, x > 0.0); }
    case 1u: { let e = exp(-2.0 * abs(x)); let d = 1.0 + e; return 4.0 * e / (d * d); }
    case 2u: { let e = exp(-abs(x)); let d = 1.0 + e; return e / (d * d); }
    case 3u: { return sigmoid(x) * (1.0 + x * sigmoid(-x)); }
    default: { return 1.0; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.y * groups.x * WG + gid.x;
  if (i >= params.T * params.n) { return; }
  da[i] = da[i] * dact(z[i], params.act);
}
