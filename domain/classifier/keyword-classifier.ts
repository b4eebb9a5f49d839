import type { Classification } from '../../schema/automation';
import type { Directory } from '../../schema/directory';
import type { CaseText, Classifier } from './classifier';
import { TermMatcher, type TermMatch } from './match-terms';
import { termsOf } from './terms';

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Weighted Chinese and English terms per category, matched longest-first. A sub-category scores
 * its own terms plus its parent's, and is chosen only on evidence of its own; a top-level
 * category scores its terms plus the best of its children. Confidence is the winner's margin over
 * the best rival branch, smoothed so that a single weak term is not certainty.
 */
export function keywordClassifier(dir: Directory): Classifier {
  const matcher = new TermMatcher(termsOf(dir.categories));
  const parentOf = new Map(dir.categories.map((c) => [c.id, c.parentId]));
  const rootOf = (id: string): string => parentOf.get(id) ?? id;

  return {
    classify({ text }: CaseText): Classification {
      const own = new Map<string, { score: number; evidence: string[] }>();
      for (const m of matcher.match(text)) {
        if (m.negated && m.term.negatable) continue;
        const entry = own.get(m.term.categoryId) ?? { score: 0, evidence: [] };
        entry.score += m.term.weight;
        if (m.term.weight > 0) entry.evidence.push(evidenceText(text, m));
        own.set(m.term.categoryId, entry);
      }
      const scored = dir.categories
        .map((c) => {
          const mine = own.get(c.id) ?? { score: 0, evidence: [] };
          if (c.parentId) {
            const parent = own.get(c.parentId) ?? { score: 0, evidence: [] };
            const score = mine.score > 0 ? mine.score + Math.max(0, parent.score) : 0;
            return { categoryId: c.id, root: c.parentId, score, evidence: [...parent.evidence, ...mine.evidence] };
          }
          return { categoryId: c.id, root: c.id, score: mine.score, evidence: mine.evidence };
        })
        .filter((c) => c.score > 0)
        // Higher score first; on a tie the more specific (sub-)category.
        .sort((a, b) => b.score - a.score || Number(b.categoryId !== b.root) - Number(a.categoryId !== a.root));
      const best = scored[0];
      if (!best) return { categoryId: null, confidence: 0, evidence: [], suggestions: [] };
      const rival = scored.find((c) => rootOf(c.categoryId) !== best.root)?.score ?? 0;
      const total = scored.reduce((s, c) => s + c.score, 0);
      const seen = new Set<string>();
      const suggestions = scored.filter((c) => (seen.has(c.root) ? false : (seen.add(c.root), true))).slice(0, 3);
      return {
        categoryId: best.categoryId,
        confidence: round(best.score / (best.score + rival + 1)),
        evidence: [...new Set(best.evidence)],
        suggestions: suggestions.map((c) => ({ categoryId: c.categoryId, score: round(c.score / total) })),
      };
    },
  };
}

/** The matched words as they appear in the text. */
function evidenceText(text: string, m: TermMatch): string {
  return text.slice(m.start, m.end);
}
