/** A horizontal bar chart in plain SVG: enough for rates and counts, no chart library. */
export interface Bar {
  label: string;
  value: number | null;
  /** What the bar says, e.g. "92% (23/25)". */
  text: string;
}

export function Bars({ title, bars, max = 1 }: { title: string; bars: Bar[]; max?: number }) {
  const row = 22;
  const labelWidth = 170;
  const width = 460;
  const height = Math.max(bars.length, 1) * row + 4;
  return (
    <figure className="bars">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {bars.map((b, i) => {
          const w = b.value === null || max <= 0 ? 0 : Math.max(1, ((width - labelWidth - 90) * Math.min(b.value, max)) / max);
          return (
            <g key={b.label + i} transform={`translate(0 ${i * row + 2})`}>
              <title>{`${b.label}: ${b.text}`}</title>
              <text x={labelWidth - 6} y={row / 2 + 4} textAnchor="end" className="bar-label">
                {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              </text>
              <rect x={labelWidth} y={3} width={w} height={row - 8} rx={2} className="bar" />
              <text x={labelWidth + w + 6} y={row / 2 + 4} className="bar-value">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
