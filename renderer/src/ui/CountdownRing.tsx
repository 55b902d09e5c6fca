// A ring that empties as time runs out, drawn as two SVG circles. Mantine's RingProgress wraps every arc in a
// floating tooltip whose mount reads the computed style of each ancestor: on a screen of leader cards that was tens
// of milliseconds of forced style work while the site first appears, for a tooltip the ring never shows.
import type { ReactNode } from 'react';

interface Props {
  size: number;
  thickness: number;
  /** 0 to 100. */
  value: number;
  /** A Mantine colour name (teal, yellow, red…). */
  color: string;
  label?: ReactNode;
}

export function CountdownRing({ size, thickness, value, color, label }: Props) {
  const r = (size - thickness) / 2;
  const length = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, value)) / 100) * length;
  return (
    <div className="fl-ring" style={{ width: size, height: size }}>
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden focusable="false">
        <circle cx={size / 2} cy={size / 2} r={r} fill="none" strokeWidth={thickness} className="fl-ring-track" />
        {filled > 0 && (
          <circle
            cx={size / 2}
            cy={size / 2}
            r={r}
            fill="none"
            strokeWidth={thickness}
            strokeLinecap="round"
            strokeDasharray={`${filled} ${length}`}
            // From twelve o'clock, clockwise, as a clock's hand.
            transform={`rotate(-90 ${size / 2} ${size / 2})`}
            style={{ stroke: `var(--mantine-color-${color}-filled)` }}
          />
        )}
      </svg>
      {label !== undefined && <div className="fl-ring-label">{label}</div>}
    </div>
  );
}
