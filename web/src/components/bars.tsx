/** A rate as people read it: 92%, or a dash when nothing was counted. */
export const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
