import { FILLER_WORDS, normaliseWord } from './english-words';

/**
 * A text in the form the dictionary is matched in: English words reduced to their normal form
 * (english-words.ts), filler words dropped, hyphens and runs of spaces made one space; Chinese and
 * everything else unchanged. For each character it keeps the span of the original text it came
 * from, so evidence shows the resident's own words ("drains blocked"), not the normal form.
 */
export interface NormalText {
  text: string;
  /** Per character of `text`: where its source starts and ends in the original. */
  from: number[];
  to: number[];
}

const WORD = /[a-z0-9]+(?:['’][a-z]+)*/y;
const SEPARATOR = /[\s\-_/]/;

export function normaliseText(raw: string): NormalText {
  // Only ASCII is lower-cased: toLowerCase on other scripts may change the length.
  const s = raw.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  const emit = (chars: string, start: number, end: number) => {
    for (const ch of chars) {
      text += ch;
      from.push(start);
      to.push(end);
    }
  };
  for (let i = 0; i < s.length; ) {
    WORD.lastIndex = i;
    const word = WORD.exec(s)?.[0];
    if (word) {
      if (!FILLER_WORDS.has(word)) emit(normaliseWord(word), i, i + word.length);
      i += word.length;
    } else if (SEPARATOR.test(s[i]!)) {
      if (text.length > 0 && !text.endsWith(' ')) emit(' ', i, i + 1);
      i++;
    } else {
      emit(s[i]!, i, i + 1);
      i++;
    }
  }
  return { text, from, to };
}
