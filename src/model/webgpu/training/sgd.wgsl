// Plain SGD, one parameter tensor in place:  w[i] = w[i] − lr · g[i]
// CPU twin: sgdUpdate(w, g, lr) in src/foundations/sgd.ts (the lab's CPU trainer updates with it too).
// Layout: one invocation per element, WG per workgroup; workgroups as elementwiseGroups(count) (x up to 65535,
// the rest in y).
struct Params { count: u32, lr: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = gid.y * groups.x * WG + gid.x;
  if (i >= params.count) { return; }
  w[i] = w[i] - params.lr * g[i];
}
