/**
 * Math in figure labels, captions and read-outs, rendered as MathML in the browser. The site ships no KaTeX
 * JavaScript, and these labels change with the reader's sentence ("c^{KV}" of "cabinet"), so they cannot all be
 * rendered at build time. A small subset of TeX is enough: letters, digits, sub- and superscripts, a few commands.
 *
 * Text with math in it is written "the latent $c^{KV}_t$": `labelHtml` escapes the text and turns each `$…$`
 * into a `<math>` element. Values from the sentence go into math only through `texWord`, which escapes them, so
 * no reader input is ever parsed as TeX or HTML.
 */

const SYMBOLS: Readonly<Record<string, string>> = {
  top: '⊤',
  cdot: '⋅',
  times: '×',
  dots: '…',
  ldots: '…',
  cdots: '⋯',
  infty: '∞',
  to: '→',
  in: '∈',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  approx: '≈',
  odot: '⊙',
  oplus: '⊕',
  prime: '′',
  sum: '∑',
  prod: '∏',
  mid: '∣',
  ll: '≪',
  propto: '∝',
  partial: '∂',
  nabla: '∇',
  leftarrow: '←',
  rightarrow: '→',
  langle: '⟨',
  rangle: '⟩',
  lVert: '‖',
  rVert: '‖',
};
const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ϵ',
  varepsilon: 'ε',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  phi: 'ϕ',
  varphi: 'φ',
  psi: 'ψ',
  omega: 'ω',
  Delta: 'Δ',
  Theta: 'Θ',
  Sigma: 'Σ',
  Omega: 'Ω',
};
/** Commands that take one argument and colour it with a role (the same macros as the KaTeX equations). */
const ROLES: Readonly<Record<string, string>> = { cq: 'role-query', ck: 'role-key', cv: 'role-value', ce: 'role-expert' };
const SPACES: Readonly<Record<string, string>> = { ',': '0.1667em', ';': '0.2778em', ':': '0.2222em', quad: '1em', ' ': '0.25em' };
/** Sizing commands KaTeX equations use; in a one-line label they change nothing. */
const IGNORED = new Set(['big', 'Big', 'bigg', 'left', 'right', '!', 'displaystyle', 'limits']);
const OPERATORS = new Set([...'+=()[],;:|/<>!*']);
/** Every command name the subset knows, to catch one whose backslash was lost. */
const COMMAND_NAMES = new Set([
  ...Object.keys(SYMBOLS),
  ...Object.keys(GREEK),
  ...Object.keys(ROLES),
  ...['text', 'mathrm', 'operatorname', 'mathbb', 'sqrt', 'frac', 'hat', 'bar', 'overline', 'tilde', 'quad', 'left', 'right'],
]);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A word from the sentence (a token label), as upright text that the TeX subset shows verbatim.
 * @example texWord('old') // '\\text{old}'; texWord('a}b') // '\\text{a\\}b}'
 */
export function texWord(word: string): string {
  return `\\text{${word.replace(/[\\{}$]/g, (c) => `\\${c}`)}}`;
}

/** The parsed formula: what the MathML and the plain-text forms are both made from. */
type Node =
  | { kind: 'mi' | 'mn' | 'mo' | 'mtext'; text: string; upright?: boolean; op?: boolean }
  | { kind: 'space'; width: string }
  | { kind: 'row'; children: Node[]; role?: string }
  | { kind: 'script'; base: Node; sub?: Node; sup?: Node }
  | { kind: 'sqrt'; body: Node }
  | { kind: 'frac'; num: Node; den: Node }
  | { kind: 'accent'; body: Node; mark: string };

const row = (children: Node[], role?: string): Node => ({ kind: 'row', children, role });

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  fail(why: string): never {
    throw new Error(`label math "${this.src}": ${why} at position ${this.i}`);
  }

  /** A sequence of atoms up to the end, or up to a closing brace when `inGroup`. */
  expression(inGroup: boolean): Node {
    const children: Node[] = [];
    for (;;) {
      this.skipSpace();
      if (this.i >= this.src.length) {
        if (inGroup) this.fail('a "{" is never closed');
        return row(children);
      }
      if (this.src[this.i] === '}') {
        if (!inGroup) this.fail('an unmatched "}"');
        this.i++;
        return row(children);
      }
      const node = this.scripted();
      if (node) children.push(node);
    }
  }

  private skipSpace(): void {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\n') this.i++;
  }

  /** An atom with its optional sub- and superscript (in either order) and primes. */
  private scripted(): Node | undefined {
    const base = this.atom();
    let sub: Node | undefined;
    let sup: Node | undefined;
    for (;;) {
      const c = this.src[this.i];
      if (c === '_' && sub === undefined) {
        this.i++;
        sub = this.argument();
      } else if (c === '^' && sup === undefined) {
        this.i++;
        sup = this.argument();
      } else if (c === "'") {
        this.i++;
        const prime: Node = { kind: 'mo', text: '′' };
        sup = sup ? row([sup, prime]) : prime;
      } else if (c === '_' || c === '^') {
        this.fail(`a second "${c}" on one atom`);
      } else break;
    }
    if (sub === undefined && sup === undefined) return base;
    return { kind: 'script', base: base ?? row([]), sub, sup };
  }

  /** A script's argument: a braced group, or one atom. */
  private argument(): Node {
    this.skipSpace();
    if (this.src[this.i] === '{') {
      this.i++;
      return this.expression(true);
    }
    if (this.i >= this.src.length) this.fail('a script with nothing after it');
    // As in TeX, an unbraced argument is one character: x^12 is x² followed by 2, \frac12 is ½.
    const c = this.src[this.i]!;
    if (/[0-9]/.test(c)) {
      this.i++;
      return { kind: 'mn', text: c };
    }
    return this.atom() ?? row([]);
  }

  /** The raw text of a braced argument (for \text, \mathrm, \operatorname), with \{ \} \\ \$ unescaped. */
  private rawGroup(): string {
    this.skipSpace();
    if (this.src[this.i] !== '{') this.fail('expected "{"');
    this.i++;
    let text = '';
    while (this.i < this.src.length && this.src[this.i] !== '}') {
      if (this.src[this.i] === '\\' && this.i + 1 < this.src.length) this.i++;
      text += this.src[this.i++];
    }
    if (this.src[this.i] !== '}') this.fail('a "{" is never closed');
    this.i++;
    return text;
  }

  private atom(): Node | undefined {
    const c = this.src[this.i]!;
    if (c === '{') {
      this.i++;
      return this.expression(true);
    }
    if (c === '\\') return this.command();
    if (/[A-Za-z]/.test(c)) {
      // A command name spelled out in letters lost its backslash: a JavaScript template literal turns "\\cdot" into
      // "cdot" silently. Say so instead of drawing c·d·o·t.
      const run = /^[A-Za-z]+/.exec(this.src.slice(this.i))![0];
      if (run.length >= 3 && COMMAND_NAMES.has(run)) this.fail(`"${run}" looks like \\${run} without its backslash`);
      this.i++;
      return { kind: 'mi', text: c };
    }
    if (/[0-9.]/.test(c)) {
      const digits = /^[0-9]*\.?[0-9]+|^[0-9]+\.?/.exec(this.src.slice(this.i))![0];
      this.i += digits.length;
      return { kind: 'mn', text: digits };
    }
    if ('}^_$&#%~'.includes(c)) this.fail(`"${c}" cannot start an atom`);
    this.i++;
    if (c === '-') return { kind: 'mo', text: '−' };
    if (OPERATORS.has(c)) return { kind: 'mo', text: c };
    // Any other character (…, √, ᵀ, Greek letters typed as such): a letter is an identifier, the rest operators.
    return /\p{L}/u.test(c) ? { kind: 'mi', text: c } : { kind: 'mo', text: c };
  }

  private command(): Node | undefined {
    this.i++;
    const name = /^[A-Za-z]+/.exec(this.src.slice(this.i))?.[0] ?? this.src[this.i] ?? '';
    if (name === '') this.fail('a lone "\\"');
    this.i += name.length;
    if (name in SPACES) return { kind: 'space', width: SPACES[name]! };
    if (IGNORED.has(name)) return undefined;
    if (name === '{' || name === '}' || name === '$' || name === '\\') return { kind: 'mo', text: name };
    if (name in SYMBOLS) return { kind: 'mo', text: SYMBOLS[name]! };
    if (name in GREEK) return { kind: 'mi', text: GREEK[name]! };
    if (name in ROLES) {
      const body = this.argument();
      return row(body.kind === 'row' ? body.children : [body], ROLES[name]);
    }
    switch (name) {
      case 'text':
        return { kind: 'mtext', text: this.rawGroup() };
      case 'mathrm':
        return { kind: 'mi', text: this.rawGroup(), upright: true };
      case 'operatorname':
        return { kind: 'mi', text: this.rawGroup(), upright: true, op: true };
      case 'mathbb': {
        const letter = this.rawGroup();
        const doubleStruck: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', E: '𝔼' };
        if (!(letter in doubleStruck)) this.fail(`\\mathbb{${letter}} is not supported`);
        return { kind: 'mi', text: doubleStruck[letter]!, upright: true };
      }
      case 'sqrt':
        return { kind: 'sqrt', body: this.argument() };
      case 'frac':
        return { kind: 'frac', num: this.argument(), den: this.argument() };
      case 'hat':
        return { kind: 'accent', body: this.argument(), mark: '^' };
      case 'bar':
      case 'overline':
        return { kind: 'accent', body: this.argument(), mark: '¯' };
      case 'tilde':
        return { kind: 'accent', body: this.argument(), mark: '~' };
      default:
        return this.fail(`unknown command \\${name}`);
    }
  }
}

function toMathml(node: Node): string {
  switch (node.kind) {
    case 'mi':
      return node.upright ? `<mi mathvariant="normal"${node.op ? ' class="op"' : ''}>${escapeHtml(node.text)}</mi>` : `<mi>${escapeHtml(node.text)}</mi>`;
    case 'mn':
    case 'mo':
    case 'mtext':
      return `<${node.kind}>${escapeHtml(node.text)}</${node.kind}>`;
    case 'space':
      return `<mspace width="${node.width}"></mspace>`;
    case 'row':
      return `<mrow${node.role ? ` class="${node.role}"` : ''}>${node.children.map(toMathml).join('')}</mrow>`;
    case 'script': {
      const base = toMathml(node.base);
      if (node.sub && node.sup) return `<msubsup>${base}${toMathml(node.sub)}${toMathml(node.sup)}</msubsup>`;
      return node.sub ? `<msub>${base}${toMathml(node.sub)}</msub>` : `<msup>${base}${toMathml(node.sup!)}</msup>`;
    }
    case 'sqrt':
      return `<msqrt>${toMathml(node.body)}</msqrt>`;
    case 'frac':
      return `<mfrac>${toMathml(node.num)}${toMathml(node.den)}</mfrac>`;
    case 'accent':
      return `<mover accent="true">${toMathml(node.body)}<mo>${escapeHtml(node.mark)}</mo></mover>`;
  }
}

/** The formula as plain characters: scripts follow their base ("c^{KV}_t" reads "cKV,t"), no TeX left. */
function toText(node: Node): string {
  switch (node.kind) {
    case 'mi':
    case 'mn':
    case 'mo':
    case 'mtext':
      return node.text;
    case 'space':
      return ' ';
    case 'row':
      return node.children.map(toText).join('');
    case 'script':
      return `${toText(node.base)}${node.sup ? toText(node.sup) : ''}${node.sub ? `${node.sup ? ',' : ''}${toText(node.sub)}` : ''}`;
    case 'sqrt':
      return `√(${toText(node.body)})`;
    case 'frac':
      return `(${toText(node.num)})/(${toText(node.den)})`;
    case 'accent':
      return toText(node.body);
  }
}

function parse(tex: string): Node {
  return new Parser(tex).expression(false);
}

/**
 * One formula as a MathML element (inline), or throws on TeX outside the subset, naming the formula.
 * @example labelMathml('c^{KV}_t') // '<math class="lm"><mrow><msubsup><mi>c</mi><mi>t</mi><mrow><mi>K</mi><mi>V</mi></mrow></msubsup></mrow></math>'
 */
export function labelMathml(tex: string): string {
  return `<math class="lm">${toMathml(parse(tex))}</math>`;
}

/** Splits text into its prose and its `$…$` formulas (`\$` is a literal dollar sign). */
function segments(text: string): { prose: string; tex?: string }[] {
  const out: { prose: string; tex?: string }[] = [];
  let i = 0;
  while (i <= text.length) {
    const start = findDollar(text, i);
    if (start < 0) {
      out.push({ prose: unescapeDollars(text.slice(i)) });
      break;
    }
    const end = findDollar(text, start + 1);
    if (end < 0) throw new Error(`label math: "${text}" opens a formula with $ and never closes it`);
    out.push({ prose: unescapeDollars(text.slice(i, start)), tex: text.slice(start + 1, end) });
    i = end + 1;
  }
  return out;
}

/**
 * Text with `$…$` formulas as HTML: the text escaped, each formula as MathML.
 * @example labelHtml('the latent $c^{KV}$ (cached)') // 'the latent <math>…</math> (cached)'
 */
export function labelHtml(text: string): string {
  return segments(text)
    .map((s) => escapeHtml(s.prose) + (s.tex === undefined ? '' : labelMathml(s.tex)))
    .join('');
}

/**
 * The same text for places that take no markup (an aria-label, a file name): formulas as plain characters.
 * @example labelText('latent $c^{KV}_t$') // 'latent cKV,t'
 */
export function labelText(text: string): string {
  return segments(text)
    .map((s) => s.prose + (s.tex === undefined ? '' : toText(parse(s.tex))))
    .join('');
}

function findDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '$') i++;
    else if (text[i] === '$') return i;
  }
  return -1;
}

function unescapeDollars(s: string): string {
  return s.replace(/\\\$/g, '$');
}
