// DeepSeekMoE combine (V3 eq. 12 without the residual):
//   routed[t, d] = Σ_j gate[t, j] · expert_{chosen[t, j]}(u_t)[d],   out[t, d] = routed[t, d] + shared[t, d]
// Every expert ran on every token (experts [E, T, D]); only the chosen ones are read here.
// Layout: one invocation per (t, d), ceil(T·D / WG) workgroups.
struct Params { T: u32, D: u32, k: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> gates: array<f32>;
@group(0) @binding(2) var<storage, read> chosen: array<f32>;
@group(0) @binding(3) var<storage, read> experts: array<f32>;
@group(0) @binding(4) var<storage, read> sharedOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> routed: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.T * params.D) { return; }
  let t = i / params.D;
  let d = i % params.D;
  var s = 0.0;
  for (var j = 0u; j < params.k; j++) {
    let e = u32(chosen[t * params.k + j]);
    s += gates[t * params.k + j] * experts[(e * params.T + t) * params.D + d];
  }
  routed[i] = s;
  out[i] = s + sharedOut[i];
}
