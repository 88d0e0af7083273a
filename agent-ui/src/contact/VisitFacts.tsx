// What the widget learned about the visit, as labelled facts: browser, system, current page, referrer,
// where the visitor is (from their time zone), their local time, and how often they came.
import { useEffect, useState } from 'react';
import type { VisitSummary } from '../api/types';
import { useI18n } from '../i18n/i18n';

function placeName(timeZone: string | null, country: string | null, locale: string): string | null {
  const city = timeZone?.includes('/') ? timeZone.split('/').pop()!.replace(/_/g, ' ') : null;
  let countryName: string | null = null;
  if (country) {
    try {
      countryName = new Intl.DisplayNames([locale], { type: 'region' }).of(country) ?? country;
    } catch {
      countryName = country;
    }
  }
  return [city, countryName].filter(Boolean).join(', ') || null;
}

function localTime(timeZone: string, locale: string, now: number): string | null {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(now);
  } catch {
    return null;
  }
}

/** The visitor's clock moves on while the agent reads; once a minute is often enough. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

export function VisitFacts({ visit }: { visit: VisitSummary }) {
  const { t, locale } = useI18n();
  const now = useMinute();
  const facts: [string, string | null, string?][] = [
    [t('visit.browser'), visit.browser],
    [t('visit.os'), visit.os],
    [t('visit.pageUrl'), visit.pageTitle || visit.pageUrl, visit.pageUrl ?? undefined],
    [t('visit.referrer'), visit.referrer, visit.referrer ?? undefined],
    [t('visit.location'), placeName(visit.timeZone, visit.country, locale)],
    [t('visit.localTime'), visit.timeZone ? localTime(visit.timeZone, locale, now) : null],
    [t('visit.visits'), visit.visits ? t('visit.visitsCount', { visits: visit.visits, pages: visit.pageViews }) : null],
  ];
  return (
    <dl className="kv visit-facts">
      {facts
        .filter(([, value]) => value)
        .map(([label, value, href]) => (
          <div key={label} className="kv-row">
            <dt>{label}</dt>
            <dd className="truncate" title={href ?? value!} dir="auto">
              {href && /^https?:\/\//.test(href) ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {value}
                </a>
              ) : (
                value
              )}
            </dd>
          </div>
        ))}
    </dl>
  );
}
