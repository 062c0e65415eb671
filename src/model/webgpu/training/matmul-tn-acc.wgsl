// Linear backward, weight gradient:  dW[o, i] += Σ_t dY[t, o] · X[t, i]      dW += dYᵀ·X, dY [T, m], X [T, n], dW [m, n]
// CPU twin: referenceKernels.matmulTNAcc(dy, x, dw, T, m, n). dW is added to.
// Layout: workgroups of TILE × TILE invocations, one per element of dW; workgroup (bx, by) computes the block
// dW[by·TILE …, bx·TILE …], dispatched (ceil(n / TILE), ceil(m / TILE), 1). The sum over the T rows runs TILE
// rows at a time through workgroup memory (0 past the edges).
struct Params { T: u32, m: u32, n: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
override TILE: u32 = 16;
var<workgroup> gs: array<f32, TILE * TILE>; // gs[k·TILE + r] = dY[k0 + k, row r of the block]
var<workgroup> xs: array<f32, TILE * TILE>; // xs[k·TILE + c] = X[k0 + k, column c of the block]

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let o = wid.y * TILE + lid.y;
  let i = wid.x * TILE + lid.x;
  // Loads: invocation (lx, ly) reads row k0 + ly of dY and of X, at block column lx (coalesced along a row).
  let tl = lid.y;
  let og = wid.y * TILE + lid.x; // the dY column (a row of dW) this invocation loads
  var s = 0.0;
  for (var k0 = 0u; k0 < params.T; k0 += TILE) {
    let t = k0 + tl;
    gs[tl * TILE + lid.x] = select(0.0, dy[t * params.m + og], t < params.T && og < params.m);
    xs[tl * TILE + lid.x] = select(0.0, x[t * params.n + i], t < params.T && i < params.n);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) { s += gs[k * TILE + lid.y] * xs[k * TILE + lid.x]; }
    workgroupBarrier();
  }
  if (o < params.m && i < params.n) { dw[o * params.n + i] += s; }
}
