// Operations area at /ops: reports for everyone, rules/SLA/webhooks/tokens/audit/event log for admins. Its own chunk.
import type { ReactElement } from 'react';
import { useLocation } from '../../app/router';
import { useMe } from '../../app/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { PageHeader } from '../../ui/PageHeader';
import { TabNav } from '../../ui/TabNav';
import { EventLogView } from './EventLogView';
import { ReportsView } from './ReportsView';
import { RulesView } from './rules/RulesView';
import { AuditView, FeedbackView, TokensView, WebhooksView } from './SettingsViews';
import { SlaView } from './sla/SlaView';
import './ops.css';

const TABS: { id: string; label: MessageKey; intro: MessageKey; adminOnly: boolean; view: () => ReactElement }[] = [
  { id: 'reports', label: 'ops.tab.reports', intro: 'ops.intro.reports', adminOnly: false, view: ReportsView },
  { id: 'feedback', label: 'ops.tab.feedback', intro: 'ops.intro.feedback', adminOnly: false, view: FeedbackView },
  { id: 'sla', label: 'ops.tab.sla', intro: 'ops.intro.sla', adminOnly: false, view: SlaView },
  { id: 'tokens', label: 'ops.tab.tokens', intro: 'ops.intro.tokens', adminOnly: false, view: TokensView },
  { id: 'rules', label: 'ops.tab.rules', intro: 'ops.intro.rules', adminOnly: true, view: RulesView },
  { id: 'webhooks', label: 'ops.tab.webhooks', intro: 'ops.intro.webhooks', adminOnly: true, view: WebhooksView },
  { id: 'audit', label: 'ops.tab.audit', intro: 'ops.intro.audit', adminOnly: true, view: AuditView },
  { id: 'events', label: 'ops.tab.events', intro: 'ops.intro.events', adminOnly: true, view: EventLogView },
];

export default function OpsApp() {
  const { t } = useI18n();
  const me = useMe();
  const { path } = useLocation();
  const tabs = TABS.filter((tab) => !tab.adminOnly || me.role === 'admin');
  const current = tabs.find((tab) => path === `/ops/${tab.id}`) ?? tabs[0];
  const View = current.view;
  return (
    <div className="page ops-layout">
      <PageHeader title={t(current.label)} description={t(current.intro)}>
        <TabNav label={t('nav.ops')} current={current.id} items={tabs.map((tab) => ({ id: tab.id, label: t(tab.label), href: `/ops/${tab.id}` }))} />
      </PageHeader>
      <View />
    </div>
  );
}
