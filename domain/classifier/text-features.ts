import { normaliseText } from './normalise-text';

/**
 * What the learned model reads in a text: Chinese as overlapping runs of one to three characters
 * (no word segmentation to get wrong, and "井盖" is found inside "井盖翘起来"), English as words in
 * their normal form (normalise-text.ts) and pairs of neighbouring words ("not work", "fire lane").
 * Each feature counts once, and the vector has unit length so a rambling text weighs no more than
 * a terse one.
 */
export type Features = Map<string, number>;

const HAN = /[\u3400-\u9fff]/;
const WORD = /^[a-z][a-z']*$/;

export function textFeatures(text: string): Features {
  const seen = new Set<string>();
  for (const run of normaliseText(text).text.split(/([\u3400-\u9fff]+)/)) {
    if (run.length === 0) continue;
    if (HAN.test(run[0]!)) {
      for (let i = 0; i < run.length; i++) {
        for (let n = 1; n <= 3 && i + n <= run.length; n++) seen.add(run.slice(i, i + n));
      }
    } else {
      const words = run.split(/[^a-z0-9']+/).filter((w) => WORD.test(w));
      words.forEach((w, i) => {
        seen.add(w);
        if (i > 0) seen.add(`${words[i - 1]} ${w}`);
      });
    }
  }
  const weight = seen.size ? 1 / Math.sqrt(seen.size) : 0;
  return new Map([...seen].map((f) => [f, weight]));
}

/**
 * Where a feature occurs in a text, in the resident's own words ("drains are" for the feature
 * "drain are"), so the model's evidence reads like the dictionary's; null if it does not occur.
 */
export function featureInText(text: string, feature: string): string | null {
  const normal = normaliseText(text);
  const latin = /^[a-z0-9' ]+$/.test(feature);
  for (let i = normal.text.indexOf(feature); i >= 0; i = normal.text.indexOf(feature, i + 1)) {
    const end = i + feature.length;
    if (latin && (/[a-z0-9']/.test(normal.text[i - 1] ?? '') || /[a-z0-9']/.test(normal.text[end] ?? ''))) continue;
    return text.slice(normal.from[i], normal.to[end - 1]);
  }
  return null;
}
