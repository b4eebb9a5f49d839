/**
 * A small, fast, seeded random source. Every case gets its own stream derived from the run's
 * seed and the case's index, so a case can be regenerated alone, in any worker, in any order,
 * and the same seed always gives the same city.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  u32(): number;
}

/** splitmix32: spreads nearby seeds (case 1, case 2…) into unrelated generator states. */
function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32: passes PractRand, and is a handful of 32-bit operations per number. */
export function createRng(seed: number, stream = 0): Rng {
  const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x2c1b3c6d)) | 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return { u32, next: () => u32() / 4294967296 };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number) => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/**
 * A version-4, variant-1 UUID from the stream: the column is `uuid`, and consumers may check
 * the format, so it must look exactly like what `uuid4()` mints in the workflow.
 */
export function uuid4(rng: Rng): string {
  const a = hex32(rng.u32());
  const b = hex32(((rng.u32() & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex32(((rng.u32() & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex32(rng.u32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
export const uniform = (rng: Rng, lo: number, hi: number): number => lo + rng.next() * (hi - lo);
export const chance = (rng: Rng, p: number): boolean => rng.next() < p;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;

/** Draws from a fixed weighted list in O(log n): cumulative weights, binary search. */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('a weighted list needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
    this.total = sum;
  }
  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** A choice among named outcomes with probabilities, e.g. { satisfied: 0.7, … }. */
export function choose<K extends string>(rng: Rng, odds: Record<K, number>): K {
  const entries = Object.entries(odds) as [K, number][];
  let x = rng.next() * entries.reduce((s, [, p]) => s + p, 0);
  for (const [k, p] of entries) if ((x -= p) < 0) return k;
  return entries[entries.length - 1]![0];
}
