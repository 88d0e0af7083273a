// Views (Mine / Unassigned / All), then per inbox, per team, per label, each
// with its open count and unread badge.
import type { ReactNode } from 'react';
import type { ViewCount, ViewCounts } from '../api/endpoints';
import { useDirectory } from '../app/directory';
import { navigate, withParams } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { ChannelIcon, Icon, type IconName } from '../ui/Icon';
import type { ListFilter } from './filters';

interface Props {
  filter: ListFilter;
  params: URLSearchParams;
  counts: ViewCounts | null;
}

function NavItem({ href, active, label, icon, count, leading }: { href: string; active: boolean; label: string; icon?: IconName; count?: ViewCount; leading?: ReactNode }) {
  return (
    <li>
      <a
        href={href}
        className={active ? 'nav-item active' : 'nav-item'}
        aria-current={active ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(href);
        }}
      >
        {leading ?? (icon && <Icon name={icon} />)}
        <span className="nav-label">{label}</span>
        {count && count.unread > 0 && <span className="nav-unread" aria-label={String(count.unread)}>{count.unread}</span>}
        {count && count.unread === 0 && count.open > 0 && <span className="nav-count">{count.open}</span>}
      </a>
    </li>
  );
}

export function NavSidebar({ filter, params, counts }: Props) {
  const { t } = useI18n();
  const dir = useDirectory();
  // Switching view clears the scoping filters but keeps status/sort/search.
  const href = (changes: Record<string, string | null>) =>
    withParams('/', params, { view: null, inbox: null, team: null, label: null, ...changes });
  const scoped = !!(filter.inboxId || filter.teamId || filter.label);

  return (
    <nav className="nav-pane" aria-label={t('nav.views')}>
      <h2 className="nav-heading">{t('nav.conversations')}</h2>
      <ul>
        <NavItem href={href({ view: 'mine' })} active={!scoped && filter.view === 'mine'} label={t('view.mine')} icon="user" count={counts?.views.mine} />
        <NavItem href={href({ view: 'unassigned' })} active={!scoped && filter.view === 'unassigned'} label={t('view.unassigned')} icon="userX" count={counts?.views.unassigned} />
        <NavItem href={href({ view: 'all' })} active={!scoped && filter.view === 'all'} label={t('view.all')} icon="inbox" count={counts?.views.all} />
      </ul>
      {dir.inboxes.length > 0 && (
        <>
          <h2 className="nav-heading">{t('nav.inboxes')}</h2>
          <ul>
            {dir.inboxes.map((i) => (
              <NavItem
                key={i.id}
                href={href({ inbox: i.id })}
                active={filter.inboxId === i.id}
                label={i.name}
                count={counts?.inboxes[i.id]}
                leading={<ChannelIcon channel={i.channel} label={t(`channel.${i.channel}`)} />}
              />
            ))}
          </ul>
        </>
      )}
      {dir.teams.length > 0 && (
        <>
          <h2 className="nav-heading">{t('nav.teams')}</h2>
          <ul>
            {dir.teams.map((tm) => (
              <NavItem key={tm.id} href={href({ team: tm.id })} active={filter.teamId === tm.id} label={tm.name} icon="users" count={counts?.teams[tm.id]} />
            ))}
          </ul>
        </>
      )}
      {dir.labels.length > 0 && (
        <>
          <h2 className="nav-heading">{t('nav.labels')}</h2>
          <ul>
            {dir.labels.map((l) => (
              <NavItem
                key={l.id}
                href={href({ label: l.name })}
                active={filter.label === l.name}
                label={l.name}
                count={counts?.labels[l.name]}
                leading={<span className="label-dot" style={{ background: l.color }} aria-hidden="true" />}
              />
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
