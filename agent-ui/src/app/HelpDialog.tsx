import { useI18n, type MessageKey } from '../i18n/i18n';
import { Modal } from '../ui/Modal';

const KEYS: [string, MessageKey][] = [
  ['j', 'help.next'],
  ['k', 'help.prev'],
  ['r', 'help.reply'],
  ['n', 'help.note'],
  ['e', 'help.resolve'],
  ['m', 'help.merge'],
  ['/', 'help.search'],
  ['?', 'help.help'],
];

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('help.title')} onClose={onClose} closeLabel={t('common.close')}>
      <dl className="shortcuts">
        {KEYS.map(([k, label]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('help.composer')}</p>
    </Modal>
  );
}
