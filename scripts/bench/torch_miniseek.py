#!/usr/bin/env python3
"""
MiniSeek in PyTorch, for the benchmark's comparison (issue #16): the same model as src/model/forward.ts (MLA with
the interleaved RoPE, DeepSeekMoE with sigmoid scoring, group-limited top-k on affinity + e_score_correction_bias,
norm_topk_prob, routed_scaling_factor, a shared expert, dense first layers, RMSNorm, an untied lm_head), the
training losses of src/model/loss.ts and the AdamW of src/train/adamw.ts, written the way one would write them
in PyTorch (batched, one thread) so the timings are a fair yardstick for the TypeScript engine.

Reads a job (JSON) on stdin, writes one JSON object on stdout. The job names a checkpoint directory
(config.json + model.safetensors, read here with json/struct/numpy) and asks for any of:
  "forward": {"checkpoint", "parityIds", "timeIds": {"16": [...], ...}, "runs", "warmup"}
      → logits for parityIds (nested lists of the float32 values) and median forward ms per length;
  "train": {"checkpoint", "options" (TrainOptions), "steps": [[window of seqLen+1 ids] × batch] per step,
            "parityStepCount", "weightsOut", "warmup"}
      → per-step loss and balance loss, the median step ms after `warmup` steps, and the weights after
        `parityStepCount` steps written to `weightsOut` (F32 safetensors) for the Node side to compare.
Run by scripts/bench/torch-compare.ts; see there for how the inputs are made.
"""
import os

# One thread everywhere, set before torch (and its BLAS) loads, so the comparison is one core against one core.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


# ---------------------------------------------------------------- checkpoint files


def read_safetensors(path):
    """name → float32 numpy array; F32, F16 and BF16 (widened exactly), as src/model/safetensors.ts reads."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    start = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[start + begin : start + end]
        dtype = info["dtype"]
        if dtype == "F32":
            arr = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F16":
            arr = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif dtype == "BF16":
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f"{path}: tensor {name!r} has dtype {dtype}; only F32, F16 and BF16 are read")
        out[name] = arr.astype(np.float32).reshape(info["shape"])
    return out


def write_safetensors(path, tensors):
    """F32 safetensors of name → tensor, laid out in name order with an 8-byte-aligned header."""
    names = sorted(tensors)
    header, offset, blobs = {}, 0, []
    for name in names:
        blob = tensors[name].detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load_checkpoint(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    arrays = read_safetensors(os.path.join(directory, "model.safetensors"))
    return config, {name: torch.from_numpy(a.copy()) for name, a in arrays.items()}


# ---------------------------------------------------------------- the model


def rope_tables(T, d, base):
    """cos, sin [T, d/2] computed as src/model/attention-ops.ts ropeTables does: inv_freq and the angle rounded
    to float32, cos and sin in double, stored as float32 (so both sides rotate by the very same numbers)."""
    half = d // 2
    inv = np.array([1 / base ** ((2 * i) / d) for i in range(half)], dtype=np.float64).astype(np.float32)
    angle = (np.arange(T, dtype=np.float64)[:, None] * inv.astype(np.float64)[None, :]).astype(np.float32)
    a = angle.astype(np.float64)
    return torch.from_numpy(np.cos(a).astype(np.float32)), torch.from_numpy(np.sin(a).astype(np.float32))


def rope(x, cos, sin, interleave):
    """x [B, T, heads, d] → rotated, written de-interleaved (first halves, then second halves) as the TS does."""
    half = x.shape[-1] // 2
    if interleave:
        xa, xb = x[..., 0::2], x[..., 1::2]
    else:
        xa, xb = x[..., :half], x[..., half:]
    c = cos[None, :, None, :]
    s = sin[None, :, None, :]
    return torch.cat([xa * c - xb * s, xb * c + xa * s], dim=-1)


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def swiglu_mlp(x, w, prefix):
    return F.linear(F.silu(F.linear(x, w[f"{prefix}.gate_proj.weight"])) * F.linear(x, w[f"{prefix}.up_proj.weight"]), w[f"{prefix}.down_proj.weight"])


def mla(c, w, P, h, cos, sin, mask):
    B, T, _ = h.shape
    H, dn, dr, dv, dc = c["num_attention_heads"], c["qk_nope_head_dim"], c["qk_rope_head_dim"], c["v_head_dim"], c["kv_lora_rank"]
    eps = c["rms_norm_eps"]
    interleave = c.get("rope_interleave", True) is not False
    cq = rms_norm(F.linear(h, w[f"{P}.q_a_proj.weight"]), w[f"{P}.q_a_layernorm.weight"], eps)
    q = F.linear(cq, w[f"{P}.q_b_proj.weight"]).view(B, T, H, dn + dr)
    q_rope = rope(q[..., dn:], cos, sin, interleave)
    kv_a = F.linear(h, w[f"{P}.kv_a_proj_with_mqa.weight"])
    ckv = rms_norm(kv_a[..., :dc], w[f"{P}.kv_a_layernorm.weight"], eps)
    k_rope = rope(kv_a[..., dc:].view(B, T, 1, dr), cos, sin, interleave)  # one RoPE key shared by every head
    kv = F.linear(ckv, w[f"{P}.kv_b_proj.weight"]).view(B, T, H, dn + dv)
    qf = torch.cat([q[..., :dn], q_rope], dim=-1).transpose(1, 2)  # [B, H, T, dn + dr]
    kf = torch.cat([kv[..., :dn], k_rope.expand(B, T, H, dr)], dim=-1).transpose(1, 2)
    v = kv[..., dn:].transpose(1, 2)  # [B, H, T, dv]
    scores = (qf @ kf.transpose(-1, -2)) * (1 / math.sqrt(dn + dr))
    probs = torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1)
    out = (probs @ v).transpose(1, 2).reshape(B, T, H * dv)
    return F.linear(out, w[f"{P}.o_proj.weight"])


def stable_top(values, k):
    """Indices of the k largest along the last axis, ties to the lower index (moe-ops.ts topK): a stable sort."""
    return torch.sort(values, dim=-1, descending=True, stable=True).indices[..., :k]


def moe(c, w, P, u, routing):
    B, T, D = u.shape
    E, G, kg, k = c["n_routed_experts"], c["n_group"], c["topk_group"], c["num_experts_per_tok"]
    affinity = torch.sigmoid(F.linear(u, w[f"{P}.gate.weight"]))  # [B, T, E]
    with torch.no_grad():  # the choice is not differentiable; only the gate values are
        biased = affinity + w[f"{P}.gate.e_score_correction_bias"]
        group_scores = biased.view(B, T, G, E // G).topk(2, dim=-1).values.sum(-1)  # top-2 sum per group
        keep = torch.zeros(B, T, G, dtype=torch.bool).scatter_(-1, stable_top(group_scores, kg), True)
        # The other groups' experts become 0.0, as the reference's masked_fill does (a negative score can lose to it).
        masked = biased.masked_fill(~keep.repeat_interleave(E // G, dim=-1), 0.0)
        chosen = stable_top(masked, k)  # [B, T, k]
    gates = affinity.gather(-1, chosen)
    if c.get("norm_topk_prob", True) is not False:
        gates = gates / (gates.sum(-1, keepdim=True) + 1e-20)
    gates = gates * c["routed_scaling_factor"]
    routing.append((affinity, chosen))

    flat = u.reshape(B * T, D)
    slots = chosen.reshape(-1)  # token n's j-th choice is slot n·k + j
    order = torch.argsort(slots, stable=True)
    counts = torch.bincount(slots, minlength=E).tolist()
    tokens = order // k
    weights = gates.reshape(-1)[order]
    routed = torch.zeros_like(flat)
    at = 0
    for e, n in enumerate(counts):
        if n == 0:
            continue  # an expert no token chose gets no gradient, as in the TS
        idx = tokens[at : at + n]
        y = swiglu_mlp(flat[idx], w, f"{P}.experts.{e}")
        routed = routed.index_add(0, idx, y * weights[at : at + n, None])
        at += n
    shared = swiglu_mlp(u, w, f"{P}.shared_experts")
    return routed.view(B, T, D) + shared


def forward(c, w, ids):
    """ids [B, T] (int64) → logits [B, T, V] and per MoE layer (affinity [B, T, E], chosen [B, T, k])."""
    B, T = ids.shape
    cos, sin = rope_tables(T, c["qk_rope_head_dim"], c["rope_theta"])
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)
    eps = c["rms_norm_eps"]
    routing = []
    x = w["model.embed_tokens.weight"][ids]
    for layer in range(c["num_hidden_layers"]):
        P = f"model.layers.{layer}"
        x = x + mla(c, w, f"{P}.self_attn", rms_norm(x, w[f"{P}.input_layernorm.weight"], eps), cos, sin, mask)
        u = rms_norm(x, w[f"{P}.post_attention_layernorm.weight"], eps)
        if layer >= c["first_k_dense_replace"]:
            x = x + moe(c, w, f"{P}.mlp", u, routing)
        else:
            x = x + swiglu_mlp(u, w, f"{P}.mlp")
    return F.linear(rms_norm(x, w["model.norm.weight"], eps), w["lm_head.weight"]), routing


# ---------------------------------------------------------------- training (src/model/loss.ts, src/train/*)


def balance_loss(affinity, chosen, E, alpha):
    """V3 eqs. 17–20 per sequence: α Σ_i f_i P_i with f_i = E/(k·T)·(tokens choosing i), a constant. → [B]."""
    B, T, k = chosen.shape
    counts = torch.zeros(B, E).scatter_add_(1, chosen.reshape(B, T * k), torch.ones(B, T * k))
    f = counts * (E / (k * T))
    P = (affinity / affinity.sum(-1, keepdim=True)).mean(1)
    return alpha * (f * P).sum(-1)


def learning_rate(step, o):
    """src/train/trainer.ts learningRate: linear warm-up, then cosine decay to lr × finalLrRatio."""
    if step < o["warmupSteps"]:
        return o["lr"] * (step + 1) / o["warmupSteps"]
    progress = (step - o["warmupSteps"]) / max(1, o["steps"] - o["warmupSteps"])
    low = o["lr"] * o["finalLrRatio"]
    return low + (o["lr"] - low) * 0.5 * (1 + math.cos(math.pi * min(1, progress)))


class AdamW:
    """src/train/adamw.ts: global-norm clipping at 1.0, one step counter for all tensors, decay on ≥2-D tensors
    only, and a tensor without a gradient this step left alone (no decay, no moment update)."""

    def __init__(self, params, beta1=0.9, beta2=0.95, eps=1e-8, weight_decay=0.1, clip_norm=1.0):
        self.params = params
        self.beta1, self.beta2, self.eps, self.weight_decay, self.clip_norm = beta1, beta2, eps, weight_decay, clip_norm
        self.m = {id(p): torch.zeros_like(p) for p in params}
        self.v = {id(p): torch.zeros_like(p) for p in params}
        self.step = 0

    @torch.no_grad()
    def update(self, lr):
        live = [p for p in self.params if p.grad is not None]
        grads = [p.grad for p in live]
        norm = float(torch.stack([torch.linalg.vector_norm(g.double()) for g in grads]).norm())
        clip = self.clip_norm / norm if norm > self.clip_norm else 1.0
        self.step += 1
        c1 = 1 - self.beta1**self.step
        c2 = 1 - self.beta2**self.step
        b1, b2 = self.beta1, self.beta2
        ms = [self.m[id(p)] for p in live]
        vs = [self.v[id(p)] for p in live]
        if clip != 1.0:
            torch._foreach_mul_(grads, clip)
        torch._foreach_mul_(ms, b1)
        torch._foreach_add_(ms, grads, alpha=1 - b1)
        torch._foreach_mul_(vs, b2)
        torch._foreach_addcmul_(vs, grads, grads, value=1 - b2)
        for p in live:
            if p.dim() > 1:
                p.mul_(1 - lr * self.weight_decay)
        denom = torch._foreach_sqrt(torch._foreach_div(vs, c2))
        torch._foreach_add_(denom, self.eps)
        torch._foreach_addcdiv_(live, ms, denom, value=-lr / c1)
        for p in live:
            p.grad = None
        return norm


def train(job):
    c, w = load_checkpoint(job["checkpoint"])
    o = job["options"]
    E, k = c["n_routed_experts"], c["num_experts_per_tok"]
    for name, t in w.items():
        t.requires_grad_(not name.endswith("e_score_correction_bias"))  # the bias is a buffer (weights.ts)
    params = [t for t in w.values() if t.requires_grad]
    optimiser = AdamW(params)
    losses, balances, times = [], [], []
    for step, windows in enumerate(job["steps"]):
        t0 = time.perf_counter()
        batch = torch.tensor(windows, dtype=torch.int64)  # [B, seqLen + 1]
        ids, targets = batch[:, :-1], batch[:, 1:]
        B, T = ids.shape
        logits, routing = forward(c, w, ids)
        ce = F.cross_entropy(logits.reshape(B * T, -1), targets.reshape(-1), reduction="none").view(B, T).mean(1)
        balance = sum(balance_loss(a, ch, E, o["balanceAlpha"]) for a, ch in routing)
        # The TS backpropagates each sequence's CE + balance and divides the summed gradients by the batch: a mean.
        (ce + balance).mean().backward()
        optimiser.update(learning_rate(step, o))
        with torch.no_grad():  # the auxiliary-loss-free bias update (src/train/load-balance.ts updateBias)
            for layer, (_, ch) in zip(range(c["first_k_dense_replace"], c["num_hidden_layers"]), routing):
                load = torch.bincount(ch.reshape(-1), minlength=E).float()
                bias = w[f"model.layers.{layer}.mlp.gate.e_score_correction_bias"]
                mean = load.mean()
                bias -= o["biasGamma"] * (load > mean).float()
                bias += o["biasGamma"] * (load < mean).float()
        times.append((time.perf_counter() - t0) * 1000)
        losses.append(float(ce.mean()))
        balances.append(float(balance.mean()))
        if step + 1 == job.get("parityStepCount") and job.get("weightsOut"):
            write_safetensors(job["weightsOut"], w)
    timed = times[job.get("warmup", 1) :]
    return {"losses": losses, "balanceLosses": balances, "stepMs": statistics.median(timed) if timed else None, "samples": len(timed)}


def forward_job(job):
    c, w = load_checkpoint(job["checkpoint"])
    out = {}
    with torch.no_grad():
        if job.get("parityIds"):
            logits, _ = forward(c, w, torch.tensor([job["parityIds"]], dtype=torch.int64))
            out["logits"] = logits[0].tolist()
        ms = {}
        for length, ids in job.get("timeIds", {}).items():
            x = torch.tensor([ids], dtype=torch.int64)
            for _ in range(job.get("warmup", 2)):
                forward(c, w, x)
            runs = []
            for _ in range(job.get("runs", 7)):
                t0 = time.perf_counter()
                forward(c, w, x)
                runs.append((time.perf_counter() - t0) * 1000)
            ms[length] = statistics.median(runs)
        out["ms"] = ms
    return out


def blas_in_use():
    """The BLAS library torch actually calls: the library mapped after a matrix product (Linux; Debian's torch is
    built against the generic libblas.so.3, which update-alternatives points at OpenBLAS, BLIS or the reference
    BLAS), else the build's BLAS_INFO."""
    a = torch.ones(64, 64)
    a @ a
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1] for line in f if ".so" in line})
        for kinds in (("openblas", "mkl", "blis", "atlas"), ("blas",)):
            found = [x for x in libs if any(k in os.path.basename(x).lower() for k in kinds)]
            if found:
                return ", ".join(found)
    except OSError:
        pass
    info = torch.__config__.show()
    at = info.find("BLAS_INFO=")
    return info[at + len("BLAS_INFO=") :].split(",")[0] if at >= 0 else "unknown"


def main():
    job = json.load(sys.stdin)
    result = {"torchVersion": torch.__version__, "blas": blas_in_use(), "threads": torch.get_num_threads()}
    if "forward" in job:
        result["forward"] = forward_job(job["forward"])
    if "train" in job:
        result["train"] = train(job["train"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
