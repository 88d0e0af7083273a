// Online / away / busy: the dot beside a person, the words for it, and the agent's own choice in the account menu.
import { useState } from 'react';
import * as api from '../api/endpoints';
import { AVAILABILITIES, type Agent, type Availability } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useToast } from '../ui/Toasts';
import { useSession } from './session';
import './account.css';

type Translate = ReturnType<typeof useI18n>['t'];

/** What a colleague's line says: their choice, or "offline" when no tab of theirs is open. */
export function availabilityOf(a: Pick<Agent, 'availability' | 'online'>): Availability | 'offline' {
  if (a.online === false) return 'offline';
  return a.availability ?? 'online';
}

/** "Ana (away)": for native pickers, where only text fits beside the name. */
export function agentOptionLabel(t: Translate, a: Agent): string {
  return `${a.name} (${t(`availability.${availabilityOf(a)}`)})`;
}

export function AvailabilityDot({ agent, showText }: { agent: Pick<Agent, 'availability' | 'online'>; showText?: boolean }) {
  const { t } = useI18n();
  const state = availabilityOf(agent);
  return (
    <span className="availability" data-availability={state}>
      <span className={`availability-dot availability-${state}`} aria-hidden="true" />
      <span className={showText ? 'availability-text' : 'sr-only'}>{t(`availability.${state}`)}</span>
    </span>
  );
}

/** Radio buttons (arrow keys move between them): the choice is saved at once and the rail avatar follows. */
export function AvailabilityPicker() {
  const { t } = useI18n();
  const { agent, setMe } = useSession();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  if (!agent) return null;
  const current = agent.availability ?? 'online';
  const choose = async (availability: Availability) => {
    if (availability === current) return;
    setSaving(true);
    try {
      setMe(await api.me.update({ availability }));
    } catch {
      toast(t('common.saveFailed'), 'error');
    } finally {
      setSaving(false);
    }
  };
  return (
    <fieldset className="availability-picker" disabled={saving}>
      <legend>{t('availability.title')}</legend>
      {AVAILABILITIES.map((a) => (
        <label key={a} className="availability-choice">
          <input type="radio" name="availability" value={a} checked={current === a} onChange={() => void choose(a)} />
          <span className={`availability-dot availability-${a}`} aria-hidden="true" />
          <span>{t(`availability.${a}`)}</span>
          <span className="muted small">{t(`availability.${a}Help`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
