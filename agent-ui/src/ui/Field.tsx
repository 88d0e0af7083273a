// A labelled control with help text and an inline error, wired with ids so screen readers read all three.
import { useId, type ReactNode } from 'react';

export interface FieldControlProps { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }

export function Field({ label, help, error, children, inline }: {
  label: string; help?: string; error?: string | null; inline?: boolean;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      <label className="field-label" htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true as const } : {}) })}
      {help && <p id={helpId} className="field-help">{help}</p>}
      {error && <p id={errorId} className="field-error">{error}</p>}
    </div>
  );
}

/** A switch-style checkbox whose label is its text. */
export function Toggle({ label, checked, onChange, help }: { label: string; checked: boolean; onChange: (v: boolean) => void; help?: string }) {
  const id = useId();
  return (
    <div className="field field-toggle">
      <input id={id} type="checkbox" role="switch" className="toggle" checked={checked} onChange={(e) => onChange(e.target.checked)}
        aria-describedby={help ? `${id}-help` : undefined} />
      <label htmlFor={id}>{label}</label>
      {help && <p id={`${id}-help`} className="field-help">{help}</p>}
    </div>
  );
}
