/** A word-level tokenizer saved as a Hugging Face tokenizer.json (WordLevel model, Lowercase, Whitespace). */

/** The result of encoding a text: ids, the tokens they stand for, and the words the vocabulary lacked. */
export interface Encoding {
  ids: number[];
  tokens: string[];
  /** Distinct input words that became <unk>, in order of first appearance. */
  unknown: string[];
}

/** Special tokens come first so their ids are fixed whatever the corpus: <unk> 0, <bos> 1, <eos> 2, <pad> 3. */
export const SPECIAL_TOKENS = ['<unk>', '<bos>', '<eos>', '<pad>'] as const;

// Hugging Face's Whitespace pre-tokenizer is the Oniguruma regex \w+|[^\w\s]+, whose \w is Unicode-aware
// (letters, marks, decimal digits, connector punctuation); JavaScript's \w is ASCII-only, so spell it out.
const WORD = String.raw`\p{L}\p{M}\p{Nd}\p{Pc}`;
const PIECE = new RegExp(`[${WORD}]+|[^${WORD}\\s]+`, 'gu');

// Hugging Face's default decoder joins tokens with spaces; we also glue sentence punctuation to the word before.
const NO_SPACE_BEFORE = new Set(['.', ',', '?', '!', ';', ':']);

/**
 * Splits text the way Hugging Face's Whitespace pre-tokenizer does: runs of word characters, or runs of
 * other non-space characters.
 * @example splitWords('the cabinet. 3+4') // ['the', 'cabinet', '.', '3', '+', '4']
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(PIECE)) words.push(match[0]);
  return words;
}

/** A word-level vocabulary with Hugging Face-compatible splitting, (de)serialisation and <unk> reporting. */
export class WordTokenizer {
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  private readonly words: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;
  private readonly specials: readonly string[];
  private readonly unkToken: string;
  private readonly specialPattern: RegExp | null;

  private constructor(words: readonly string[], specials: readonly string[], unkToken = '<unk>') {
    this.words = words;
    this.ids = new Map(words.map((w, i) => [w, i]));
    this.specials = specials;
    this.unkToken = unkToken;
    this.unkId = this.ids.get(unkToken)!;
    this.bosId = this.ids.get('<bos>')!;
    this.eosId = this.ids.get('<eos>')!;
    // Hugging Face finds added tokens in the raw text before normalising; longest first so none hides another.
    const escaped = [...specials].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.specialPattern = escaped.length > 0 ? new RegExp(`(${escaped.join('|')})`) : null;
  }

  /**
   * Builds a vocabulary: the special tokens, then the given words in order, lower-cased and without repeats.
   * @example WordTokenizer.fromWords(['the', 'cat', '.']).idOf('cat') // 5
   */
  static fromWords(words: Iterable<string>): WordTokenizer {
    const vocab: string[] = [...SPECIAL_TOKENS];
    const seen = new Set<string>(vocab);
    for (const raw of words) {
      // The normaliser lower-cases input, so an upper-case entry could never be matched.
      const word = raw.toLowerCase();
      if (seen.has(word)) continue;
      const pieces = splitWords(word);
      if (pieces.length !== 1 || pieces[0] !== word) {
        throw new Error(`tokenizer: "${raw}" is not one word under Whitespace splitting (it splits into ${JSON.stringify(pieces)})`);
      }
      seen.add(word);
      vocab.push(word);
    }
    return new WordTokenizer(vocab, SPECIAL_TOKENS);
  }

  /**
   * Reads a tokenizer.json object, checking everything this class relies on.
   * @example WordTokenizer.fromJSON(JSON.parse(text), 'public/miniseek/tokenizer.json')
   */
  static fromJSON(json: unknown, source = 'tokenizer.json'): WordTokenizer {
    const fail = (what: string): never => {
      throw new Error(`${source}: ${what}`);
    };
    if (!isObject(json)) return fail(`expected a JSON object, got ${describe(json)}`);
    const model = json['model'];
    if (!isObject(model)) return fail(`"model" must be an object, got ${describe(model)}`);
    if (model['type'] !== 'WordLevel') return fail(`model.type must be "WordLevel", got ${describe(model['type'])}`);
    checkComponent(json['normalizer'], 'Lowercase', 'normalizer', fail);
    checkComponent(json['pre_tokenizer'], 'Whitespace', 'pre_tokenizer', fail);

    const vocab = model['vocab'];
    if (!isObject(vocab)) return fail(`model.vocab must be an object of word → id, got ${describe(vocab)}`);
    const entries = Object.entries(vocab);
    const words: (string | undefined)[] = new Array<string | undefined>(entries.length);
    for (const [word, id] of entries) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= entries.length) {
        return fail(`model.vocab ids must be 0..${entries.length - 1}; "${word}" has ${describe(id)}`);
      }
      const other = words[id];
      if (other !== undefined) return fail(`model.vocab id ${id} is used by both "${other}" and "${word}"`);
      words[id] = word;
    }
    const unk = model['unk_token'];
    if (typeof unk !== 'string') return fail(`model.unk_token must be a string, got ${describe(unk)}`);
    if (!Object.hasOwn(vocab, unk)) return fail(`model.unk_token "${unk}" is not in model.vocab`);
    for (const special of ['<bos>', '<eos>']) {
      if (!Object.hasOwn(vocab, special)) return fail(`model.vocab has no "${special}" (needed to mark where a text starts and ends)`);
    }
    const specials = readAddedTokens(json['added_tokens'], vocab, fail);
    // Every id 0..n-1 was claimed exactly once above, so there are no holes.
    return new WordTokenizer(words as string[], specials, unk);
  }

  /**
   * The Hugging Face tokenizer.json object; `JSON.stringify` it to save.
   * @example JSON.stringify(tokenizer.toJSON()) // '{"version":"1.0","truncation":null,…}'
   */
  toJSON(): object {
    // fromEntries defines own properties, so even a word like "__proto__" survives.
    const vocab = Object.fromEntries(this.words.map((word, id) => [word, id]));
    return {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: this.specials.map((content) => ({
        id: this.ids.get(content)!,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: this.unkToken },
    };
  }

  /** Number of entries in the vocabulary, special tokens included. */
  get size(): number {
    return this.words.length;
  }

  /**
   * Lower-cases, splits like Hugging Face's Whitespace pre-tokenizer and looks each word up; special tokens
   * written in the text (e.g. "<eos>") are kept whole, as Hugging Face does.
   * @example tok.encode('The keys are here.', { bos: true }).tokens // ['<bos>', 'the', 'keys', 'are', 'here', '.']
   */
  encode(text: string, options: { bos?: boolean } = {}): Encoding {
    const out: Encoding = { ids: [], tokens: [], unknown: [] };
    const unknown = new Set<string>();
    const push = (id: number, token: string) => {
      out.ids.push(id);
      out.tokens.push(token);
    };
    if (options.bos) push(this.bosId, '<bos>');
    // split() with a capturing group keeps the specials at odd indices.
    const parts = this.specialPattern ? text.split(this.specialPattern) : [text];
    parts.forEach((part, i) => {
      if (i % 2 === 1) return push(this.ids.get(part)!, part);
      for (const word of splitWords(part.toLowerCase())) {
        const id = this.ids.get(word);
        if (id !== undefined) push(id, word);
        else {
          push(this.unkId, this.unkToken);
          if (!unknown.has(word)) {
            unknown.add(word);
            out.unknown.push(word);
          }
        }
      }
    });
    return out;
  }

  /**
   * Joins the tokens with single spaces, except that . , ? ! ; : attach to the word before.
   * @example tok.decode(tok.encode('the keys are here .').ids) // 'the keys are here.'
   */
  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) {
      const token = this.tokenOf(id);
      text += text === '' || NO_SPACE_BEFORE.has(token) ? token : ` ${token}`;
    }
    return text;
  }

  /**
   * The id of a word, or undefined if it is not in the vocabulary (no lower-casing: pass the stored form).
   * @example tok.idOf('<eos>') // 2
   */
  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  /**
   * The token with this id; throws if there is none, since a bad id means a bug upstream.
   * @example tok.tokenOf(0) // '<unk>'
   */
  tokenOf(id: number): string {
    const word = Number.isInteger(id) ? this.words[id] : undefined;
    if (word === undefined) throw new Error(`tokenizer: id ${id} is out of range 0..${this.words.length - 1}`);
    return word;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null || typeof value !== 'object' ? JSON.stringify(value) : 'an object';
}

/** encode() always lower-cases and splits as Whitespace, so a file asking for anything else would be misread. */
function checkComponent(value: unknown, type: string, key: string, fail: (what: string) => never): void {
  if (!isObject(value) || value['type'] !== type) {
    const got = isObject(value) ? describe(value['type']) : describe(value);
    fail(`${key} must be {"type":"${type}"}, got type ${got}`);
  }
}

/** The added tokens' contents, each required to be in the vocabulary under the same id. */
function readAddedTokens(value: unknown, vocab: Record<string, unknown>, fail: (what: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`added_tokens must be an array, got ${describe(value)}`);
  return value.map((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry['content'] !== 'string') return fail(`added_tokens[${i}] needs a string "content"`);
    const content = entry['content'];
    const vocabId = Object.hasOwn(vocab, content) ? vocab[content] : undefined;
    if (vocabId !== entry['id']) {
      return fail(`added_tokens[${i}] "${content}" has id ${describe(entry['id'])} but model.vocab gives ${describe(vocabId)}`);
    }
    return content;
  });
}
