// Where @mentions land: newest first, click to open the conversation.
import { shortAgo, useI18n } from '../i18n/i18n';
import type { NotificationsState } from '../notifications/useNotifications';
import { EmptyState } from '../ui/States';
import { navigate } from './router';

export function MentionsPanel({ notif, onClose }: { notif: NotificationsState; onClose: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div className="popover mentions-panel" role="group" aria-label={t('mentions.title')}>
      <div className="popover-head">
        <h2>{t('mentions.title')}</h2>
        {notif.unreadMentions > 0 && (
          <button type="button" className="btn btn-link btn-tiny" onClick={notif.markMentionsRead}>
            {t('mentions.markRead')}
          </button>
        )}
      </div>
      {notif.mentions.length === 0 ? (
        <EmptyState icon="at" title={t('mentions.empty')} />
      ) : (
        <ul className="mentions-list">
          {notif.mentions.slice(0, 30).map((m) => (
            <li key={m.id} className={m.readAt ? '' : 'unread'}>
              <a
                href={`/c/${m.conversationId}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/c/${m.conversationId}?status=all`);
                  onClose();
                }}
              >
                <strong>{t('mentions.by', { name: m.authorName })}</strong>
                <span className="mention-body">{m.body}</span>
                <small className="muted">{shortAgo(m.createdAt, locale)}</small>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
