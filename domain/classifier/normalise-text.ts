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

/**
 * One character for another, so every index still maps to the original: full-width letters and
 * digits typed with a Chinese keyboard ("ＫＴＶ", "１２３４５") become ASCII; the local dialect's
 * aspect particle 哒 ("停哒电", "坏哒") becomes 了, and 冇 ("冇水") becomes 没, so the Mandarin
 * dictionary terms match.
 */
function sameLength(raw: string): string {
  return raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(?<=[\u4e00-\u9fff])哒/g, '了')
    .replace(/冇/g, '没')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function normaliseText(raw: string): NormalText {
  // Only ASCII is lower-cased: toLowerCase on other scripts may change the length.
  const s = sameLength(raw);
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
