/**
 * The page's live MiniSeek: loads the checkpoint once, runs it on WebGPU when it can and on the CPU otherwise,
 * and falls back to the CPU for good when the GPU is lost or misbehaves. Every island on a page shares it, so
 * the weights are read and uploaded once per page.
 */
import { loadCheckpoint, type CheckpointFiles, type LoadedModel } from '../model/checkpoint';
import type { Tensor } from '../model/tensor';
import type { GpuModel } from '../model/webgpu/gpu-model';
import { backendState, type BackendKind } from './backend-state.svelte';
import { startCpuForward, type CpuForward } from './cpu-engine';
import { oneLine } from './one-line';
import { requestDevice } from './gpu-device';
import { fetchModelFiles } from './model-files';
import { siteUrl } from '../offline/site-files';

export interface RunResult {
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  /** Input words the vocabulary lacks (read as <unk>). */
  readonly unknown: readonly string[];
  readonly logits: Tensor;
  readonly trace: ReadonlyMap<string, Tensor>;
  /** Where these numbers were computed. */
  readonly backend: BackendKind;
  /** Compute dispatches of the forward pass (WebGPU only). */
  readonly dispatches?: number;
}

export interface RuntimeOptions {
  /** Directory of the checkpoint files. */
  readonly modelDir: URL;
  /** 'cpu' forces the CPU (the page's ?backend=cpu). */
  readonly backend?: 'auto' | 'cpu';
}

export class MiniSeekRuntime {
  private gpu: GpuModel | null = null;
  private device: GPUDevice | null = null;
  /** The CPU forward pass (in a worker), started the first time the page needs the CPU. */
  private cpu: Promise<CpuForward> | null = null;

  private constructor(
    readonly loaded: LoadedModel,
    private readonly files: CheckpointFiles,
  ) {}

  /** Loads the model and picks the backend; resolves even when WebGPU is missing (then on the CPU). */
  static async start(options: RuntimeOptions): Promise<MiniSeekRuntime> {
    backendState.status = 'loading';
    let loaded: LoadedModel;
    let files: CheckpointFiles;
    try {
      files = await fetchModelFiles(options.modelDir);
      loaded = loadCheckpoint(files, 'MiniSeek');
    } catch (error) {
      backendState.status = 'failed';
      backendState.error = `The model could not be loaded: ${(error as Error).message}`;
      throw error;
    }
    const runtime = new MiniSeekRuntime(loaded, files);
    if (options.backend === 'cpu') runtime.useCpu('');
    else await runtime.tryGpu();
    backendState.status = 'ready';
    return runtime;
  }

  private async tryGpu(): Promise<void> {
    const result = await requestDevice();
    if (!result.device) return this.useCpu(result.reason);
    const device = result.device;
    // A lost device (driver reset, tab in background, device.destroy()) or an uncaught GPU error moves the page
    // to the CPU for good; figures keep working and their badges say so.
    void device.lost.then((info) => {
      if (this.device === device) this.useCpu(`the GPU device was lost (${info.reason || 'unknown'})`, info.message);
    });
    device.addEventListener('uncapturederror', (event) => {
      if (this.device === device) this.useCpu('the GPU reported an error', (event as GPUUncapturedErrorEvent).error.message);
    });
    try {
      // The WebGPU code (kernels, webgpu-utils) is fetched only by pages that found a GPU.
      const { GpuModel } = await import('../model/webgpu/gpu-model');
      this.gpu = await GpuModel.create(device, this.loaded.model);
      this.device = device;
      backendState.kind = 'webgpu';
      backendState.reason = '';
    } catch (error) {
      device.destroy();
      this.useCpu("the GPU could not build MiniSeek's kernels", (error as Error).message);
    }
  }

  /** Moves the page to the CPU; the badge says `reason` in one line, `details` (a GPU error's text) goes in a disclosure. */
  private useCpu(reason: string, details = ''): void {
    const gpu = this.gpu;
    this.gpu = null;
    this.device = null;
    gpu?.destroy();
    backendState.kind = 'cpu';
    backendState.reason = oneLine(reason);
    backendState.details = details.trim();
  }

  /** The current backend. */
  get backend(): BackendKind {
    return this.gpu ? 'webgpu' : 'cpu';
  }

  /**
   * Runs the model on a text (with <bos> first) and returns the logits and the traced tensors.
   * @example const result = await runtime.run('the keys to the cabinet', ['layers.0.attn.probs'])
   */
  async run(text: string, trace: readonly string[] = []): Promise<RunResult> {
    const { tokenizer } = this.loaded;
    const encoding = tokenizer.encode(text, { bos: true });
    const base = { ids: encoding.ids, tokens: encoding.tokens, unknown: encoding.unknown };
    const out = await this.runIds(encoding.ids, trace);
    // NaN or ∞ anywhere would reach the figures as nonsense (a NaN score reads like a masked one): refuse the run.
    const bad = [['logits', out.logits] as const, ...out.trace].find(([, t]) => t.data.some((x) => Number.isNaN(x) || x === Infinity));
    if (bad) throw new Error(`MiniSeek's ${bad[0]} came out with a non-finite number (on the ${out.backend === 'webgpu' ? 'GPU' : 'CPU'})`);
    return { ...base, ...out };
  }

  /** Runs token ids (already including <bos>). */
  async runIds(ids: readonly number[], trace: readonly string[] = []): Promise<Omit<RunResult, 'ids' | 'tokens' | 'unknown'>> {
    const gpu = this.gpu;
    if (gpu) {
      try {
        const out = await gpu.forward(ids, trace);
        if (this.gpu === gpu) return { logits: out.logits, trace: out.trace, backend: 'webgpu', dispatches: out.dispatches };
      } catch (error) {
        if (this.gpu === gpu) this.useCpu('the GPU forward pass failed', (error as Error).message);
        else if (!/device|lost|destroy/i.test((error as Error).message)) throw error;
      }
    }
    this.cpu ??= startCpuForward(this.files, this.loaded);
    const cpu = await this.cpu;
    const out = await cpu.run(ids, trace);
    backendState.cpuThread = cpu.where;
    backendState.cpuKernel = cpu.kernel?.name ?? '';
    backendState.cpuKernelReason = cpu.kernel?.reason ?? '';
    return { logits: out.logits, trace: out.trace, backend: 'cpu' };
  }

  /** Destroys the GPU device, as a real device loss would (for the lab page and its tests). */
  loseDevice(): void {
    this.device?.destroy();
  }
}

let shared: Promise<MiniSeekRuntime> | undefined;

/**
 * The page's runtime, started on first use with the backend the URL asks for (`?backend=cpu`).
 * @example const runtime = await pageRuntime(); const result = await runtime.run(text)
 */
export function pageRuntime(): Promise<MiniSeekRuntime> {
  shared ??= MiniSeekRuntime.start({
    modelDir: siteUrl('models/miniseek/'),
    backend: new URLSearchParams(location.search).get('backend') === 'cpu' ? 'cpu' : 'auto',
  });
  return shared;
}
