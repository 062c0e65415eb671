// RMSNorm of each row:  y[t, i] = x[t, off + i] / sqrt(mean_i x[t, off + i]² + eps) · w[i]
// x rows are `stride` wide and the normed block starts at column `offset` (c^KV is the first d_c columns
// of kv_a_proj's output). Layout: one invocation per row (rows are short), WG per workgroup.
struct Params { T: u32, D: u32, stride: u32, offset: u32, eps: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let t = gid.x;
  if (t >= params.T) { return; }
  let base = t * params.stride + params.offset;
  var ss = 0.0;
  for (var i = 0u; i < params.D; i++) { let v = x[base + i]; ss += v * v; }
  let r = inverseSqrt(ss / f32(params.D) + params.eps);
  for (var i = 0u; i < params.D; i++) { y[t * params.D + i] = x[base + i] * r * w[i]; }
}
