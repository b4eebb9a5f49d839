import type { Category } from '../../schema/directory';
import { normaliseText } from './normalise-text';

/**
 * One term of a category's dictionary, written in the directory file as
 *   "term"      weight 1
 *   "+term"     weight 2 ("++term" 3, and so on)
 *   "~term"     ignored when negated ("not noisy any more"), combinable: "~+吵"
 *   "-term"     evidence against the category (weight -1 per "-")
 * English is stored in its normal form (normalise-text.ts), so one entry covers its inflections
 * and spellings.
 */
export interface Term {
  text: string;
  categoryId: string;
  weight: number;
  negatable: boolean;
  latin: boolean;
}

export function parseTerm(raw: string, categoryId: string): Term {
  let rest = raw.trim();
  let weight = 1;
  let negatable = false;
  for (;;) {
    if (rest.startsWith('~')) negatable = true;
    else if (rest.startsWith('+')) weight += 1;
    else if (rest.startsWith('-')) weight = weight > 0 ? -1 : weight - 1;
    else break;
    rest = rest.slice(1);
  }
  const text = normaliseText(rest).text.trim();
  return { text, categoryId, weight, negatable, latin: /^[\x20-\x7e]+$/.test(text) };
}

/**
 * A category's terms, one per normal form: "enrol", "enrols" and "enrolled" are one word once
 * normalised and must count once, with the strongest weight written for any of them. A phrase
 * weighs at least as much as the strongest term of its own category inside it: matching is
 * longest-first, so "井盖翘" hides "+++井盖", and a more precise wording must not count for less.
 */
export function termsOf(categories: readonly Category[]): Term[] {
  const out: Term[] = [];
  for (const c of categories) {
    const byText = new Map<string, Term>();
    for (const term of c.keywords.map((k) => parseTerm(k, c.id))) {
      if (term.text.length === 0) continue;
      const seen = byText.get(term.text);
      if (!seen || term.weight > seen.weight) byText.set(term.text, { ...term, negatable: term.negatable || (seen?.negatable ?? false) });
    }
    const terms = [...byText.values()];
    for (const term of terms) {
      if (term.weight <= 0) continue;
      const inside = terms.filter((t) => t !== term && t.weight > term.weight && containsTerm(term, t));
      if (inside.length) term.weight = Math.max(...inside.map((t) => t.weight));
    }
    out.push(...terms);
  }
  return out;
}

/** Whether `inner` occurs in `outer` as the matcher would find it: English on whole words. */
function containsTerm(outer: Term, inner: Term): boolean {
  if (!inner.latin) return outer.text.includes(inner.text);
  return ` ${outer.text} `.includes(` ${inner.text} `);
}
