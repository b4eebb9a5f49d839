import { normaliseText } from './normalise-text';
import type { Term } from './terms';

export interface TermMatch {
  term: Term;
  start: number;
  end: number;
  negated: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  terms: Term[];
}

const NEGATION_ZH = ['没有', '不是', '不', '没', '无', '未', '别'];
const NEGATION_EN = new Set(['not', 'no', 'never', 'without', 'nobody', 'none', 'cannot', "can't", "isn't", "doesn't", "don't", "didn't", "won't", "hasn't", "haven't", "wasn't", "aren't"]);
const isLatinLetter = (ch: string | undefined) => ch !== undefined && /[a-z0-9]/.test(ch);

/** A dictionary compiled for longest-match scanning. */
export class TermMatcher {
  private readonly root: TrieNode = { next: new Map(), terms: [] };

  constructor(terms: readonly Term[]) {
    for (const term of terms) {
      let node = this.root;
      for (const ch of term.text) {
        let child = node.next.get(ch);
        if (!child) node.next.set(ch, (child = { next: new Map(), terms: [] }));
        node = child;
      }
      node.terms.push(term);
    }
  }

  /**
   * Scans left to right taking the longest term at each position, so "下水道" is one match and
   * not also "水"; Chinese needs no word segmentation this way, and a longer phrase wins over the
   * words inside it. A term that starts inside an earlier match but runs past its end still
   * counts ("收好处费": "收好处" and "好处费"), so adding a phrase never hides a neighbouring one.
   * English is matched in its normal form ("lights" is "light", "blocked" is "block") and only
   * on whole words, so "lift" does not match inside "shoplifting".
   */
  match(text: string): TermMatch[] {
    const normal = normaliseText(text);
    const s = normal.text;
    // Negation cues are read in the original, with a phone keyboard's curly apostrophe ("isn’t") made straight.
    const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/’/g, "'");
    const out: TermMatch[] = [];
    let covered = 0;
    for (let i = 0; i < s.length; i++) {
      if (isLatinLetter(s[i]) && isLatinLetter(s[i - 1])) continue;
      let node: TrieNode | undefined = this.root;
      let best: { end: number; terms: Term[] } | undefined;
      for (let j = i; j < s.length && node; j++) {
        node = node.next.get(s[j]!);
        if (node?.terms.length && !(isLatinLetter(s[j]) && isLatinLetter(s[j + 1]))) best = { end: j + 1, terms: node.terms };
      }
      if (!best) continue;
      // Inside the span already matched: a word within a longer phrase.
      if (best.end <= covered) continue;
      covered = best.end;
      const start = normal.from[i]!;
      const end = normal.to[best.end - 1]!;
      const negated = isNegated(lower, start);
      for (const term of best.terms) out.push({ term, start, end, negated });
    }
    return out;
  }
}

/** A negation cue right before the term: two characters in Chinese, three words in English. */
function isNegated(s: string, start: number): boolean {
  const before = s.slice(Math.max(0, start - 3), start);
  if (NEGATION_ZH.some((cue) => before.endsWith(cue) || before.slice(0, -1).endsWith(cue))) return true;
  const words = s.slice(Math.max(0, start - 40), start).split(/[^a-z']+/).filter(Boolean).slice(-3);
  return words.some((w) => NEGATION_EN.has(w));
}
