/**
 * A figure's matrix as text a reader can check by hand: CSV for a spreadsheet, a Markdown table for notes. Pure
 * string work (Matrix.svelte does the download and the clipboard), so the formats are tested in Node.
 *
 * Numbers are written exactly as the matrix's cells hold them (their `data-value`): the float32 value in the
 * shortest decimal that reads back as the same number, never the figure's rounded display. The entries that are not
 * numbers are written as words that JavaScript's Number(), Python's float() and NumPy all read back:
 * `-Infinity` (a masked score, shown as −∞), `Infinity`, and `NaN` (an invalid entry). A spreadsheet keeps them as
 * text, so a SUM over a masked row fails loudly instead of silently treating −∞ as 0.
 */

export interface MatrixExport {
  /** Row-major values, rows × cols (a Tensor's data). */
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
  readonly rowLabels: readonly string[];
  readonly colLabels: readonly string[];
}

/**
 * A value as the export writes it: full precision, and the three non-numbers spelled out.
 * @example exportNumber(Math.fround(0.1)) // '0.10000000149011612'
 * @example exportNumber(-Infinity) // '-Infinity'
 */
export function exportNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** The label of row `r` or column `c`, or its 0-based index when the figure gave none. */
const labelOf = (labels: readonly string[], i: number) => labels[i] ?? String(i);

/** Characters that make a spreadsheet read a cell as a formula (CSV injection); a sentence's word could start so. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces, with quotes doubled.
 * A label that a spreadsheet would run as a formula gets a leading apostrophe (the usual guard); numbers never do.
 */
function csvField(text: string, isLabel: boolean): string {
  const safe = isLabel && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The matrix as CSV: a header of column labels after an empty corner cell, then one line per row, its label first.
 * Lines end in CRLF, as RFC 4180 asks. The caller adds a byte-order mark for the file, so Excel reads UTF-8 words.
 * @example matrixCsv({ data: [1, -Infinity], rows: 1, cols: 2, rowLabels: ['the'], colLabels: ['a', 'b'] })
 *   // ',a,b\r\nthe,1,-Infinity\r\n'
 */
export function matrixCsv(m: MatrixExport): string {
  const lines = [['', ...Array.from({ length: m.cols }, (_, c) => csvField(labelOf(m.colLabels, c), true))].join(',')];
  for (let r = 0; r < m.rows; r++) {
    const cells = Array.from({ length: m.cols }, (_, c) => exportNumber(m.data[r * m.cols + c]!));
    lines.push([csvField(labelOf(m.rowLabels, r), true), ...cells].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One Markdown table cell: characters that Markdown would read as markup (a `|` ends the cell, `<bos>` would be an
 * HTML tag, `*` emphasis) are backslash-escaped, and a line break becomes a space.
 */
function markdownCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\|`*_[\]<>~]/g, (ch) => `\\${ch}`);
}

/**
 * The matrix as a GitHub-flavoured Markdown table: row labels in the first column, numbers right-aligned, written
 * as in the CSV.
 * @example matrixMarkdown({ data: [1, 2], rows: 1, cols: 2, rowLabels: ['<bos>'], colLabels: ['a', 'b'] })
 *   // '|  | a | b |\n| :-- | --: | --: |\n| \\<bos\\> | 1 | 2 |\n'
 */
export function matrixMarkdown(m: MatrixExport): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    row(['', ...Array.from({ length: m.cols }, (_, c) => markdownCell(labelOf(m.colLabels, c)))]),
    row([':--', ...Array.from({ length: m.cols }, () => '--:')]),
  ];
  for (let r = 0; r < m.rows; r++) {
    const cells = Array.from({ length: m.cols }, (_, c) => exportNumber(m.data[r * m.cols + c]!));
    lines.push(row([markdownCell(labelOf(m.rowLabels, r)), ...cells]));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The file name for a matrix: chapter, step and tensor, each made safe for any file system; missing parts are
 * left out.
 * @example exportFileName(['attention', 'softmax', 'weights'], 'csv') // 'attention-softmax-weights.csv'
 */
export function exportFileName(parts: readonly (string | undefined)[], extension: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const name = parts.map((p) => slug(p ?? '')).filter(Boolean).join('-');
  return `${name || 'matrix'}.${extension}`;
}
