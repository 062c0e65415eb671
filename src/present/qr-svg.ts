/** Turns a QR code's module grid into one SVG path, drawn with DOM calls (no markup strings). Pure path maths. */

/** The quiet zone the QR standard asks for around the code, in modules. */
export const QUIET_ZONE = 4;

/**
 * One path of unit squares, one per dark module, offset by the quiet zone; consecutive dark modules in a row merge
 * into one rectangle so the path stays short.
 * @example qrPath(2, (r, c) => r === c) // 'M4 4h1v1h-1zM5 5h1v1h-1z'
 */
export function qrPath(count: number, isDark: (row: number, col: number) => boolean): string {
  let d = '';
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && isDark(row, col)) col++;
      d += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  return d;
}

/** The SVG element for a QR code: dark modules on white, whatever the theme (scanners need the contrast). */
export function qrSvg(doc: Document, count: number, isDark: (row: number, col: number) => boolean, label: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const size = count + 2 * QUIET_ZONE;
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = doc.createElementNS(ns, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = doc.createElementNS(ns, 'path');
  modules.setAttribute('d', qrPath(count, isDark));
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}
