// The sales side of the workspace: dashboard, contacts, segments, campaigns, tasks and (admins) settings.
import { navigate } from '../../app/router';
import { useMe } from '../../app/session';
import { Campaigns } from './Campaigns';
import { Contacts } from './Contacts';
import { Dashboard } from './Dashboard';
import { Segments } from './Segments';
import { Settings } from './Settings';
import { Tasks } from './Tasks';
import './crm.css';

const SECTIONS = [
  ['dashboard', 'Dashboard', Dashboard], ['contacts', 'Contacts', Contacts], ['segments', 'Segments', Segments],
  ['campaigns', 'Campaigns', Campaigns], ['tasks', 'My tasks', Tasks], ['settings', 'Settings', Settings],
] as const;

export default function CrmApp({ section }: { section: string }) {
  const me = useMe();
  const visible = SECTIONS.filter(([k]) => k !== 'settings' || me.role === 'admin');
  const current = visible.find(([k]) => k === section) ?? visible[0];
  const Screen = current[2];
  return (
    <div className="crm">
      <header className="crm-head">
        <h1>Sales</h1>
        <nav className="tabs" aria-label="Sales sections">
          {visible.map(([k, label]) => (
            <a key={k} href={`/crm/${k}`} className={k === current[0] ? 'tab active' : 'tab'} aria-current={k === current[0] ? 'page' : undefined}
              onClick={(e) => { e.preventDefault(); navigate(`/crm/${k}`); }}>{label}</a>
          ))}
        </nav>
      </header>
      <Screen />
    </div>
  );
}
