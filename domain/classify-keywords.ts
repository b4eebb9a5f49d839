import type { Classification } from '../schema/automation';
import type { Directory } from '../schema/directory';

interface Term {
  text: string;
  weight: number;
  latin: boolean;
}

const parseTerm = (raw: string): Term => {
  const strong = raw.startsWith('+');
  const text = (strong ? raw.slice(1) : raw).toLowerCase();
  return { text, weight: strong ? 2 : 1, latin: /^[\x20-\x7e]+$/.test(text) };
};

// Latin terms match at a word start ("lift" not inside "uplifting"); Chinese has no word
// boundaries, so its terms match anywhere.
const matches = (haystack: string, term: Term) =>
  term.latin ? new RegExp(`(^|[^a-z])${term.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(haystack) : haystack.includes(term.text);

/**
 * A first keyword classifier over the directory's taxonomy: each category scores the weights of
 * its matched terms plus its parent's; confidence is the best score against the best of the other
 * top-level branches, smoothed so one weak term alone is not certainty.
 */
export function classifyByKeywords(dir: Directory, text: string): Classification {
  const haystack = text.toLowerCase();
  const own = new Map<string, { score: number; hits: string[] }>();
  for (const c of dir.categories) {
    const hits = c.keywords.map(parseTerm).filter((t) => matches(haystack, t));
    own.set(c.id, { score: hits.reduce((s, t) => s + t.weight, 0), hits: hits.map((t) => t.text) });
  }
  const parentOf = new Map(dir.categories.map((c) => [c.id, c.parentId]));
  const rootOf = (id: string): string => {
    const p = parentOf.get(id);
    return p ? rootOf(p) : id;
  };
  const scored = dir.categories
    .map((c) => {
      const mine = own.get(c.id)!;
      const parent = c.parentId ? own.get(c.parentId)! : { score: 0, hits: [] };
      // A sub-category is chosen only on its own evidence, never on its parent's alone.
      const score = mine.score === 0 && c.parentId ? 0 : mine.score + parent.score;
      return { categoryId: c.id, root: rootOf(c.id), score, evidence: [...parent.hits, ...mine.hits] };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.categoryId.length - b.categoryId.length);
  const best = scored[0];
  if (!best) return { categoryId: null, confidence: 0, evidence: [], suggestions: [] };
  const rival = scored.find((c) => c.root !== best.root)?.score ?? 0;
  const total = scored.reduce((s, c) => s + c.score, 0);
  return {
    categoryId: best.categoryId,
    confidence: round(best.score / (best.score + rival + 1)),
    evidence: best.evidence,
    suggestions: scored.slice(0, 3).map((c) => ({ categoryId: c.categoryId, score: round(c.score / total) })),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
