/** Messages for one-line places (a badge): the first line of an error, cut to a readable length. */

/**
 * A message cut to its first line and at most `max` characters, for a badge that must stay one line.
 * @example oneLine('Error while parsing WGSL: :3:5 error: …\n …') // 'Error while parsing WGSL: :3:5 error: …'
 */
export function oneLine(message: string, max = 120): string {
  const first = message.trim().split(/\r?\n/, 1)[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
