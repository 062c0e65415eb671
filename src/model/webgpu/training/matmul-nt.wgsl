// Linear forward (nn.Linear without bias):  y[t, o] = Σ_i x[t, i] · W[o, i]      y = x·Wᵀ, x [T, n], W [m, n], y [T, m]
// CPU twin: referenceKernels.matmulNT(x, w, y, T, n, m). y is overwritten.
// Layout: workgroups of TILE × TILE invocations, one per output element; workgroup (bx, by) computes the block
// y[by·TILE …, bx·TILE …], dispatched (ceil(m / TILE), ceil(T / TILE), 1). The sum over i runs TILE columns at a
// time: each invocation loads one x and one W value into workgroup memory (0 past the edges), then every
// invocation adds its TILE products from there.
struct Params { T: u32, n: u32, m: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override TILE: u32 = 16;
var<workgroup> xs: array<f32, TILE * TILE>; // xs[r·TILE + k] = x[row r of the block, column k0 + k]
var<workgroup> ws: array<f32, TILE * TILE>; // ws[k·TILE + c] = W[column c of the block, k0 + k]

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = wid.y * TILE + lid.y;
  let o = wid.x * TILE + lid.x;
  // The row of W this invocation loads: column wid.x·TILE + lid.y of the block.
  let wo = wid.x * TILE + lid.y;
  var s = 0.0;
  for (var k0 = 0u; k0 < params.n; k0 += TILE) {
    let i = k0 + lid.x;
    xs[lid.y * TILE + lid.x] = select(0.0, x[t * params.n + i], t < params.T && i < params.n);
    ws[lid.x * TILE + lid.y] = select(0.0, w[wo * params.n + i], wo < params.m && i < params.n);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) { s += xs[lid.y * TILE + k] * ws[k * TILE + lid.x]; }
    workgroupBarrier();
  }
  if (t < params.T && o < params.m) { y[t * params.m + o] = s; }
}
