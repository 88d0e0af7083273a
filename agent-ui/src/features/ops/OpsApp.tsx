// Operations area at /ops: reports for everyone, rules/SLA/webhooks/tokens/audit for admins. Its own chunk.
import type { ReactElement } from 'react';
import { navigate, useLocation } from '../../app/router';
import { useMe } from '../../app/session';
import { ReportsView } from './ReportsView';
import { RulesView } from './RulesView';
import { AuditView, FeedbackView, SlaView, TokensView, WebhooksView } from './SettingsViews';
import './ops.css';

const TABS: { id: string; label: string; adminOnly: boolean; view: () => ReactElement }[] = [
  { id: 'reports', label: 'Reports', adminOnly: false, view: ReportsView },
  { id: 'feedback', label: 'Feedback', adminOnly: false, view: FeedbackView },
  { id: 'sla', label: 'SLA', adminOnly: false, view: SlaView },
  { id: 'tokens', label: 'API tokens', adminOnly: false, view: TokensView },
  { id: 'rules', label: 'Automation', adminOnly: true, view: RulesView },
  { id: 'webhooks', label: 'Webhooks', adminOnly: true, view: WebhooksView },
  { id: 'audit', label: 'Audit log', adminOnly: true, view: AuditView },
];

export default function OpsApp() {
  const me = useMe();
  const { path } = useLocation();
  const tabs = TABS.filter((t) => !t.adminOnly || me.role === 'admin');
  const current = tabs.find((t) => path === `/ops/${t.id}`) ?? tabs[0];
  const View = current.view;
  return (
    <div className="ops-layout">
      <nav className="ops-tabs" aria-label="Operations">
        {tabs.map((t) => (
          <a key={t.id} href={`/ops/${t.id}`} aria-current={t === current ? 'page' : undefined}
            onClick={(e) => { e.preventDefault(); navigate(`/ops/${t.id}`); }}>{t.label}</a>
        ))}
      </nav>
      <h2>{current.label}</h2>
      <View />
    </div>
  );
}
