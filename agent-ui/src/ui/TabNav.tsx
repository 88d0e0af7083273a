// Section tabs as real links (middle-click, copy link, back button) that navigate inside the app.
import { navigate } from '../app/router';

export interface TabItem { id: string; label: string; href: string; badge?: number }

export function TabNav({ items, current, label }: { items: TabItem[]; current: string; label: string }) {
  return (
    <nav className="tab-nav" aria-label={label}>
      {items.map((tab) => (
        <a key={tab.id} href={tab.href} className="tab-nav-item" aria-current={tab.id === current ? 'page' : undefined}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate(tab.href);
          }}>
          {tab.label}
          {tab.badge ? <span className="tab-nav-badge">{tab.badge}</span> : null}
        </a>
      ))}
    </nav>
  );
}
