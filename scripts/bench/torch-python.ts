/**
 * Finds a python3 that can import torch (and numpy), and runs scripts/bench/torch_miniseek.py with a JSON job on
 * stdin, one thread, returning its JSON answer. When none is found, says why: no python3 at all, or one without torch.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_miniseek.py', import.meta.url));

/** The comparison is one core against one core: OpenMP, OpenBLAS and MKL each read their own variable. */
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

export interface TorchPython {
  readonly python: string;
  readonly torchVersion: string;
}

export const INSTALL_HINT = 'on Debian: apt-get install python3-torch libopenblas0-pthread';

/**
 * $TORCH_PYTHON first, then python3 on PATH, then /usr/bin/python3: Debian's python3-torch lives in the system
 * python, and a pyenv or virtualenv python3 earlier on PATH usually lacks it.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([env.TORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p))];
}

/**
 * The first candidate that imports torch and numpy, or the reason none does.
 * @example const found = findTorchPython(); if ('skipped' in found) console.log(found.skipped)
 */
export function findTorchPython(candidates: readonly string[] = pythonCandidates()): TorchPython | { skipped: string } {
  const missing: string[] = [];
  const withoutTorch: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import numpy, torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
    if (r.error) {
      missing.push(python);
      continue;
    }
    if (r.status !== 0) {
      withoutTorch.push(`${python}: ${lastLine(r.stderr) || `exit ${r.status}`}`);
      continue;
    }
    return { python, torchVersion: r.stdout.trim() };
  }
  if (withoutTorch.length === 0) return { skipped: `no python3 (tried ${missing.join(', ')}); ${INSTALL_HINT}` };
  return { skipped: `no torch in python3 (${withoutTorch.join('; ')}); ${INSTALL_HINT}` };
}

/**
 * Runs torch_miniseek.py on `job` and parses its answer; a failure throws with the end of Python's stderr.
 * @example runTorchJob<{ torchVersion: string }>(python, {})
 */
export function runTorchJob<T>(python: string, job: unknown, timeoutMs = 600_000): T {
  const r = spawnSync(python, [TORCH_SCRIPT], {
    input: JSON.stringify(job),
    encoding: 'utf8',
    env: { ...process.env, ...ONE_THREAD },
    maxBuffer: 256 * 2 ** 20,
    timeout: timeoutMs,
  });
  if (r.error) throw new Error(`${python} ${TORCH_SCRIPT}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${python} ${TORCH_SCRIPT} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return JSON.parse(r.stdout) as T;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
