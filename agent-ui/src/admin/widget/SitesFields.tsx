// Which websites may embed this widget (config.allowedOrigins); none listed means any site may.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../../ui/Field';
import { type Errors } from './errors';

export function SitesFields({ origins, set, errors }: { origins: string[]; set: (o: string[]) => void; errors: Errors }) {
  const { t } = useI18n();
  // The text as typed (blank lines, a half-written address); the list is what it means.
  const [text, setText] = useState(origins.join('\n'));
  useEffect(() => {
    if (text.split('\n').map((l) => l.trim()).filter(Boolean).join('\n') !== origins.join('\n')) setText(origins.join('\n'));
    // Only an outside change (discard) resets the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [origins]);
  const lines = origins;
  const problems = Object.entries(errors)
    .filter(([k]) => k.startsWith('allowedOrigins'))
    .map(([k, v]) => { const i = Number(k.split('.')[1]); return Number.isInteger(i) && lines[i] ? `${lines[i]}: ${v}` : v; });
  return (
    <Field label={t('widgetDesigner.sites')} help={t('widgetDesigner.sitesHelp')} error={problems.join(' · ') || undefined}>
      {(p) => (
        <textarea {...p} dir="ltr" rows={3} spellCheck={false} placeholder="https://www.example.com" value={text}
          onChange={(e) => { setText(e.target.value); set(e.target.value.split('\n').map((l) => l.trim()).filter(Boolean)); }} />
      )}
    </Field>
  );
}
