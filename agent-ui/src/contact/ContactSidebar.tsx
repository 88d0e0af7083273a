// The single customer view beside every conversation: who they are on every
// channel, what we know about the visit, and every earlier conversation.
import { useCallback, useEffect, useState, lazy, Suspense } from 'react';
import { contacts } from '../api/endpoints';
import type { ChannelKind, Contact } from '../api/types';
import { navigate } from '../app/router';
import { shortAgo, useI18n } from '../i18n/i18n';
import { realtime } from '../realtime/socket';
import { Avatar } from '../ui/Avatar';
import { ChannelIcon, Icon } from '../ui/Icon';
import { ErrorState, Spinner } from '../ui/States';
import { ContactFields } from './ContactFields';
import { contactDisplayName } from './displayName';
import { VISITOR_KEYS } from './contactEdit';
import { VisitFacts } from './VisitFacts';

// Opened on demand: loaded on first use, not with the inbox.
const MergeDialog = lazy(() => import('./MergeDialog').then((m) => ({ default: m.MergeDialog })));

const KNOWN_CHANNELS = ['web', 'email', 'sms', 'telegram', 'messenger', 'whatsapp', 'line'];

export function ContactSidebar({ contactId, currentConversationId }: { contactId: string; currentConversationId: string }) {
  const { t, locale } = useI18n();
  const [contact, setContact] = useState<Contact | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [merging, setMerging] = useState(false);

  const load = useCallback(() => {
    setState('loading');
    contacts
      .get(contactId)
      .then((c) => {
        setContact(c);
        setState('ready');
      })
      .catch(() => setState('error'));
  }, [contactId]);

  useEffect(load, [load]);
  useEffect(() => realtime.on('resync', load), [load]);

  if (state === 'loading') return <aside className="side-pane" aria-label={t('contact.region')}><Spinner label={t('common.loading')} /></aside>;
  if (state === 'error' || !contact)
    return (
      <aside className="side-pane" aria-label={t('contact.region')}>
        <ErrorState message={t('contact.loadError')} onRetry={load} retryLabel={t('common.retry')} />
      </aside>
    );

  const name = contactDisplayName(t, contact);
  const visit = VISITOR_KEYS.filter((k) => contact.attributes?.[k] !== undefined && contact.attributes?.[k] !== '');
  const previous = contact.conversations.filter((c) => c.id !== currentConversationId);

  return (
    <aside className="side-pane" aria-label={t('contact.region')}>
      <div className="contact-card">
        <Avatar name={name} id={contact.id} url={contact.avatarUrl} size={48} />
        <div>
          <h2 className="contact-name" dir="auto">{name}</h2>
          {contact.lastSeenAt && <p className="muted small">{t('contact.lastSeen', { time: shortAgo(contact.lastSeenAt, locale) })}</p>}
        </div>
      </div>

      <ContactFields contact={contact} onSaved={setContact} />

      <div className="side-section">
        <div className="side-section-head">
          <h3>{t('contact.identities')}</h3>
          <button type="button" className="btn btn-link btn-tiny" onClick={() => setMerging(true)}>
            <Icon name="merge" size={12} /> {t('contact.merge')}
          </button>
        </div>
        {contact.identities.length === 0 ? (
          <p className="muted small">{t('contact.noIdentities')}</p>
        ) : (
          <ul className="identities">
            {contact.identities.map((i) => (
              <li key={`${i.channel}:${i.address}`}>
                <ChannelIcon
                  channel={(KNOWN_CHANNELS.includes(i.channel) ? i.channel : 'web') as ChannelKind}
                  label={KNOWN_CHANNELS.includes(i.channel) ? t(`channel.${i.channel as ChannelKind}`) : i.channel}
                />
                {/* Web visitors are identified by an opaque id: name the channel instead of showing the token. */}
                <span className="identity-address" title={i.address}>
                  {i.channel === 'web' ? `${t('channel.web')} · ${i.address.slice(0, 6)}…` : i.address}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>

      {(contact.visit || visit.length > 0) && (
        <div className="side-section">
          <h3>{t('contact.visit')}</h3>
          {contact.visit && <VisitFacts visit={contact.visit} />}
          <dl className="kv">
            {visit.map((k) => (
              <VisitRow key={k} label={t(`visit.${k}` as 'visit.pageUrl')} value={String(contact.attributes![k])} />
            ))}
          </dl>
        </div>
      )}

      <div className="side-section">
        <h3>{t('contact.previous', { count: previous.length })}</h3>
        {previous.length === 0 ? (
          <p className="muted small">{t('contact.noPrevious')}</p>
        ) : (
          <ul className="prev-convs">
            {previous.map((c) => (
              <li key={c.id}>
                <a
                  href={`/c/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/c/${c.id}?status=all`);
                  }}
                >
                  <ChannelIcon channel={c.channel} label={t(`channel.${c.channel ?? 'web'}`)} />
                  <span className="prev-preview" dir="auto">{c.subject || c.lastMessage?.body || `${t(`channel.${c.channel ?? 'web'}`)} · ${shortAgo(c.lastMessageAt, locale)}`}</span>
                  <span className={`status-pill status-${c.status}`}>{t(`status.${c.status}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>

      {merging && (
        <Suspense fallback={null}><MergeDialog
          contact={contact}
          onClose={() => setMerging(false)}
          onMerged={(c) => {
            setContact(c);
            setMerging(false);
          }}
        /></Suspense>
      )}
    </aside>
  );
}

function VisitRow({ label, value }: { label: string; value: string }) {
  const isUrl = /^https?:\/\//.test(value);
  return (
    <>
      <dt>{label}</dt>
      <dd className="truncate" title={value}>
        {isUrl ? (
          <a href={value} target="_blank" rel="noopener noreferrer">
            {value.replace(/^https?:\/\//, '')}
          </a>
        ) : (
          value
        )}
      </dd>
    </>
  );
}
