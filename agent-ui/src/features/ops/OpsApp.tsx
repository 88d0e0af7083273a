// Operations area at /ops: reports for everyone, rules/SLA/webhooks/tokens/audit for admins. Its own chunk.
import type { ReactElement } from 'react';
import { navigate, useLocation } from '../../app/router';
import { useMe } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ReportsView } from './ReportsView';
import { RulesView } from './RulesView';
import { AuditView, FeedbackView, SlaView, TokensView, WebhooksView } from './SettingsViews';
import './ops.css';

const TABS: { id: string; label: MessageKey; adminOnly: boolean; view: () => ReactElement }[] = [
  { id: 'reports', label: 'ops.tab.reports', adminOnly: false, view: ReportsView },
  { id: 'feedback', label: 'ops.tab.feedback', adminOnly: false, view: FeedbackView },
  { id: 'sla', label: 'ops.tab.sla', adminOnly: false, view: SlaView },
  { id: 'tokens', label: 'ops.tab.tokens', adminOnly: false, view: TokensView },
  { id: 'rules', label: 'ops.tab.rules', adminOnly: true, view: RulesView },
  { id: 'webhooks', label: 'ops.tab.webhooks', adminOnly: true, view: WebhooksView },
  { id: 'audit', label: 'ops.tab.audit', adminOnly: true, view: AuditView },
];

export default function OpsApp() {
  const { t } = useI18n();
  const me = useMe();
  const { path } = useLocation();
  const tabs = TABS.filter((tab) => !tab.adminOnly || me.role === 'admin');
  const current = tabs.find((tab) => path === `/ops/${tab.id}`) ?? tabs[0];
  const View = current.view;
  return (
    <div className="ops-layout">
      <nav className="ops-tabs" aria-label={t('nav.ops')}>
        {tabs.map((tab) => (
          <a key={tab.id} href={`/ops/${tab.id}`} aria-current={tab === current ? 'page' : undefined}
            onClick={(e) => { e.preventDefault(); navigate(`/ops/${tab.id}`); }}>{t(tab.label)}</a>
        ))}
      </nav>
      <h1 className="ops-title">{t(current.label)}</h1>
      <View />
    </div>
  );
}
