/**
 * What the page and the lab's worker say to each other, and the worker's side of it as a pure function (`serve`),
 * so the same code answers in the worker, on the main thread when no worker can start, at build time and in tests.
 */
import { loadCheckpoint, type CheckpointFiles, type LoadedModel } from '../../model/checkpoint';
import { weight } from '../../model/weights';
import { BalanceLab, routerShape, type LabSettings } from './balance-engine';
import { SentenceStream } from './sentence-stream';
import { startBias, type StartId } from './start-states';

export type LabRequest =
  | { readonly kind: 'load'; readonly id: number; readonly files: CheckpointFiles }
  | { readonly kind: 'reset'; readonly id: number; readonly start: StartId; readonly settings: LabSettings }
  | { readonly kind: 'steps'; readonly id: number; readonly count: number; readonly settings: LabSettings };

/** One step's record, for the charts' history. */
export interface StepRecord {
  readonly step: number;
  /** max/mean load over the window, per MoE layer. */
  readonly ratios: readonly number[];
  /** The bias after this step, per MoE layer. */
  readonly bias: readonly (readonly number[])[];
}

/** The lab as the page shows it after a reset or a run of steps. */
export interface LabSnapshot {
  readonly step: number;
  readonly ratios: readonly number[];
  /** Per MoE layer, each expert's (token, expert) choices over the window. */
  readonly loads: readonly (readonly number[])[];
  readonly bias: readonly (readonly number[])[];
  /** The steps done by this request (after a reset: step 0 alone). */
  readonly records: readonly StepRecord[];
  /** Mean milliseconds of one step's routing and update in this request (forward passes excluded); null after a reset. */
  readonly stepMs: number | null;
  /** Mean milliseconds of one sentence's forward pass so far, and how many sentences have been run. */
  readonly forwardMs: number | null;
  readonly forwards: number;
  /** The trace indices of the MoE layers. */
  readonly layers: readonly number[];
}

export type LabReply =
  | { readonly kind: 'loaded'; readonly id: number }
  | { readonly kind: 'snapshot'; readonly id: number; readonly snapshot: LabSnapshot }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/** What the worker keeps between requests. */
export interface LabWorkerState {
  loaded?: LoadedModel;
  stream?: SentenceStream;
  lab?: BalanceLab;
}

/** Each MoE layer's e_score_correction_bias as the checkpoint has it. */
export function trainedBiases(loaded: LoadedModel, layers: readonly number[]): Float32Array[] {
  return layers.map((l) => Float32Array.from(weight(loaded.model.weights, `model.layers.${l}.mlp.gate.e_score_correction_bias`).data));
}

/** A lab at step 0 on a stream, its load window filled from the start biases. */
export function startLab(loaded: LoadedModel, stream: SentenceStream, start: StartId, settings: LabSettings): BalanceLab {
  const lab = new BalanceLab(routerShape(loaded.model.config), startBias(start, trainedBiases(loaded, stream.moeLayers)), (i) => stream.at(i));
  lab.warmUp(settings);
  return lab;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function record(lab: BalanceLab): StepRecord {
  return { step: lab.steps, ratios: lab.ratios(), bias: lab.biases().map((b) => Array.from(b, round)) };
}

/** The page's view of a lab, with the records of the steps just done. */
export function snapshot(lab: BalanceLab, stream: SentenceStream, records: StepRecord[], stepMs: number | null): LabSnapshot {
  return {
    step: lab.steps,
    ratios: lab.ratios(),
    loads: lab.windowLoads().map((l) => Array.from(l)),
    bias: lab.biases().map((b) => Array.from(b, round)),
    records,
    stepMs,
    forwardMs: stream.forwards ? stream.forwardMs / stream.forwards : null,
    forwards: stream.forwards,
    layers: stream.moeLayers,
  };
}

/** Settings checked at the boundary, so a bad control value is named rather than silently misrouting. */
function checkSettings(s: LabSettings): void {
  if (!(Number.isFinite(s.gamma) && s.gamma >= 0)) throw new Error(`lab: γ must be a number ≥ 0, got ${s.gamma}`);
  if (!(Number.isInteger(s.batch) && s.batch >= 1 && s.batch <= 1024)) throw new Error(`lab: the batch must be 1–1024 sentences, got ${s.batch}`);
}

/**
 * Answers one request. Pure apart from `state`.
 * @example serve(state, { kind: 'steps', id: 3, count: 2, settings: DEFAULT_SETTINGS }).kind // 'snapshot'
 */
export function serve(state: LabWorkerState, request: LabRequest): LabReply {
  try {
    if (request.kind === 'load') {
      state.loaded = loadCheckpoint(request.files, 'MiniSeek');
      state.stream = new SentenceStream(state.loaded);
      state.lab = undefined;
      return { kind: 'loaded', id: request.id };
    }
    const { loaded, stream } = state;
    if (!loaded || !stream) throw new Error('the lab worker has no model loaded');
    checkSettings(request.settings);
    if (request.kind === 'reset') {
      const lab = (state.lab = startLab(loaded, stream, request.start, request.settings));
      return { kind: 'snapshot', id: request.id, snapshot: snapshot(lab, stream, [record(lab)], null) };
    }
    const lab = state.lab;
    if (!lab) throw new Error('the lab has not been reset yet');
    const records: StepRecord[] = [];
    let routingMs = 0;
    for (let i = 0; i < request.count; i++) {
      const forwardBefore = stream.forwardMs;
      const started = performance.now();
      lab.step(request.settings);
      // A step's own cost: the routing and the update, without the forward passes of sentences met for the first time.
      routingMs += performance.now() - started - (stream.forwardMs - forwardBefore);
      records.push(record(lab));
    }
    return { kind: 'snapshot', id: request.id, snapshot: snapshot(lab, stream, records, routingMs / Math.max(1, request.count)) };
  } catch (error) {
    return { kind: 'error', id: request.id, message: (error as Error).message };
  }
}
