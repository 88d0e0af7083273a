// Settings area (admins only). Loaded as its own chunk.
import { useEffect, useState } from 'react';
import * as api from '../api/endpoints';
import { navigate, useLocation } from '../app/router';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { AgentsAdmin } from './AgentsAdmin';
import { CannedAdmin, LabelsAdmin, TeamsAdmin } from './CatalogAdmin';
import { ConversationImport } from './ConversationImport';
import { InboxesAdmin } from './InboxesAdmin';
import { KnowledgeBaseAdmin } from './kb/KnowledgeBaseAdmin';
import { WidgetDesigner } from './widget/WidgetDesigner';

const SECTIONS: [string, MessageKey][] = [
  ['inboxes', 'admin.inboxes'],
  ['agents', 'admin.agents'],
  ['teams', 'admin.teams'],
  ['labels', 'admin.labels'],
  ['canned', 'admin.canned'],
  ['kb', 'admin.kb'],
  ['import', 'admin.import'],
];

/** Says so when the links Settings hands out (snippet, webhooks, invitations) point where nobody can reach. */
function PublicUrlBanner() {
  const { t } = useI18n();
  const [state, setState] = useState<{ url: string; problem: 'unset' | 'loopback' | null } | null>(null);
  useEffect(() => {
    api.setup.publicUrl().then(setState, () => setState(null));
  }, []);
  if (!state?.problem) return null;
  return (
    <p className="notice notice-error public-url-banner" role="alert">
      {t(state.problem === 'unset' ? 'setup.publicUrlUnset' : 'setup.publicUrlLoopback', { url: state.url })}
    </p>
  );
}

export default function AdminApp({ section }: { section: string }) {
  const { t } = useI18n();
  const { params } = useLocation();
  // The widget designer (/admin/widget?inbox=ID) belongs to Inboxes: it has no menu entry of its own.
  const designing = section === 'widget' && params.get('inbox');
  const current = designing ? 'inboxes' : SECTIONS.some(([s]) => s === section) ? section : 'inboxes';
  return (
    <div className="admin-layout">
      <nav className="nav-pane" aria-label={t('nav.settings')}>
        <h2 className="nav-heading">{t('nav.settings')}</h2>
        <ul>
          {SECTIONS.map(([s, label]) => (
            <li key={s}>
              <a
                href={`/admin/${s}`}
                className={s === current ? 'nav-item active' : 'nav-item'}
                aria-current={s === current ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/admin/${s}`);
                }}
              >
                <span className="nav-label">{t(label)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section className="admin-main">
        <PublicUrlBanner />
        {designing ? <WidgetDesigner key={designing} inboxId={designing} /> : current === 'inboxes' && <InboxesAdmin />}
        {current === 'agents' && <AgentsAdmin />}
        {current === 'teams' && <TeamsAdmin />}
        {current === 'labels' && <LabelsAdmin />}
        {current === 'canned' && <CannedAdmin />}
        {current === 'kb' && <KnowledgeBaseAdmin />}
        {current === 'import' && <ConversationImport />}
      </section>
    </div>
  );
}
