import { describe, expect, it } from 'vitest';
import { normaliseWord } from '../../domain/classifier/english-words';
import { normaliseText } from '../../domain/classifier/normalise-text';

const same = (...words: string[]) => new Set(words.map(normaliseWord)).size === 1;

describe('English normal forms', () => {
  it('joins plurals, -ed and -ing forms and possessives', () => {
    expect(same('drain', 'drains', 'drained', 'draining')).toBe(true);
    expect(same('pile', 'piles', 'piled', 'piling')).toBe(true);
    expect(same('stop', 'stops', 'stopped', 'stopping')).toBe(true);
    expect(same('damage', 'damaged', 'damages')).toBe(true);
    expect(same('city', 'cities')).toBe(true);
    expect(same('neighbour', "neighbour's", 'neighbours', "neighbours'")).toBe(true);
  });

  it('joins British and American spellings', () => {
    expect(same('neighbour', 'neighbor')).toBe(true);
    expect(same('kerb', 'curb')).toBe(true);
    expect(same('travelled', 'traveled', 'travel')).toBe(true);
    expect(same('organised', 'organized')).toBe(true);
    expect(same('enrol', 'enroll', 'enrolled', 'enrols')).toBe(true);
  });

  it('corrects misspellings residents often type', () => {
    expect(same('electrisity', 'electricity')).toBe(true);
    expect(same('kindergarden', 'kindergarten')).toBe(true);
    expect(same('neigbour', 'neighbor')).toBe(true);
  });

  it('keeps apart words whose forms mean something else', () => {
    expect(same('lighting', 'lights')).toBe(false);
    expect(same('housing', 'house')).toBe(false);
    expect(same('fired', 'fire')).toBe(false);
    expect(same('care', 'car')).toBe(false);
    expect(same('caring', 'car')).toBe(false);
    expect(same('parking', 'park')).toBe(false);
    expect(same('news', 'new')).toBe(false);
    expect(same('ate', 'at')).toBe(false);
    expect(same('noise', 'noize')).toBe(false);
  });
});

describe('normalising a text', () => {
  it('keeps each normal character\'s place in the original, drops filler words and joins hyphenated words', () => {
    const raw = 'The Drains — ankle-deep';
    const n = normaliseText(raw);
    expect(n.text).toBe('drain — ankl deep');
    const at = n.text.indexOf('drain');
    expect(raw.slice(n.from[at]!, n.to[at + 4]!)).toBe('Drains');
  });

  it('drops articles but keeps possessives, which say whose problem it is', () => {
    expect(normaliseText('the shop').text).toBe('shop');
    expect(normaliseText('my shop').text).toBe('my shop');
  });

  it('reads full-width letters as ASCII and the local dialect\'s 哒 and 冇 as 了 and 没, keeping each place', () => {
    expect(normaliseText('ＫＴＶ太吵').text).toBe('ktv太吵');
    expect(normaliseText('路灯坏哒，冇水').text).toBe('路灯坏了,没水');
    expect(normaliseText('路灯坏哒').from).toEqual([0, 1, 2, 3]);
  });

  it('leaves Chinese as it is', () => {
    expect(normaliseText('下水道堵了 WiFi').text).toBe('下水道堵了 wifi');
  });
});
