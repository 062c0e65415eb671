// MLA's causal attention for one head and one query position (V3 eq. 10):
//   s[j] = (q^C_{t,h}·k^C_{j,h} + q^R_{t,h}·k^R_j) · scale   for j ≤ t, −∞ above the diagonal
//   p = softmax(s),   o_{t,h} = Σ_j p[j] v_{j,h}
// The decoupled key k^R is one row per token shared by all heads, read in place (no per-head copy).
// Layout: one invocation per (h, t); ceil(H·T / WG) workgroups. T is small (≤ max_position_embeddings).
// `maskBits` is 0xff800000, the bit pattern of −∞, passed at run time: WGSL rejects −∞ as a constant.
struct Params { T: u32, H: u32, dn: u32, dr: u32, dv: u32, scale: f32, maskBits: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> qn: array<f32>;
@group(0) @binding(2) var<storage, read> qr: array<f32>;
@group(0) @binding(3) var<storage, read> kn: array<f32>;
@group(0) @binding(4) var<storage, read> kr: array<f32>;
@group(0) @binding(5) var<storage, read> v: array<f32>;
@group(0) @binding(6) var<storage, read_write> scores: array<f32>;
@group(0) @binding(7) var<storage, read_write> probs: array<f32>;
@group(0) @binding(8) var<storage, read_write> out: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let T = params.T;
  let i = gid.x;
  if (i >= params.H * T) { return; }
  let h = i / T;
  let t = i % T;
  let row = (h * T + t) * T;
  let negInf = bitcast<f32>(params.maskBits);
  var m = negInf;
  for (var j = 0u; j < T; j++) {
    if (j > t) { scores[row + j] = negInf; probs[row + j] = 0.0; continue; }
    var s = 0.0;
    for (var c = 0u; c < params.dn; c++) { s += qn[t * params.H * params.dn + h * params.dn + c] * kn[j * params.H * params.dn + h * params.dn + c]; }
    for (var c = 0u; c < params.dr; c++) { s += qr[t * params.H * params.dr + h * params.dr + c] * kr[j * params.dr + c]; }
    s *= params.scale;
    scores[row + j] = s;
    m = max(m, s);
  }
  var total = 0.0;
  for (var j = 0u; j <= t; j++) { let e = exp(scores[row + j] - m); probs[row + j] = e; total += e; }
  let o = t * params.H * params.dv + h * params.dv;
  for (var c = 0u; c < params.dv; c++) { out[o + c] = 0.0; }
  for (var j = 0u; j <= t; j++) {
    let p = probs[row + j] / total;
    probs[row + j] = p;
    for (var c = 0u; c < params.dv; c++) { out[o + c] += p * v[j * params.H * params.dv + h * params.dv + c]; }
  }
}
