/**
 * The sentence every Part I figure reads until the reader types another. It is one MiniSeek never saw in training
 * (default-sentence.test.ts regenerates the training corpus and checks), so what the model does with it is
 * generalisation, not recall: its subject "keys" is plural and the nearest noun "cabinet" is singular, so the
 * next word's number can only come from looking back past the attractor.
 */
export const DEFAULT_SENTENCE = 'the keys to the small cabinet';
