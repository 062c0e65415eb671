// RoPE on each head's d dimensions, read from a strided source (RoFormer, arXiv 2104.09864; V3 eqs. 3, 8):
//   a = x[2i], b = x[2i+1] (interleaved, the reference's layout) or a = x[i], b = x[i + d/2]
//   y[i] = a·cos(t·θ_i) − b·sin(t·θ_i),   y[i + d/2] = b·cos(t·θ_i) + a·sin(t·θ_i)
// cos/sin come from tables computed on the CPU ([T, d/2]): WGSL's sin/cos are only good to ~2⁻¹¹.
// Layout: one invocation per (t, h, i < d/2), ceil(T·heads·d/2 / WG) workgroups.
struct Params { T: u32, C: u32, heads: u32, stride: u32, offset: u32, d: u32, interleave: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> cosT: array<f32>;
@group(0) @binding(3) var<storage, read> sinT: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let half = params.d / 2u;
  let i = gid.x;
  if (i >= params.T * params.heads * half) { return; }
  let t = i / (params.heads * half);
  let h = (i / half) % params.heads;
  let p = i % half;
  let src = t * params.C + h * params.stride + params.offset;
  var ia = p;
  var ib = p + half;
  if (params.interleave != 0u) { ia = 2u * p; ib = 2u * p + 1u; }
  let a = x[src + ia];
  let b = x[src + ib];
  let c = cosT[t * half + p];
  let s = sinT[t * half + p];
  let dst = t * params.heads * params.d + h * params.d;
  y[dst + p] = a * c - b * s;
  y[dst + p + half] = b * c + a * s;
}
