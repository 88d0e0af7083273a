// The sales side of the workspace: dashboard, contacts, segments, campaigns, tasks and (admins) settings.
import type { ReactElement } from 'react';
import { useMe } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { PageHeader } from '../../ui/PageHeader';
import { TabNav } from '../../ui/TabNav';
import { Campaigns } from './Campaigns';
import { Contacts } from './Contacts';
import { Dashboard } from './Dashboard';
import { Segments } from './Segments';
import { Settings } from './Settings';
import { Tasks } from './Tasks';
import './crm.css';

const SECTIONS: { id: string; label: MessageKey; intro: MessageKey; view: () => ReactElement }[] = [
  { id: 'dashboard', label: 'crm.nav.dashboard', intro: 'crm.intro.dashboard', view: Dashboard },
  { id: 'contacts', label: 'crm.nav.contacts', intro: 'crm.intro.contacts', view: Contacts },
  { id: 'segments', label: 'crm.nav.segments', intro: 'crm.intro.segments', view: Segments },
  { id: 'campaigns', label: 'crm.nav.campaigns', intro: 'crm.intro.campaigns', view: Campaigns },
  { id: 'tasks', label: 'crm.nav.tasks', intro: 'crm.intro.tasks', view: Tasks },
  { id: 'settings', label: 'crm.nav.settings', intro: 'crm.intro.settings', view: Settings },
];

export default function CrmApp({ section }: { section: string }) {
  const { t } = useI18n();
  const me = useMe();
  const visible = SECTIONS.filter((s) => s.id !== 'settings' || me.role === 'admin');
  const current = visible.find((s) => s.id === section) ?? visible[0];
  const Screen = current.view;
  return (
    <div className="page crm">
      <PageHeader title={t('crm.title')} description={t(current.intro)}>
        <TabNav label={t('crm.nav.label')} current={current.id} items={visible.map((s) => ({ id: s.id, label: t(s.label), href: `/crm/${s.id}` }))} />
      </PageHeader>
      <Screen />
    </div>
  );
}
