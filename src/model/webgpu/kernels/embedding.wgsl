// Embedding lookup:  y[t, d] = E[ids[t], d]        (T tokens, D hidden)
// Layout: one invocation per output element, WG invocations per workgroup, ceil(T·D / WG) workgroups.
struct Params { T: u32, D: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read> table: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.T * params.D) { return; }
  let t = i / params.D;
  y[i] = table[ids[t] * params.D + i % params.D];
}
