// A value to paste somewhere else, with its label and a Copy button named after it.
import { useI18n } from '../i18n/i18n';
import { Icon } from './Icon';
import { useToast } from './Toasts';

export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const { t } = useI18n();
  const toast = useToast();
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      {hint && <span className="muted small">{hint}</span>}
      <div className="copy-row">
        {/* Long values scroll sideways: keyboard users need to reach them too. URLs and code read left to right. */}
        <code tabIndex={0} dir="ltr">{value}</code>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={t('common.copyWhat', { what: label })}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => toast(t('common.copied')),
              () => toast(t('common.copyFailed'), 'error'),
            );
          }}
        >
          <Icon name="copy" /> {t('common.copy')}
        </button>
      </div>
    </div>
  );
}
