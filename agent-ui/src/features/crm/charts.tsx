// The campaign results bar (parts of a whole); column charts are the shared ui/Chart.tsx. In a right-to-left
// language the parts run from the right, like the text around them.
import { useI18n } from '../../i18n/i18n';

/** Horizontal stacked bar of parts of a whole (campaign results). */
export function PartsBar({ parts, label }: { parts: { label: string; value: number; color: string }[]; label: string }) {
  const { dir } = useI18n();
  const total = Math.max(1, parts.reduce((s, p) => s + p.value, 0));
  let x = 0;
  return (
    <svg role="img" aria-label={label} viewBox="0 0 300 14" className="crm-parts" preserveAspectRatio="none">
      {parts.map((p) => {
        const w = (p.value / total) * 300;
        const el = <rect key={p.label} x={dir === 'rtl' ? 300 - x - w : x} width={w} height={14} fill={p.color}><title>{`${p.label}: ${p.value}`}</title></rect>;
        x += w;
        return el;
      })}
    </svg>
  );
}
