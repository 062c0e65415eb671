import { describe, expect, it } from 'vitest';
import { controlText, rewriteIdRefs, snapshotId } from './clone-rules';

describe('snapshot clone rules', () => {
  const renamed = new Map([
    ['hatch', snapshotId('hatch', 'yarn')],
    ['clip-1', snapshotId('clip-1', 'yarn')],
  ]);

  it('gives each snapshot its own ids', () => {
    expect(snapshotId('hatch', 'yarn')).toBe('hatch--print-yarn');
    expect(snapshotId('hatch', 'ramp')).not.toBe(snapshotId('hatch', 'yarn'));
  });

  it('points url(#…) and #… references at the renamed ids and leaves the rest', () => {
    expect(rewriteIdRefs('url(#hatch)', renamed)).toBe('url(#hatch--print-yarn)');
    expect(rewriteIdRefs("url('#clip-1')", renamed)).toBe("url('#clip-1--print-yarn')");
    expect(rewriteIdRefs('fill: url("#hatch"); stroke: url(#other)', renamed)).toBe('fill: url("#hatch--print-yarn"); stroke: url(#other)');
    expect(rewriteIdRefs('#hatch', renamed)).toBe('#hatch--print-yarn');
    expect(rewriteIdRefs('#other', renamed)).toBe('#other');
    expect(rewriteIdRefs('plain text #hatch', renamed)).toBe('plain text #hatch');
  });

  it('writes a control as the value it shows', () => {
    expect(controlText({ kind: 'select', selected: ['Layer 2'] })).toBe('Layer 2');
    expect(controlText({ kind: 'select', selected: [] })).toBe('');
    expect(controlText({ kind: 'checkbox', checked: true })).toBe('☒');
    expect(controlText({ kind: 'checkbox', checked: false })).toBe('☐');
    expect(controlText({ kind: 'radio', checked: true })).toBe('●');
    expect(controlText({ kind: 'value', value: '0.5' })).toBe('0.5');
    expect(controlText({ kind: 'hidden' })).toBeUndefined();
  });
});
