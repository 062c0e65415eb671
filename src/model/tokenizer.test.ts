import { describe, expect, it } from 'vitest';
import { splitWords, WordTokenizer } from './tokenizer';

// ids: <unk> 0, <bos> 1, <eos> 2, <pad> 3, then the words in this order.
const WORDS = ['the', 'keys', 'to', 'old', 'cabinet', 'are', 'on', 'table', '.', 'three', 'plus', 'four', 'is', 'seven', ',', '?', '+'];
const tok = WordTokenizer.fromWords(WORDS);

/** A valid tokenizer.json object with some part replaced, for the error cases. */
function withChange(change: (json: any) => void): unknown {
  const json = structuredClone(tok.toJSON()) as any;
  change(json);
  return json;
}

describe('splitting (as Hugging Face Whitespace: \\w+|[^\\w\\s]+)', () => {
  it('separates punctuation and symbols from words', () => {
    expect(splitWords('cabinet.')).toEqual(['cabinet', '.']);
    expect(splitWords('3+4')).toEqual(['3', '+', '4']);
    expect(splitWords('hello, world?!')).toEqual(['hello', ',', 'world', '?!']);
    expect(splitWords("don't snake_case")).toEqual(['don', "'", 't', 'snake_case']);
  });

  it('treats accented letters as word characters and splits on tabs and newlines', () => {
    expect(splitWords('café\tnaïve\nrésumé')).toEqual(['café', 'naïve', 'résumé']);
    // A combining accent (U+0301) is a mark, so it stays inside the word.
    expect(splitWords('cafe\u0301 ok')).toEqual(['cafe\u0301', 'ok']);
  });

  it('keeps emoji as a non-word run', () => {
    expect(splitWords('the 🐱🐶 sat')).toEqual(['the', '🐱🐶', 'sat']);
  });
});

describe('WordTokenizer', () => {
  it('puts the special tokens first', () => {
    expect([tok.unkId, tok.bosId, tok.eosId]).toEqual([0, 1, 2]);
    expect(tok.idOf('<pad>')).toBe(3);
    expect(tok.idOf('the')).toBe(4);
    expect(tok.size).toBe(4 + WORDS.length);
  });

  it('deduplicates and lower-cases the word list, keeping first-seen order', () => {
    const t = WordTokenizer.fromWords(['b', 'A', 'b', 'a', '<eos>']);
    expect(t.size).toBe(6);
    expect([t.tokenOf(4), t.tokenOf(5)]).toEqual(['b', 'a']);
  });

  it('refuses a vocabulary word that would split into several', () => {
    expect(() => WordTokenizer.fromWords(['left-of'])).toThrow('"left-of" is not one word under Whitespace splitting');
  });

  it('encodes a sentence (checked by hand)', () => {
    const e = tok.encode('The keys to the old cabinet are on the table.');
    expect(e.tokens).toEqual(['the', 'keys', 'to', 'the', 'old', 'cabinet', 'are', 'on', 'the', 'table', '.']);
    expect(e.ids).toEqual([4, 5, 6, 4, 7, 8, 9, 10, 4, 11, 12]);
    expect(e.unknown).toEqual([]);
  });

  it('prepends <bos> when asked', () => {
    expect(tok.encode('three plus four is seven', { bos: true }).ids).toEqual([1, 13, 14, 15, 16, 17]);
  });

  it('maps unknown words to <unk> and reports each once, in order', () => {
    const e = tok.encode('The dog and the DOG and the cat.');
    expect(e.tokens).toEqual(['the', '<unk>', '<unk>', 'the', '<unk>', '<unk>', 'the', '<unk>', '.']);
    expect(e.ids.filter((id) => id === 0)).toHaveLength(5);
    expect(e.unknown).toEqual(['dog', 'and', 'cat']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(tok.encode('')).toEqual({ ids: [], tokens: [], unknown: [] });
    expect(tok.encode(' \t\n ')).toEqual({ ids: [], tokens: [], unknown: [] });
    expect(tok.encode('', { bos: true }).ids).toEqual([1]);
  });

  it('handles unicode: accents, emoji, tabs and newlines', () => {
    const e = tok.encode('the\tcafé\n🐱 ÉTÉ keys');
    expect(e.tokens).toEqual(['the', '<unk>', '<unk>', '<unk>', 'keys']);
    expect(e.unknown).toEqual(['café', '🐱', 'été']);
  });

  it('keeps special tokens written in the text whole, as Hugging Face does', () => {
    expect(tok.encode('the keys .<eos><bos>the').ids).toEqual([4, 5, 12, 2, 1, 4]);
  });

  it('encodes very long text', () => {
    const text = 'the keys are on the table . '.repeat(50_000);
    const e = tok.encode(text);
    expect(e.ids).toHaveLength(350_000);
    expect(e.unknown).toEqual([]);
  });

  it('decodes with spaces, attaching sentence punctuation', () => {
    const ids = tok.encode('three plus four is seven , the keys ? the table .').ids;
    expect(tok.decode(ids)).toBe('three plus four is seven, the keys? the table.');
    expect(tok.decode([])).toBe('');
    expect(tok.decode([1, 4, 2])).toBe('<bos> the <eos>');
  });

  it('names an id out of range', () => {
    expect(tok.tokenOf(0)).toBe('<unk>');
    expect(() => tok.tokenOf(tok.size)).toThrow(`tokenizer: id ${tok.size} is out of range 0..${tok.size - 1}`);
    expect(() => tok.tokenOf(-1)).toThrow('out of range');
    expect(() => tok.decode([1.5])).toThrow('out of range');
  });

  it('returns undefined from idOf for a word it lacks', () => {
    expect(tok.idOf('zebra')).toBeUndefined();
  });
});

describe('tokenizer.json', () => {
  it('has exactly the Hugging Face keys, in order', () => {
    const json = tok.toJSON() as any;
    expect(Object.keys(json)).toEqual([
      'version', 'truncation', 'padding', 'added_tokens', 'normalizer', 'pre_tokenizer', 'post_processor', 'decoder', 'model',
    ]);
    expect(json.version).toBe('1.0');
    expect([json.truncation, json.padding, json.post_processor, json.decoder]).toEqual([null, null, null, null]);
    expect(json.normalizer).toEqual({ type: 'Lowercase' });
    expect(json.pre_tokenizer).toEqual({ type: 'Whitespace' });
    expect(Object.keys(json.model)).toEqual(['type', 'vocab', 'unk_token']);
    expect(json.model.type).toBe('WordLevel');
    expect(json.model.unk_token).toBe('<unk>');
    expect(json.added_tokens[0]).toEqual({
      id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    });
    expect(Object.keys(json.added_tokens[0])).toEqual(['id', 'content', 'single_word', 'lstrip', 'rstrip', 'normalized', 'special']);
    expect(json.added_tokens.map((t: any) => t.content)).toEqual(['<unk>', '<bos>', '<eos>', '<pad>']);
    expect(json.model.vocab).toMatchObject({ '<unk>': 0, '<bos>': 1, '<eos>': 2, the: 4, '+': 20 });
  });

  it('round-trips through JSON text', () => {
    const back = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(back.toJSON()).toEqual(tok.toJSON());
    const text = 'The keys to the old cabinet are on the table. Three plus four is seven? zebra';
    expect(back.encode(text, { bos: true })).toEqual(tok.encode(text, { bos: true }));
  });

  it('accepts a vocabulary listed out of id order', () => {
    const json = withChange((j) => {
      j.model.vocab = Object.fromEntries(Object.entries(j.model.vocab).reverse());
    });
    expect(WordTokenizer.fromJSON(json).tokenOf(4)).toBe('the');
  });

  it('explains each problem, naming the source', () => {
    const cases: [unknown, string][] = [
      [null, 'my.json: expected a JSON object, got null'],
      [[1, 2], 'my.json: expected a JSON object, got an array'],
      [withChange((j) => delete j.model), 'my.json: "model" must be an object, got nothing'],
      [withChange((j) => (j.model.type = 'BPE')), 'my.json: model.type must be "WordLevel", got "BPE"'],
      [withChange((j) => (j.normalizer = null)), 'my.json: normalizer must be {"type":"Lowercase"}, got type null'],
      [withChange((j) => (j.pre_tokenizer = { type: 'ByteLevel' })), 'my.json: pre_tokenizer must be {"type":"Whitespace"}, got type "ByteLevel"'],
      [withChange((j) => (j.model.vocab = [])), 'my.json: model.vocab must be an object of word → id, got an array'],
      [withChange((j) => (j.model.vocab.the = 99)), 'my.json: model.vocab ids must be 0..20; "the" has 99'],
      [withChange((j) => (j.model.vocab.the = '4')), 'my.json: model.vocab ids must be 0..20; "the" has "4"'],
      [withChange((j) => (j.model.vocab.the = 5)), 'my.json: model.vocab id 5 is used by both'],
      [withChange((j) => delete j.model.unk_token), 'my.json: model.unk_token must be a string, got nothing'],
      [withChange((j) => (j.model.unk_token = '[UNK]')), 'my.json: model.unk_token "[UNK]" is not in model.vocab'],
      [withChange((j) => renameWord(j, '<eos>', 'eos')), 'my.json: model.vocab has no "<eos>"'],
      [withChange((j) => (j.added_tokens = {})), 'my.json: added_tokens must be an array, got an object'],
      [withChange((j) => (j.added_tokens[1] = { id: 1 })), 'my.json: added_tokens[1] needs a string "content"'],
      [withChange((j) => (j.added_tokens[2].id = 7)), 'my.json: added_tokens[2] "<eos>" has id 7 but model.vocab gives 2'],
    ];
    for (const [json, message] of cases) expect(() => WordTokenizer.fromJSON(json, 'my.json'), message).toThrow(message);
  });

  it('names tokenizer.json when no source is given', () => {
    expect(() => WordTokenizer.fromJSON('text')).toThrow('tokenizer.json: expected a JSON object, got "text"');
  });
});

function renameWord(json: any, from: string, to: string): void {
  const id = json.model.vocab[from];
  delete json.model.vocab[from];
  json.model.vocab[to] = id;
  json.added_tokens = json.added_tokens.filter((t: any) => t.content !== from);
}
