// A layer's bias gradient:  db[o] += Σ_t d[t, o]      d [T, n] (δ of the layer), db [n]
// CPU twin: biasGradient(d, db, T, n) in src/foundations/mlp-batch.ts. db is added to, as the matmuls' gradients are.
// Layout: one invocation per column o, WG per workgroup, each summing its column over the T rows in order;
// workgroups as elementwiseGroups(n).
struct Params { T: u32, n: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> d: array<f32>;
@group(0) @binding(2) var<storage, read_write> db: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let o = gid.y * groups.x * WG + gid.x;
  if (o >= params.n) { return; }
  var s = 0.0;
  for (var t = 0u; t < params.T; t++) { s += d[t * params.n + o]; }
  db[o] += s;
}
