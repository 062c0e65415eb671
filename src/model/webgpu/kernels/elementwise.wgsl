// Elementwise ops over n values (op chosen by `params.op`):
//   op 0, residual add:  y = a + b
//   op 1, SwiGLU gate:   y = silu(a) · b = a·σ(a)·b      (a = gate_proj output, b = up_proj output)
// Layout: one invocation per element, ceil(n / WG) workgroups.
struct Params { n: u32, op: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.n) { return; }
  if (params.op == 0u) {
    y[i] = a[i] + b[i];
  } else {
    let g = a[i];
    y[i] = g / (1.0 + exp(-g)) * b[i];
  }
}
