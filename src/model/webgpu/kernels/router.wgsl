// DeepSeekMoE router for one token (V3 eqs. 13–16, as the reference's DeepseekV3TopkRouter):
//   s_e = σ(logit_e);  b̃_e = s_e + bias_e;  group score = sum of the group's top-2 b̃;
//   keep the best topkGroup groups, set the rest to 0.0; chosen = top-k of what is left (ties: lower index);
//   gate_j = s_{chosen_j} / (Σ_j s_{chosen_j} + 1e-20 if norm) · scale      (the bias never enters a gate)
// Layout: one invocation per token; E ≤ 64, G ≤ 16, k ≤ 8.
struct Params { T: u32, E: u32, G: u32, topkGroup: u32, k: u32, norm: u32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> affinity: array<f32>;
@group(0) @binding(4) var<storage, read_write> biased: array<f32>;
@group(0) @binding(5) var<storage, read_write> groupScores: array<f32>;
@group(0) @binding(6) var<storage, read_write> chosen: array<f32>;
@group(0) @binding(7) var<storage, read_write> gates: array<f32>;
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let t = gid.x;
  if (t >= params.T) { return; }
  let E = params.E;
  let per = E / params.G;
  var masked: array<f32, 64>;
  for (var e = 0u; e < E; e++) {
    let s = 1.0 / (1.0 + exp(-logits[t * E + e]));
    affinity[t * E + e] = s;
    let sb = s + bias[e];
    biased[t * E + e] = sb;
    masked[e] = sb;
  }
  // Each group's score: its two largest biased affinities (first index wins a tie).
  var gscore: array<f32, 16>;
  for (var g = 0u; g < params.G; g++) {
    var best = 0u;
    for (var e = 1u; e < per; e++) { if (masked[g * per + e] > masked[g * per + best]) { best = e; } }
    var second = select(0u, 1u, best == 0u);
    for (var e = 0u; e < per; e++) { if (e != best && masked[g * per + e] > masked[g * per + second]) { second = e; } }
    gscore[g] = masked[g * per + best] + masked[g * per + second];
    groupScores[t * params.G + g] = gscore[g];
  }
  // Keep the topkGroup best groups.
  var keep: array<bool, 16>;
  for (var r = 0u; r < params.topkGroup; r++) {
    var best = 0u;
    var found = false;
    for (var g = 0u; g < params.G; g++) {
      if (keep[g]) { continue; }
      if (!found || gscore[g] > gscore[best]) { best = g; found = true; }
    }
    keep[best] = true;
  }
  for (var e = 0u; e < E; e++) { if (!keep[e / per]) { masked[e] = 0.0; } }
  // Top-k experts of the masked scores.
  var taken: array<bool, 64>;
  var total = 0.0;
  var picks: array<u32, 8>;
  for (var j = 0u; j < params.k; j++) {
    var best = 0u;
    var found = false;
    for (var e = 0u; e < E; e++) {
      if (taken[e]) { continue; }
      if (!found || masked[e] > masked[best]) { best = e; found = true; }
    }
    taken[best] = true;
    picks[j] = best;
    total += affinity[t * E + best];
  }
  var denom = 1.0;
  if (params.norm != 0u) { denom = total + 1e-20; }
  for (var j = 0u; j < params.k; j++) {
    chosen[t * params.k + j] = f32(picks[j]);
    gates[t * params.k + j] = affinity[t * E + picks[j]] / denom * params.scale;
  }
}
