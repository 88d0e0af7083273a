// The sales side of the workspace: dashboard, contacts, segments, campaigns, tasks and (admins) settings.
import type { ReactElement } from 'react';
import { navigate } from '../../app/router';
import { useMe } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Campaigns } from './Campaigns';
import { Contacts } from './Contacts';
import { Dashboard } from './Dashboard';
import { Segments } from './Segments';
import { Settings } from './Settings';
import { Tasks } from './Tasks';
import './crm.css';

const SECTIONS: readonly (readonly [string, MessageKey, () => ReactElement])[] = [
  ['dashboard', 'crm.nav.dashboard', Dashboard], ['contacts', 'crm.nav.contacts', Contacts], ['segments', 'crm.nav.segments', Segments],
  ['campaigns', 'crm.nav.campaigns', Campaigns], ['tasks', 'crm.nav.tasks', Tasks], ['settings', 'crm.nav.settings', Settings],
];

export default function CrmApp({ section }: { section: string }) {
  const { t } = useI18n();
  const me = useMe();
  const visible = SECTIONS.filter(([k]) => k !== 'settings' || me.role === 'admin');
  const current = visible.find(([k]) => k === section) ?? visible[0];
  const Screen = current[2];
  return (
    <div className="crm">
      <header className="crm-head">
        <h1>{t('crm.title')}</h1>
        <nav className="tabs" aria-label={t('crm.nav.label')}>
          {visible.map(([k, label]) => (
            <a key={k} href={`/crm/${k}`} className={k === current[0] ? 'tab active' : 'tab'} aria-current={k === current[0] ? 'page' : undefined}
              onClick={(e) => { e.preventDefault(); navigate(`/crm/${k}`); }}>{t(label)}</a>
          ))}
        </nav>
      </header>
      <Screen />
    </div>
  );
}
