/**
 * What every chapter figure needs, in one place: the active step of its scrolly, the sentence's run (the live
 * model's once it has run, the build's until then), the tokens' labels, and the props every FigureFrame takes.
 * An island creates one LiveFigure and is left with its own view and markup.
 */
import { onMount } from 'svelte';
import { liveSentence } from '../live/live-sentence.svelte';
import { shownRun } from '../live/shown-run';
import type { SerialRun } from '../live/trace-io';
import { scrollyState } from '../scrolly/scrolly-state.svelte';
import { resolveStep, stepNumber } from './figure-steps';
import { tokenLabels } from './format';

export interface FigureSetup {
  /** The id of the scrolly container the figure belongs to. */
  readonly scrolly: string;
  /** The page's default sentence. */
  readonly sentence: string;
  /** MiniSeek's reading of the default sentence, computed when the site was built. */
  readonly initial: SerialRun;
  /** The trace tensors the figure draws; the page runs the model once for all its figures. */
  readonly traceNames: readonly string[];
  /** False while the figure cannot use a live run yet (it keeps the build's numbers); true if omitted. */
  readonly ready?: boolean;
}

/**
 * @example
 * const fig = new LiveFigure(ATTENTION_STEPS, () => ({ scrolly, sentence, initial, traceNames: attentionTraceNames(layer) }));
 * const view = $derived(attentionView(fig.shown.trace, { layer, head, heads }));
 * <FigureFrame name="attention" {...fig.frame} …>
 */
export class LiveFigure<Id extends string> {
  /** True once the island has hydrated: controls that change the sentence wait for it. */
  mounted = $state(false);
  readonly scroll;
  readonly step: Id;
  /** The live model's run, or undefined until it has run (or while the figure is not `ready`). */
  readonly live;
  /** What the figure shows: the live run, else the build's. */
  readonly shown;
  /** Token labels for rows and columns (“keys (3)” where a word repeats). */
  readonly rows;
  /** The props every FigureFrame takes from the figure's state. */
  readonly frame;

  constructor(
    readonly steps: readonly { readonly id: Id }[],
    setup: () => FigureSetup,
  ) {
    this.scroll = $derived(scrollyState(setup().scrolly));
    this.step = $derived(resolveStep(steps, this.scroll.active));
    this.live = $derived(setup().ready === false ? undefined : liveSentence.result);
    this.shown = $derived(shownRun(this.live, setup().initial));
    this.rows = $derived(tokenLabels(this.shown.tokens));
    this.frame = $derived({
      state: this.step,
      progress: this.scroll.progress,
      stepIndex: stepNumber(steps, this.step),
      stepCount: steps.length,
      backend: this.shown.backend,
    });
    onMount(() => {
      const { sentence, traceNames } = setup();
      liveSentence.use(sentence, traceNames);
      this.mounted = true;
    });
  }
}
