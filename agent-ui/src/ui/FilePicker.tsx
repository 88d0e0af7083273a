// A file input that looks like the other buttons and says which file was picked. The native input stays in the
// page (visually hidden, still focusable and labelled) so keyboards, screen readers and drag-and-drop keep working.
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Icon } from './Icon';

export function FilePicker({ label, accept, help, onFile }: { label: string; accept?: string; help?: string; onFile: (file: File) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="field">
      <span className="field-label" id={`${id}-label`}>{label}</span>
      <div className="file-picker">
        <input id={id} type="file" className="sr-only" accept={accept} aria-labelledby={`${id}-label`} aria-describedby={help ? `${id}-help` : undefined}
          onChange={(e) => { const f = e.target.files?.[0]; if (f) { setName(f.name); onFile(f); } }} />
        <label htmlFor={id} className="btn btn-secondary"><Icon name="paperclip" size={14} />{t('ui.file.choose')}</label>
        <span className="file-picker-name" aria-live="polite">{name ?? t('ui.file.none')}</span>
      </div>
      {help && <p id={`${id}-help`} className="field-help">{help}</p>}
    </div>
  );
}
