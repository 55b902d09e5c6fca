// A segmented switch made of native radio buttons (arrow keys move between them, a screen reader announces a radio
// group). Mantine's SegmentedControl measures its floating indicator in an effect at mount, a forced layout of the
// whole page in the moment the site first appears; this one is plain markup and CSS (styles.css, .fl-segmented).
import { useId } from 'react';

interface Props<T extends string> {
  label: string;
  data: readonly { value: T; label: string }[];
  value: T;
  onChange(value: T): void;
}

export function SegmentedRadios<T extends string>({ label, data, value, onChange }: Props<T>) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className="fl-segmented">
      {data.map((d) => (
        <label key={d.value} className="fl-segment" data-active={d.value === value || undefined}>
          <input type="radio" name={name} value={d.value} checked={d.value === value} onChange={() => onChange(d.value)} />
          {d.label}
        </label>
      ))}
    </div>
  );
}
