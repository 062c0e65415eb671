/** Pure helpers of the timeline figure and its table: where each model sits on the time axis, and sorting and filtering. */
import { ERAS, MODELS, type EraId, type TimelineModel } from './timeline-data';

/** The date as a number of months since January 2000, mid-month where only the month is known. */
export function monthIndex(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (y! - 2000) * 12 + (m! - 1) + (d === undefined ? 0.5 : (d - 1) / 31);
}

/** The axis the figure draws: from a month before the first model to a month after the last. */
export function axisRange(models: readonly TimelineModel[] = MODELS): { from: number; to: number } {
  const xs = models.map((m) => monthIndex(m.date));
  return { from: Math.floor(Math.min(...xs)) - 1, to: Math.ceil(Math.max(...xs)) + 1 };
}

/** The first and last month of an era's models, for the band the figure shades. */
export function eraSpan(era: EraId, models: readonly TimelineModel[] = MODELS): { from: number; to: number } {
  const xs = models.filter((m) => m.era === era).map((m) => monthIndex(m.date));
  if (xs.length === 0) throw new Error(`eraSpan: no model in era ${era}`);
  return { from: Math.min(...xs), to: Math.max(...xs) };
}

/** log10 of a parameter count: the figure's vertical axis. */
export const logParams = (n: number): number => Math.log10(n);

export type SortKey = 'date' | 'name' | 'total' | 'active' | 'context';
export type SortDir = 'ascending' | 'descending';

/**
 * The table's rows, filtered by a query (matched, case-insensitively, against the name, the date, the change and the
 * source)
 * and an era ('' for all), then sorted; ties keep the timeline's order.
 * @example tableRows(MODELS, { query: 'gqa', era: '', key: 'date', dir: 'ascending' }).length // 1
 */
export function tableRows(
  models: readonly TimelineModel[],
  { query, era, key, dir }: { query: string; era: EraId | ''; key: SortKey; dir: SortDir },
): TimelineModel[] {
  const q = query.trim().toLowerCase();
  const words = q === '' ? [] : q.split(/\s+/);
  const kept = models.filter((m) => (era === '' || m.era === era) && words.every((w) => `${m.name} ${m.date} ${m.dateText} ${m.change} ${m.source}`.toLowerCase().includes(w)));
  const value = (m: TimelineModel): number | string =>
    key === 'date' ? monthIndex(m.date) : key === 'name' ? m.name.toLowerCase() : key === 'total' ? m.total : key === 'active' ? m.active : (m.context ?? -1);
  const sign = dir === 'ascending' ? 1 : -1;
  return kept
    .map((m, i) => ({ m, i }))
    .sort((a, b) => {
      const x = value(a.m);
      const y = value(b.m);
      const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map(({ m }) => m);
}

/** An era's title. */
export const eraTitle = (id: EraId): string => ERAS.find((e) => e.id === id)!.title;
