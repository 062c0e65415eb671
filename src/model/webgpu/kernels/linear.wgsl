// Linear layer, batched:  y[b, t, o] = Σ_i x[b, t, off + i] · W[b, o, i]     (W stored [OUT, IN] as nn.Linear)
// b indexes experts when their weights are packed [E, OUT, IN]; a plain layer has one batch. x rows are
// `xStride` wide; `xBatch`, `wBatch`, `yBatch` are the per-batch strides (0 = shared input).
// Layout: one invocation per output element (t, o); workgroups (ceil(T·OUT / WG), 1, B).
struct Params { T: u32, IN: u32, OUT: u32, xStride: u32, xOffset: u32, xBatch: u32, wBatch: u32, yBatch: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.T * params.OUT) { return; }
  let b = gid.z;
  let t = i / params.OUT;
  let o = i % params.OUT;
  let xb = b * params.xBatch + t * params.xStride + params.xOffset;
  let wb = b * params.wBatch + o * params.IN;
  var s = 0.0;
  for (var k = 0u; k < params.IN; k++) { s += x[xb + k] * w[wb + k]; }
  y[b * params.yBatch + t * params.OUT + o] = s;
}
