import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../math/render-tex';
import { HEADLINES, v3Dollars } from './headlines';
import { ERAS, MODELS, contextText, hasUnverified } from './timeline-data';
import { TIMELINE_STEPS, V31_FACTORS, equationSwitchCss, phaseTokens, V3_LONG_CONTEXT } from './timeline-steps';
import { eraSpan, monthIndex, tableRows } from './timeline-view';

const mdx = readFileSync(new URL('../../../content/chapters/deepseek-timeline.mdx', import.meta.url), 'utf8');
const byId = (id: string) => MODELS.find((m) => m.id === id)!;

describe('the timeline’s data', () => {
  it('has one step per era, in the chapter’s order, each with an equation marking its terms', () => {
    const ids = [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(ERAS.map((e) => e.id));
    expect(TIMELINE_STEPS.map((s) => s.id)).toEqual(ERAS.map((e) => e.id));
    for (const step of TIMELINE_STEPS) {
      const html = renderTex(step.tex);
      for (const term of step.terms) expect(html).toContain(`data-term="${term}"`);
    }
    const css = equationSwitchCss('deepseek-timeline');
    for (const s of TIMELINE_STEPS) expect(css).toContain(`[data-state="${s.id}"] [data-equation-for="${s.id}"]`);
  });

  it('keeps the dates in order and every era non-empty', () => {
    const months = MODELS.map((m) => monthIndex(m.date));
    expect([...months].sort((a, b) => a - b)).toEqual(months);
    for (const e of ERAS) expect(() => eraSpan(e.id)).not.toThrow();
  });

  it('does not repeat the seed’s errors (deepseek-after-r1.md §7)', () => {
    const v2 = byId('deepseek-v2');
    expect(v2.date).toBe('2024-05-06');
    expect(v2.change).toMatch(/latent attention/);
    expect(byId('deepseekmath').change).toMatch(/GRPO/);
    expect(v2.change).toMatch(/GRPO/);
    expect(v2.change).toMatch(/balance losses/);
    expect(byId('deepseek-v3').change).toMatch(/auxiliary-loss-free/);
    expect(byId('deepseek-v3').change).toMatch(/2,048 H800/);
    expect(byId('deepseek-r1').change).toMatch(/no supervised stage first/);
    for (const m of MODELS) expect(`${m.name} ${m.change}`).not.toMatch(/\bV1\b|100,000|multi-headed/);
    expect(mdx).not.toMatch(/V2 \(June|in June 2024, V2|2,000 GPUs/);
    // The seed's claims appear only as quotations in the headlines box, each with the sources' answer.
    expect(HEADLINES.find((h) => h.id === 'gpus')!.sources).toContain('2,048 H800');
    expect(HEADLINES.find((h) => h.id === 'gpus')!.unverified).toBeDefined();
    expect(v3Dollars()).toBe(5.576e6);
  });

  it('marks what the reference marks unverified, and leaves out V4.1’s numbers', () => {
    for (const id of ['deepseek-v2.5', 'deepseek-v4-flash-0731']) {
      const m = byId(id);
      expect(m.unverified?.date && m.unverified.size && m.unverified.change).toBeTruthy();
    }
    expect(byId('deepseek-llm').unverified?.date).toBeTruthy();
    for (const id of ['deepseek-v2', 'deepseek-v3', 'deepseek-v3.1', 'deepseek-v4-flash']) expect(hasUnverified(byId(id))).toBe(false);
    expect(MODELS.some((m) => /V4\.1/.test(m.name))).toBe(false);
    expect(mdx).not.toMatch(/552B|196B|890 bytes|Engram/);
  });

  it('computes V3.1’s longer context training from V3’s phases and the card’s factors', () => {
    const [a, b] = V3_LONG_CONTEXT.phases;
    expect(phaseTokens(a) / 1e9).toBeCloseTo(62.9, 1);
    expect(Math.round((phaseTokens(a) * V31_FACTORS[0]) / 1e9)).toBe(629);
    expect(Math.round((phaseTokens(b) * V31_FACTORS[1]) / 1e9)).toBe(208);
  });

  it('sorts and filters the table', () => {
    const all = tableRows(MODELS, { query: '', era: '', key: 'date', dir: 'ascending' });
    expect(all.map((m) => m.id)).toEqual(MODELS.map((m) => m.id));
    const big = tableRows(MODELS, { query: '', era: '', key: 'total', dir: 'descending' });
    expect(big[0]!.id).toBe('deepseek-v4-pro');
    expect(tableRows(MODELS, { query: 'grouped-query', era: '', key: 'date', dir: 'ascending' }).map((m) => m.id)).toEqual(['deepseek-llm']);
    expect(tableRows(MODELS, { query: '  GRPO  ', era: 'experts', key: 'date', dir: 'ascending' }).map((m) => m.id)).toEqual(['deepseekmath']);
    expect(tableRows(MODELS, { query: '<script>"', era: '', key: 'name', dir: 'ascending' })).toEqual([]);
    // A year finds the models of that year (the page suggests “2025”).
    const of2025 = MODELS.filter((m) => m.date.startsWith('2025')).map((m) => m.id);
    expect(of2025).toHaveLength(7);
    expect(tableRows(MODELS, { query: '2025', era: '', key: 'date', dir: 'ascending' }).map((m) => m.id)).toEqual(expect.arrayContaining(of2025));
    expect(tableRows(MODELS, { query: '2024', era: '', key: 'date', dir: 'ascending' }).length).toBeGreaterThanOrEqual(8);
    const ctx = tableRows(MODELS, { query: '', era: '', key: 'context', dir: 'descending' });
    expect(ctx[0]!.context).toBe(1_048_576);
    expect(contextText(131_072)).toBe('128K');
    expect(contextText(1_048_576)).toBe('1M');
    expect(contextText(undefined)).toBe('—');
  });
});
