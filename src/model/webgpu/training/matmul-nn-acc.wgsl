// Linear backward, input gradient:  dX[t, i] += Σ_o dY[t, o] · W[o, i]      dX += dY·W, dY [T, m], W [m, n], dX [T, n]
// CPU twin: referenceKernels.matmulNNAcc(dy, w, dx, T, m, n). dX is added to.
// Layout: workgroups of TILE × TILE invocations, one per element of dX; workgroup (bx, by) computes the block
// dX[by·TILE …, bx·TILE …], dispatched (ceil(n / TILE), ceil(T / TILE), 1). The sum over o runs TILE at a time
// through workgroup memory (0 past the edges).
struct Params { T: u32, m: u32, n: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
override TILE: u32 = 16;
var<workgroup> gs: array<f32, TILE * TILE>; // gs[r·TILE + k] = dY[row r of the block, k0 + k]
var<workgroup> ws: array<f32, TILE * TILE>; // ws[k·TILE + c] = W[k0 + k, column c of the block]

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let t = wid.y * TILE + lid.y;
  let i = wid.x * TILE + lid.x;
  var s = 0.0;
  for (var k0 = 0u; k0 < params.m; k0 += TILE) {
    let og = k0 + lid.x; // the dY column this invocation loads
    let ow = k0 + lid.y; // the W row this invocation loads
    gs[lid.y * TILE + lid.x] = select(0.0, dy[t * params.m + og], t < params.T && og < params.m);
    ws[lid.y * TILE + lid.x] = select(0.0, w[ow * params.n + i], ow < params.m && i < params.n);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) { s += gs[lid.y * TILE + k] * ws[k * TILE + lid.x]; }
    workgroupBarrier();
  }
  if (t < params.T && i < params.n) { dx[t * params.n + i] += s; }
}
