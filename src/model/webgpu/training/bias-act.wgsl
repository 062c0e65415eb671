// A layer's bias and activation, after its matmul:  z[t, o] = z[t, o] + b[o],  a[t, o] = f(z[t, o])      z, a [T, n]
// f by params.act: 0 ReLU, 1 tanh, 2 sigmoid, 3 SiLU, 4 identity (the output layer's logit).
// CPU twin: biasActivation(z, b, a, T, n, act) in src/foundations/mlp-batch.ts. z is added to, a is overwritten.
// Layout: one invocation per element of z, WG per workgroup; workgroups as elementwiseGroups(T · n).
struct Params { T: u32, n: u32, act: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> z: array<f32>;
@group(0) @binding(3) var<storage, read_write> a: array<f32>;
override WG: u32 = 64;

// σ(x) without overflow: e^(−x) is never taken of a large positive −x.
fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
// tanh from e^(−2|x|) ≤ 1, finite at any x (a backend's tanh may overflow to NaN for large |x|); below |x| = 0.1,
// where 1 − e would cancel, its Taylor series x − x³/3 + 2x⁵/15 − 17x⁷/315 (truncation error under 1e-10).
fn tanh_(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    let x2 = x * x;
    return x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 - x2 * (17.0 / 315.0))));
  }
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}
fn act(x: f32, kind: u32) -> f32 {
  switch kind {
    case 0u: { return max(x, 0.0); }
    case 1u: { return tanh_(x); }
    case 2u: { return sigmoid(x); }
    case 3u: { return x * sigmoid(x); }
    default: { return x; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.y * groups.x * WG + gid.x;
  if (i >= params.T * params.n) { return; }
  let zi = z[i] + b[i % params.n];
  z[i] = zi;
  a[i] = act(zi, params.act);
}
