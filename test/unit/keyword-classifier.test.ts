import { describe, expect, it } from 'vitest';
import { confidence } from '../../domain/classifier/confidence';
import { keywordClassifier } from '../../domain/classifier/keyword-classifier';
import { TermMatcher } from '../../domain/classifier/match-terms';
import { parseTerm, termsOf } from '../../domain/classifier/terms';
import { Directory, type DirectoryInput } from '../../schema/directory';
import { directory as demoCity } from './fixtures';

/** A small taxonomy so these tests pin the mechanism, not the tuned dictionary. */
const dir = Directory.parse({
  ...demoCity,
  categories: [
    { id: 'water', parentId: null, name: 'Water', nameZh: '供水', keywords: ['水', 'water'] },
    { id: 'water.outage', parentId: 'water', name: 'Water cut', nameZh: '停水', keywords: ['+停水', '没水', '不出水', '+no water'] },
    { id: 'water.pipe', parentId: 'water', name: 'Pipe', nameZh: '水管', keywords: ['++水管爆', '+burst pipe'] },
    { id: 'drainage', parentId: null, name: 'Drainage', nameZh: '排水', keywords: ['+下水道', 'sewer', '积水'] },
    { id: 'noise', parentId: null, name: 'Noise', nameZh: '噪音', keywords: ['~+吵', '~noisy', '噪音'] },
    { id: 'lifts', parentId: null, name: 'Lifts', nameZh: '电梯', keywords: ['lift', '-uplifting'] },
  ],
  routingRules: [],
} satisfies DirectoryInput);
const classify = (text: string) => keywordClassifier(dir).classify({ text });

describe('term syntax', () => {
  it('reads weights, negation sensitivity and counter-evidence', () => {
    expect(parseTerm('停水', 'c')).toMatchObject({ text: '停水', weight: 1, negatable: false, latin: false });
    expect(parseTerm('+No Water', 'c')).toMatchObject({ text: 'no water', weight: 2, latin: true });
    expect(parseTerm('++水管爆', 'c')).toMatchObject({ weight: 3 });
    expect(parseTerm('~+吵', 'c')).toMatchObject({ text: '吵', weight: 2, negatable: true });
    expect(parseTerm('-uplifting', 'c')).toMatchObject({ weight: -1 });
  });
});

describe('longest-match scanning', () => {
  const matcher = new TermMatcher(termsOf(dir.categories));
  const found = (text: string) => matcher.match(text).map((m) => `${text.slice(m.start, m.end)}${m.negated ? '(negated)' : ''}`);

  it('takes the longest term at each position, so the characters inside it count once', () => {
    expect(found('楼下水管爆了')).toEqual(['水管爆']);
    expect(found('家里没水了')).toEqual(['没水']);
    expect(found('下水道堵了')).toEqual(['下水道']);
  });

  it('matches English on whole words in their normal form, and reports the words as written', () => {
    expect(found('The lifts are broken')).toEqual(['lifts']);
    expect(found('a burst pipe in the stairwell')).toEqual(['burst pipe']);
    expect(found('Burst pipes on every floor')).toEqual(['Burst pipes']);
    expect(found('shoplifting at the market')).toEqual([]);
    expect(found('an airlift')).toEqual([]);
  });

  it('weighs a phrase at least as much as a stronger term of its category inside it', () => {
    const terms = termsOf([{ id: 'm', parentId: null, name: 'M', nameZh: 'M', keywords: ['+++井盖', '+井盖翘', '+cover', 'loose cover', '+++manhole'] }]);
    const weight = (text: string) => terms.find((t) => t.text === text)?.weight; // English in its normal form
    expect(weight('井盖翘')).toBe(4);
    expect(weight('loos cover')).toBe(2);
  });

  it('skips articles inside a phrase and counts a term once however many of its forms are listed', () => {
    const m = new TermMatcher(termsOf([{ id: 'p', parentId: null, name: 'P', nameZh: 'P', keywords: ['+parked on the pavement', 'enrol', '++enrolled', 'enrols'] }]));
    expect(m.match('a van parked on pavement').map((x) => x.term.text)).toEqual(['parked on pavement']);
    expect(m.match('cannot enroll').map((x) => x.term.weight)).toEqual([3]);
  });

  it('keeps a term that starts inside a longer match but runs past its end, and drops one wholly inside', () => {
    const overlapping = new TermMatcher([parseTerm('+收好处', 'bribe'), parseTerm('+++好处费', 'bribe'), parseTerm('好处', 'other')]);
    expect(overlapping.match('村干部收好处费').map((m) => m.term.text)).toEqual(['收好处', '好处费']);
  });

  it('marks a term negated after a cue: two characters in Chinese, three words in English', () => {
    expect(found('现在不吵了')).toEqual(['吵(negated)']);
    expect(found('it is not noisy any more')).toEqual(['noisy(negated)']);
    expect(found('it isn’t noisy any more')).toEqual(['noisy(negated)']);
    expect(found('楼上很吵')).toEqual(['吵']);
  });
});

describe('the keyword classifier', () => {
  it('chooses a sub-category on its own evidence, adding its parent\'s, and says which words decided', () => {
    expect(classify('小区停水两天了，没有水用')).toMatchObject({ categoryId: 'water.outage', evidence: expect.arrayContaining(['停水']) });
    expect(classify('水管爆了').categoryId).toBe('water.pipe');
    expect(classify('水很浑').categoryId).toBe('water');
  });

  it('keeps a negated problem phrase ("没水") but drops a negated symptom ("不吵")', () => {
    expect(classify('楼里没水').categoryId).toBe('water.outage');
    expect(classify('现在不吵了').categoryId).toBeNull();
  });

  it('counts counter-evidence against a category', () => {
    expect(classify('an uplifting lift story').categoryId).toBeNull();
  });

  it('is unsure when two branches score alike, and suggests one category per branch', () => {
    // 下水道 (2) against 停水 (2): a tie, 2 / (2 + 2 + 2).
    const result = classify('下水道堵了，家里停水');
    expect(result.confidence).toBe(0.333);
    expect(result.suggestions.map((s) => s.categoryId).sort()).toEqual(['drainage', 'water.outage']);
  });

  it('is less sure of one generic word than of a specific term with a rival, and surer with more evidence', () => {
    const oneWord = confidence(1, 0);
    const termWithRival = confidence(2, 1);
    expect(oneWord).toBeLessThan(termWithRival);
    expect(termWithRival).toBeLessThan(confidence(2, 0));
    expect(confidence(2, 0)).toBeLessThan(confidence(4, 0));
    expect(confidence(3, 3)).toBeLessThan(0.5);
  });

  it('has no category and no confidence when nothing matches', () => {
    expect(classify('Please come and have a look')).toEqual({ categoryId: null, confidence: 0, evidence: [], suggestions: [] });
  });
});
