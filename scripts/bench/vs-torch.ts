/**
 * The engine against PyTorch alone, without building the site or starting Chromium: `npx tsx scripts/bench/vs-torch.ts
 * [runs]`. The same rows as `npm run bench` prints (Node forward at 16/64/127 tokens and a training step of the
 * shipped recipe, each beside PyTorch's on one thread), for quick checks while making the CPU path faster.
 */
import { useFastKernels } from '../../src/model/kernels/active';
import { nodeForward, nodeTrainStep } from './node-model';
import { round, table } from './stats';
import { torchCompare } from './torch-compare';

const RUNS = Number(process.argv[2] ?? 7);
const LENGTHS = [16, 64, 127];
const kernel = await useFastKernels();
console.log(`Node kernels: ${kernel.name}${kernel.reason ? ` (${kernel.reason})` : ''}`);
const node = await nodeForward(LENGTHS, RUNS);
const step = nodeTrainStep(3);
const torch = torchCompare(LENGTHS, RUNS);
if ('skipped' in torch) {
  console.log(`PyTorch: skipped (${torch.skipped})`);
  console.log(table(['tokens', 'Node CPU ms'], LENGTHS.map((n) => [n, round(node[n] ?? NaN, 2)])));
  console.log(`training step: Node ${round(step.ms, 1)} ms`);
} else {
  console.log(`PyTorch ${torch.torchVersion}, ${torch.threads} thread(s), BLAS ${torch.blas} (median of ${RUNS})`);
  console.log(table(['tokens', 'Node CPU ms', 'PyTorch CPU ms', 'Node/PyTorch'],
    LENGTHS.map((n) => [n, round(node[n] ?? NaN, 2), round(torch.forwardMs[n] ?? NaN, 2), round((node[n] ?? NaN) / (torch.forwardMs[n] ?? NaN), 2)])));
  console.log(`training step (batch 8 × 48): Node ${round(step.ms, 1)} ms, PyTorch ${round(torch.trainStepMs, 1)} ms, Node/PyTorch ${round(step.ms / torch.trainStepMs, 2)}`);
  console.log(`parity: ${JSON.stringify(torch.parity)}`);
}
