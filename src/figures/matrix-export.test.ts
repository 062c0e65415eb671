import { describe, expect, it } from 'vitest';
import { exportFileName, exportNumber, matrixCsv, matrixMarkdown, type MatrixExport } from './matrix-export';

/** A minimal RFC 4180 reader, to check that what the export writes reads back to the same labels and numbers. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

const weights: MatrixExport = {
  data: Float32Array.from([1, -Infinity, 0.1, 0.9, Number.NaN, -0.25]),
  rows: 2,
  cols: 3,
  rowLabels: ['the', 'keys (2)'],
  colLabels: ['the', 'keys (2)', 'to'],
};

describe('exportNumber', () => {
  it('writes a float32 at full precision: the same text as the cell’s data-value', () => {
    const x = Math.fround(0.1);
    expect(exportNumber(x)).toBe('0.10000000149011612');
    expect(exportNumber(x)).toBe(String(x));
    expect(Math.fround(Number(exportNumber(x)))).toBe(x);
    expect(exportNumber(-1.5e-7)).toBe('-1.5e-7');
  });
  it('spells out −∞, +∞ and NaN as words Number() reads back', () => {
    expect(exportNumber(-Infinity)).toBe('-Infinity');
    expect(exportNumber(Infinity)).toBe('Infinity');
    expect(exportNumber(Number.NaN)).toBe('NaN');
    expect(Number(exportNumber(-Infinity))).toBe(-Infinity);
    expect(Number.isNaN(Number(exportNumber(Number.NaN)))).toBe(true);
  });
});

describe('matrixCsv', () => {
  it('writes the labels and every number, row by row, with CRLF line ends', () => {
    expect(matrixCsv(weights)).toBe(',the,keys (2),to\r\nthe,1,-Infinity,0.10000000149011612\r\nkeys (2),0.8999999761581421,NaN,-0.25\r\n');
  });
  it('reads back to the exact float32 values', () => {
    const [, ...rows] = parseCsv(matrixCsv(weights));
    const values = rows.flatMap((r) => r.slice(1).map(Number));
    values.forEach((v, i) => expect(Object.is(v, weights.data[i]) || (Number.isNaN(v) && Number.isNaN(weights.data[i]!))).toBe(true));
  });
  it('quotes labels with commas, quotes, line breaks or edge spaces, doubling the quotes', () => {
    const m: MatrixExport = { data: [1, 2, 3, 4], rows: 2, cols: 2, rowLabels: [',', 'say "hi"'], colLabels: ['a,b', 'two\nlines'] };
    const csv = matrixCsv(m);
    expect(csv).toBe(',"a,b","two\nlines"\r\n",",1,2\r\n"say ""hi""",3,4\r\n');
    expect(parseCsv(csv)).toEqual([
      ['', 'a,b', 'two\nlines'],
      [',', '1', '2'],
      ['say "hi"', '3', '4'],
    ]);
    expect(parseCsv(matrixCsv({ ...m, rowLabels: [' x', '"'], colLabels: ['a', 'b'] })).map((r) => r[0])).toEqual(['', ' x', '"']);
  });
  it('keeps a label a spreadsheet would run as a formula as text, but never touches negative numbers', () => {
    const m: MatrixExport = { data: [-1, -2], rows: 2, cols: 1, rowLabels: ['=SUM(A1)', '-'], colLabels: ['@x'] };
    expect(matrixCsv(m)).toBe(",'@x\r\n'=SUM(A1),-1\r\n'-,-2\r\n");
  });
  it('names rows and columns by index when the figure gave no labels', () => {
    expect(matrixCsv({ data: [5, 6], rows: 1, cols: 2, rowLabels: [], colLabels: [] })).toBe(',0,1\r\n0,5,6\r\n');
  });
});

describe('matrixMarkdown', () => {
  it('writes a GitHub table with right-aligned numbers at full precision and −∞ spelled out', () => {
    expect(matrixMarkdown(weights)).toBe(
      [
        '|  | the | keys (2) | to |',
        '| :-- | --: | --: | --: |',
        '| the | 1 | -Infinity | 0.10000000149011612 |',
        '| keys (2) | 0.8999999761581421 | NaN | -0.25 |',
        '',
      ].join('\n'),
    );
  });
  it('escapes what Markdown would read as markup: pipes, tags, emphasis, backslashes', () => {
    const m: MatrixExport = { data: [1], rows: 1, cols: 1, rowLabels: ['<bos>'], colLabels: ['a|b *c* \\ _d_'] };
    expect(matrixMarkdown(m).split('\n').slice(0, 3)).toEqual(['|  | a\\|b \\*c\\* \\\\ \\_d\\_ |', '| :-- | --: |', '| \\<bos\\> | 1 |']);
  });
  it('keeps one line per row when a label holds a line break', () => {
    const m: MatrixExport = { data: [1], rows: 1, cols: 1, rowLabels: ['two\nlines'], colLabels: ['a'] };
    expect(matrixMarkdown(m).trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('exportFileName', () => {
  it('names the file after chapter, step and tensor', () => {
    expect(exportFileName(['attention', 'softmax', 'weights'], 'csv')).toBe('attention-softmax-weights.csv');
  });
  it('makes each part safe and drops missing ones', () => {
    expect(exportFileName(['multi-head-latent-attention', undefined, 'c^{KV} / Café'], 'csv')).toBe('multi-head-latent-attention-c-kv-cafe.csv');
    expect(exportFileName([undefined, '', '../..'], 'md')).toBe('matrix.md');
  });
});
