import type { Classification } from '../../schema/automation';
import type { Directory } from '../../schema/directory';
import type { CaseText, Classifier } from './classifier';
import { TermMatcher, type TermMatch } from './match-terms';
import { termsOf } from './terms';
import { confidence } from './confidence';

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Weighted Chinese and English terms per category, matched longest-first. A sub-category scores
 * its own terms plus its parent's, and is chosen only on evidence of its own; a top-level
 * category scores its own terms. Confidence weighs the winner against the best rival branch
 * (confidence.ts).
 */
export function keywordClassifier(dir: Directory): Classifier {
  const rank = categoryRanker(dir);
  return {
    classify({ text }: CaseText): Classification {
      const scored = rank(text);
      const best = scored[0];
      if (!best) return { categoryId: null, confidence: 0, evidence: [], suggestions: [] };
      const rival = scored.find((c) => c.root !== best.root)?.score ?? 0;
      const total = scored.reduce((s, c) => s + c.score, 0);
      const seen = new Set<string>();
      const suggestions = scored.filter((c) => (seen.has(c.root) ? false : (seen.add(c.root), true))).slice(0, 3);
      return {
        categoryId: best.categoryId,
        confidence: round(confidence(best.score, rival)),
        evidence: [...new Set(best.evidence)],
        suggestions: suggestions.map((c) => ({ categoryId: c.categoryId, score: round(c.score / total) })),
      };
    },
  };
}

export interface ScoredCategory {
  categoryId: string;
  root: string;
  score: number;
  evidence: string[];
}

/** Every category with evidence in a text, best first. */
export function categoryRanker(dir: Directory): (text: string) => ScoredCategory[] {
  const matcher = new TermMatcher(termsOf(dir.categories));

  return (text) => {
    const own = new Map<string, { score: number; evidence: string[] }>();
    for (const m of matcher.match(text)) {
      if (m.negated && m.term.negatable) continue;
      const entry = own.get(m.term.categoryId) ?? { score: 0, evidence: [] };
      entry.score += m.term.weight;
      if (m.term.weight > 0) entry.evidence.push(evidenceText(text, m));
      own.set(m.term.categoryId, entry);
    }
    return (
      dir.categories
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
        .sort((a, b) => b.score - a.score || Number(b.categoryId !== b.root) - Number(a.categoryId !== a.root))
    );
  };
}

/** The matched words as they appear in the text. */
function evidenceText(text: string, m: TermMatch): string {
  return text.slice(m.start, m.end);
}
