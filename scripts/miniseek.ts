/**
 * The MiniSeek command line: runs the model on a prompt and prints its tokens and top next-token candidates,
 * or with --json one object {tokens, ids, logits, unknown[, trace][, generated][, fp8]}.
 *   npm run --silent miniseek -- --prompt "the keys to the cabinet" [--json] [--trace NAME,…] [--generate N] [--fp8 BLOCK] [--model DIR]
 * --fp8 BLOCK runs every linear of the attention and feed-forward/expert blocks in emulated FP8 (E4M3, weights in
 * BLOCK×BLOCK blocks, inputs in 1×BLOCK tiles; src/model/fp8-linear.ts), the rest in full precision.
 */
import { parseArgs } from 'node:util';
import { forward } from '../src/model/forward';
import { checkFp8Block, forwardFp8 } from '../src/model/fp8-linear';
import { useFastKernels } from '../src/model/kernels/active';
import { traceNames } from '../src/model/trace-catalog';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../src/model/model-dir';

function fail(message: string, code = 1): never {
  process.stderr.write(`miniseek: ${message}\n`);
  process.exit(code);
}

function softmax(row: Float32Array): Float64Array {
  const max = Math.max(...row);
  const e = Float64Array.from(row, (x) => Math.exp(x - max));
  const total = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / total);
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** JSON has no −∞ (masked attention scores): such values are written as null. */
const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>['values'];
  try {
    ({ values: args } = parseArgs({
      options: {
        prompt: { type: 'string' },
        json: { type: 'boolean', default: false },
        trace: { type: 'string' },
        generate: { type: 'string' },
        fp8: { type: 'string' },
        model: { type: 'string', default: DEFAULT_MODEL_DIR },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message} (see --help)`, 2);
  }
  if (args.help) {
    process.stdout.write('usage: npm run --silent miniseek -- --prompt "<text>" [--json] [--trace NAME,…] [--generate N] [--fp8 BLOCK] [--model DIR]\n');
    return;
  }
  const prompt = args.prompt as string | undefined;
  if (prompt === undefined) fail('--prompt "<text>" is required', 2);
  const generate = args.generate === undefined ? 0 : Number(args.generate);
  if (!Number.isInteger(generate) || generate < 0 || generate > 100) fail('--generate takes a whole number from 0 to 100', 2);
  // --fp8 BLOCK: digits only, so "16.5", "1e1", "" and "-4" are refused rather than read as something else.
  const fp8Text = args.fp8 as string | undefined;
  const fp8 = fp8Text === undefined ? undefined : /^\s*\d+\s*$/.test(fp8Text) ? Number(fp8Text) : NaN;
  if (fp8 !== undefined) {
    try {
      checkFp8Block(fp8);
    } catch {
      fail(`--fp8 takes the block size, a whole number ≥ 1 (e.g. --fp8 16), got "${fp8Text}"`, 2);
    }
  }

  let loaded: ReturnType<typeof loadModelDir>;
  try {
    loaded = loadModelDir(args.model as string);
  } catch (error) {
    fail((error as Error).message);
  }
  const { model, tokenizer } = loaded;
  const run = (ids: readonly number[], trace: readonly string[] = []) => (fp8 === undefined ? forward(model, ids, { trace }) : forwardFp8(model, ids, fp8, { trace }));
  const encoding = tokenizer.encode(prompt, { bos: true });
  if (encoding.ids.length <= 1) fail('the prompt has no words', 2);
  const max = model.config.max_position_embeddings;
  if (encoding.ids.length + generate > max) {
    fail(`the prompt has ${encoding.ids.length} tokens${generate ? ` plus ${generate} to generate` : ''}; MiniSeek reads at most ${max}`, 2);
  }
  const requested = typeof args.trace === 'string' ? args.trace.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const known = new Set(traceNames(model.config));
  const unknownTrace = requested.filter((n) => !known.has(n));
  if (unknownTrace.length) fail(`unknown trace name(s): ${unknownTrace.join(', ')} (see src/model/trace-catalog.ts)`, 2);

  await useFastKernels(); // the WebAssembly SIMD kernels, as the pages use; plain JavaScript where they cannot load
  const { logits, trace } = run(encoding.ids, requested);
  const ids = [...encoding.ids];
  const generated: string[] = [];
  let last = logits.row(logits.shape[0]! - 1);
  for (let i = 0; i < generate; i++) {
    const next = argmax(last);
    ids.push(next);
    generated.push(tokenizer.tokenOf(next));
    if (next === tokenizer.eosId) break;
    const again = run(ids).logits;
    last = again.row(again.shape[0]! - 1);
  }

  if (args.json) {
    const out: Record<string, unknown> = {
      tokens: encoding.tokens,
      ids: encoding.ids,
      logits: logits.toRows(),
      unknown: encoding.unknown,
    };
    if (requested.length) {
      out.trace = Object.fromEntries(
        requested.map((name) => {
          const t = trace.get(name)!;
          return [name, { shape: t.shape, data: Array.from(t.data, finiteOrNull) }];
        }),
      );
    }
    if (generate) out.generated = generated;
    if (fp8 !== undefined) out.fp8 = { block: fp8, format: 'e4m3' };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }

  if (encoding.unknown.length) process.stderr.write(`miniseek: unknown word(s) read as <unk>: ${encoding.unknown.join(', ')}\n`);
  process.stdout.write(`tokens: ${encoding.tokens.join(' ')}\n`);
  if (fp8 !== undefined) process.stdout.write(`linears in emulated FP8 (E4M3), ${fp8}×${fp8} weight blocks, 1×${fp8} activation tiles\n`);
  const probs = softmax(logits.row(logits.shape[0]! - 1));
  const top = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!).slice(0, 5);
  process.stdout.write('next token:\n');
  for (const id of top) process.stdout.write(`  ${tokenizer.tokenOf(id).padEnd(12)} ${(probs[id]! * 100).toFixed(1)}%\n`);
  if (generate) process.stdout.write(`generated: ${generated.join(' ')}\n`);
  for (const name of requested) {
    const t = trace.get(name)!;
    process.stdout.write(`${name} [${t.shape.join(', ')}]\n`);
  }
}

await main();
