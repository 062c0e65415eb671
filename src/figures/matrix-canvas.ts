/**
 * A large matrix drawn on one canvas instead of one table cell per number: a 128-token sentence gives 128 × 128
 * attention weights per head, and 16,000 table cells per matrix cost the page more than a second to build. The
 * canvas shows every value as colour, exactly as the table's tinted cells do; the matrix's read-out gives numbers.
 */

/**
 * Above these many numbers a matrix is drawn on a canvas: a colour-only (compact) matrix from 600 on, one that
 * prints its numbers from 1,000 on or when it is wider than 48 columns of numbers. A 7-token sentence's largest
 * matrix has 7 × 64 = 448.
 */
export const CANVAS_CELLS = 1000;
export const CANVAS_CELLS_COMPACT = 600;
export const CANVAS_COLUMNS = 48;

/**
 * Whether a matrix of this size is drawn on a canvas rather than as table cells.
 * @example drawnOnCanvas(128, 128, false) // true; drawnOnCanvas(7, 64, true) // false
 */
export function drawnOnCanvas(rows: number, cols: number, compact: boolean): boolean {
  return rows * cols > (compact ? CANVAS_CELLS_COMPACT : CANVAS_CELLS) || (!compact && cols > CANVAS_COLUMNS);
}

/** The colours the canvas needs, resolved from the page's CSS custom properties for the current theme. */
export interface MatrixColours {
  /** The matrix's role colour (query, key, value, expert or neutral), for positive numbers. */
  readonly role: [number, number, number];
  /** The neutral colour, for negative numbers. */
  readonly neutral: [number, number, number];
  readonly background: [number, number, number];
  /** Masked cells (−∞) are hatched in these two colours; NaN is outlined in `invalid`. */
  readonly hatch: [number, number, number];
  readonly invalid: [number, number, number];
  readonly focus: [number, number, number];
}

/** Cell size in CSS pixels: small enough that 128 columns fit a figure, large enough to point at. */
export const CELL_PX = 6;

/**
 * The colour of one cell, as the table's CSS does it: the role colour mixed into the background by |x| / max
 * (38 % at most; 30 % of the neutral colour for negatives). Mixed in sRGB, close enough to the table's oklab mix.
 * @example cellColour(0.5, 1, colours) // 19 % of the role colour over the background
 */
export function cellColour(x: number, maxAbs: number, c: MatrixColours): [number, number, number] {
  const heat = Number.isFinite(x) && maxAbs > 0 ? Math.min(1, Math.abs(x) / maxAbs) : 0;
  const [tint, share] = x < 0 ? [c.neutral, heat * 0.3] : [c.role, heat * 0.38];
  return [0, 1, 2].map((i) => Math.round(c.background[i]! + (tint[i]! - c.background[i]!) * share)) as [number, number, number];
}

/**
 * The matrix as one RGBA pixel per number, coloured as cellColour says (masked −∞ cells in the background colour,
 * NaN in `invalid`), and the (row, col) pairs of the masked cells, flattened.
 * @example matrixPixels([1, -Infinity], 1, 2, colours).hatches // [0, 1]
 */
export function matrixPixels(data: ArrayLike<number>, rows: number, cols: number, colours: MatrixColours): { pixels: Uint8ClampedArray<ArrayBuffer>; hatches: number[] } {
  let maxAbs = 0;
  for (let i = 0; i < rows * cols; i++) {
    const x = data[i]!;
    if (Number.isFinite(x) && Math.abs(x) > maxAbs) maxAbs = Math.abs(x);
  }
  const hatches: number[] = [];
  const pixels = new Uint8ClampedArray(rows * cols * 4);
  const { background: bg, role, neutral } = colours;
  // cellColour's arithmetic, written straight into the pixels: no array per cell (16,000 cells at 128 × 128).
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = data[r * cols + c]!;
      const o = (r * cols + c) * 4;
      if (x === -Infinity || Number.isNaN(x)) {
        const flat = x === -Infinity ? bg : colours.invalid;
        pixels[o] = flat[0];
        pixels[o + 1] = flat[1];
        pixels[o + 2] = flat[2];
      } else {
        const heat = Number.isFinite(x) && maxAbs > 0 ? Math.min(1, Math.abs(x) / maxAbs) : 0;
        const tint = x < 0 ? neutral : role;
        const share = heat * (x < 0 ? 0.3 : 0.38);
        pixels[o] = Math.round(bg[0] + (tint[0] - bg[0]) * share);
        pixels[o + 1] = Math.round(bg[1] + (tint[1] - bg[1]) * share);
        pixels[o + 2] = Math.round(bg[2] + (tint[2] - bg[2]) * share);
      }
      pixels[o + 3] = 255;
      if (x === -Infinity) {
        // A short diagonal, as the table's hatching: masked, a future token.
        hatches.push(r, c);
      }
    }
  }
  return { pixels, hatches };
}

/**
 * Draws `data` (rows × cols, row-major) onto the canvas, scaled for the device's pixel ratio, with an outline on
 * the focused row or cell. The cells go in as one image of one pixel per number, scaled up without smoothing (a
 * fillRect per cell with its own colour string costs ten times more at 128 × 128); masked cells (−∞) get a hatch
 * stroke, all in one path.
 * @example drawMatrix(canvas, tensor.data, 128, 128, colours, { row: 127 })
 */
export function drawMatrix(
  canvas: HTMLCanvasElement,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  colours: MatrixColours,
  focus: { row?: number; col?: number; cursor?: [number, number] } = {},
): void {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.style.width = `${cols * CELL_PX}px`;
  canvas.style.height = `${rows * CELL_PX}px`;
  canvas.width = Math.round(cols * CELL_PX * ratio);
  canvas.height = Math.round(rows * CELL_PX * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx || rows === 0 || cols === 0) return;
  const { pixels, hatches } = matrixPixels(data, rows, cols, colours);
  const image = new ImageData(pixels, cols, rows);
  const cells = new OffscreenCanvas(cols, rows);
  cells.getContext('2d')!.putImageData(image, 0, 0);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, 0, 0, cols * CELL_PX, rows * CELL_PX);
  const rgb = ([r, g, b]: readonly number[]) => `rgb(${r} ${g} ${b})`;
  if (hatches.length > 0) {
    // A short diagonal per masked cell, as the table's hatching: masked, a future token.
    const masked = new Path2D();
    for (let i = 0; i < hatches.length; i += 2) {
      const r = hatches[i]!;
      const c = hatches[i + 1]!;
      masked.moveTo(c * CELL_PX + 1, (r + 1) * CELL_PX - 1);
      masked.lineTo((c + 1) * CELL_PX - 1, r * CELL_PX + 1);
    }
    ctx.lineWidth = 0.75;
    ctx.strokeStyle = rgb(colours.hatch);
    ctx.stroke(masked);
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = rgb(colours.focus);
  if (focus.row !== undefined && focus.row < rows) ctx.strokeRect(0.5, focus.row * CELL_PX + 0.5, cols * CELL_PX - 1, CELL_PX - 1);
  if (focus.col !== undefined && focus.col < cols) ctx.strokeRect(focus.col * CELL_PX + 0.5, 0.5, CELL_PX - 1, rows * CELL_PX - 1);
  if (focus.cursor) {
    const [r, c] = focus.cursor;
    ctx.lineWidth = 2;
    ctx.strokeRect(c * CELL_PX - 1, r * CELL_PX - 1, CELL_PX + 2, CELL_PX + 2);
  }
}

/**
 * The cell under a point given in CSS pixels from the canvas's top-left corner, or undefined outside it.
 * @example cellAt(13, 2, 128, 128) // [0, 2]
 */
export function cellAt(x: number, y: number, rows: number, cols: number): [number, number] | undefined {
  const r = Math.floor(y / CELL_PX);
  const c = Math.floor(x / CELL_PX);
  return r >= 0 && r < rows && c >= 0 && c < cols ? [r, c] : undefined;
}

/**
 * Reads a CSS colour (any syntax, light-dark() included) as sRGB bytes, by letting the browser resolve it.
 * @example resolveColour(element, '--c-query') // [31, 88, 181]
 */
export function resolveColour(element: Element, property: `--${string}`): [number, number, number] {
  const probe = element.ownerDocument.createElement('span');
  probe.style.color = `var(${property})`;
  probe.hidden = true;
  element.appendChild(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  const numbers = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
  return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0];
}
