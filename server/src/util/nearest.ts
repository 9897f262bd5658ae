import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to a misspelled word, or undefined when nothing is
 * close enough to be a plausible typo (so suggestions never look random).
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) return candidate;
    // The distance is at least the difference in length: a candidate that could
    // not be close enough is not compared (a policy of 5,000 long unknown actions
    // took seconds comparing each with every action of the service).
    if (Math.abs(candidate.length - word.length) > allowed) continue;
    const d = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** Formats values for messages: "a", "b" or "c". */
export function quoteList(values: ReadonlyArray<string>): string {
  const quoted = values.map((v) => (v === '' ? '""' : `"${v}"`));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
