// A titled surface. Sections of a settings screen are cards; the title is a real heading for screen readers.
import { useId, type ReactNode } from 'react';

export function Card({ title, description, actions, children, wide, className }: {
  title?: string; description?: string; actions?: ReactNode; children: ReactNode; wide?: boolean; className?: string;
}) {
  const headingId = useId();
  const classes = ['card', 'ds-card', wide ? 'ds-card-wide' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <section className={classes} aria-labelledby={title ? headingId : undefined}>
      {(title || actions) && (
        <div className="ds-card-head">
          <div>
            {title && <h2 id={headingId} className="ds-card-title">{title}</h2>}
            {description && <p className="ds-card-description">{description}</p>}
          </div>
          {actions && <div className="ds-card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}
