/**
 * The sentence every figure on a page shows, and MiniSeek's reading of it: one shared runes object, so that
 * changing the sentence in the input updates every figure, with one forward pass for all of them.
 */
import { splitWords } from '../model/tokenizer';
import { pageRuntime, type RunResult } from './runtime';
import { prepareSentence, unknownWordsNotice } from './sentence';
import { sentenceForLink, sentenceFromSearch } from './sentence-url';

class LiveSentence {
  /** The sentence as the reader typed it (the input's value); '' when the reader has cleared the field. */
  text = $state('');
  /** Whether the field has been given the page's default yet: after that, an empty field stays empty. */
  started = $state(false);
  /** The text of the sentence the figures show now (the last one MiniSeek read), '' before the first run. */
  shownText = $state('');
  /** MiniSeek's reading of the current sentence; undefined until the live model has run. */
  result = $state.raw<RunResult | undefined>();
  status = $state<'idle' | 'running' | 'ready' | 'error'>('idle');
  /** What the reader should know about their sentence (empty, cut short, unknown words), or ''. */
  notice = $state('');
  /** The page's own sentence (the first figure's or field's default), kept for links and as a fallback. */
  defaultText = '';
  /** What the page's link said about its `?s=` (malformed encoding), shown with the first run's notice. */
  private linkNotice = '';

  private readonly needs = new Set<string>();
  private run = 0;
  private queued = false;
  /** Work in progress that the figures' numbers wait on (see track()), and whether the last reading failed. */
  private pending = 0;
  private failed = false;

  /**
   * A figure declares the trace tensors it draws and, on first use, the page's default sentence.
   * @example liveSentence.use('the keys to the small cabinet', ['layers.1.attn.probs'])
   */
  use(defaultText: string, names: readonly string[]): void {
    if (!this.started) {
      // A link may carry the reader's sentence (`?s=`): every figure of the page reads it instead of the default.
      const linked = typeof location === 'undefined' ? undefined : sentenceFromSearch(location.search);
      this.defaultText = defaultText;
      this.text = linked ? linked.text : defaultText;
      this.linkNotice = linked?.notice ?? '';
      this.started = true;
    }
    let added = false;
    for (const n of names) {
      if (!this.needs.has(n)) {
        this.needs.add(n);
        added = true;
      }
    }
    // The input alone (no figure yet) does not start the model: only a figure that needs numbers does.
    if (added || (!this.result && this.needs.size > 0)) this.schedule();
  }

  /** The reader submitted a sentence. */
  submit(text: string): void {
    this.text = text;
    if (this.needs.size > 0) this.schedule();
  }

  /**
   * The sentence a link to this page should carry (`?s=`): the one the figures show (else the one in the field),
   * or undefined when that is the page's default.
   */
  linkSentence(): string | undefined {
    return sentenceForLink(this.shownText || this.text, this.defaultText);
  }

  /**
   * Marks work the page's numbers depend on, the sentence's forward pass or a figure's own extra runs (the RoPE
   * chapter reads the sentence shifted and reversed too): `status` stays 'running' until all of it has settled, so
   * whoever waits for the figures (the print handout) waits for that as well. Loading the model counts as running.
   * @example await liveSentence.track(runtime.run(shifted, names))
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending++;
    this.status = 'running';
    return work.finally(() => {
      this.pending--;
      if (this.pending === 0) this.status = this.failed ? 'error' : this.result ? 'ready' : 'idle';
    });
  }

  /** Several figures hydrating together cause one forward pass, not one each. */
  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      void this.track(this.execute());
    });
  }

  private async execute(): Promise<void> {
    // A newer sentence, even an unusable one (an emptied field), supersedes a reading still on its way: the notice
    // then names the sentence the figures keep showing.
    const id = ++this.run;
    let runtime;
    try {
      runtime = await pageRuntime();
    } catch (error) {
      this.failed = true;
      this.notice = `MiniSeek could not be loaded, so the figures show the numbers computed when this page was built. (${(error as Error).message})`;
      return;
    }
    const max = runtime.loaded.model.config.max_position_embeddings - 1;
    const linkNotice = this.linkNotice;
    let prepared = prepareSentence(this.text, max, splitWords);
    let fallback = '';
    if (!prepared.ok) {
      // The figures keep the last sentence they showed, and the message says which it is.
      const shown = this.shownText || (this.result ? this.result.tokens.slice(1).join(' ') : '');
      const usable = prepareSentence(this.defaultText, max, splitWords);
      if (shown || !usable.ok) {
        this.notice = [linkNotice, shown ? `${prepared.notice} The figures still show “${shown}”.` : prepared.notice].filter(Boolean).join(' ');
        return;
      }
      // Nothing shown yet (a link's `?s=` that is empty or has no words): the figures show the page's own sentence.
      fallback = `${prepared.notice} The figures show “${usable.text}”.`;
      prepared = usable;
    }
    let result: RunResult;
    try {
      result = await runtime.run(prepared.text, [...this.needs]);
    } catch (error) {
      if (id !== this.run) return;
      this.failed = true;
      this.notice = `MiniSeek could not read this sentence, so the figures keep the numbers they showed. (${(error as Error).message})`;
      return;
    }
    if (id !== this.run) return; // a newer sentence is on its way
    this.result = result;
    this.shownText = prepared.text;
    this.failed = false;
    this.linkNotice = '';
    this.notice = [linkNotice, fallback || prepared.notice, unknownWordsNotice(result.unknown, runtime.loaded.tokenizer.size)].filter(Boolean).join(' ');
  }
}

/** The page's shared sentence (module scope, never `window`). */
export const liveSentence = new LiveSentence();
