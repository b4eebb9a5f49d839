import type { Category } from '../../schema/directory';

/**
 * One term of a category's dictionary, written in the directory file as
 *   "term"      weight 1
 *   "+term"     weight 2 ("++term" 3, and so on)
 *   "~term"     ignored when negated ("not noisy any more"), combinable: "~+吵"
 *   "-term"     evidence against the category (weight -1 per "-")
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
  const text = rest.toLowerCase();
  return { text, categoryId, weight, negatable, latin: /^[\x20-\x7e]+$/.test(text) };
}

export function termsOf(categories: readonly Category[]): Term[] {
  return categories.flatMap((c) => c.keywords.map((k) => parseTerm(k, c.id))).filter((t) => t.text.length > 0);
}
