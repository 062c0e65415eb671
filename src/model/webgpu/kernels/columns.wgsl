// Per-head column block:  y[t, h·width + i] = x[t, h·stride + offset + i]
// Splits q_b_proj's output into q^C, and kv_b_proj's into k^C and v (heads side by side, as the trace has them).
// Layout: one invocation per output element, ceil(T·heads·width / WG) workgroups.
struct Params { T: u32, C: u32, heads: u32, stride: u32, offset: u32, width: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let W = params.heads * params.width;
  let i = gid.x;
  if (i >= params.T * W) { return; }
  let t = i / W;
  let h = (i % W) / params.width;
  let c = i % params.width;
  y[i] = x[t * params.C + h * params.stride + params.offset + c];
}
