// Header actions of the open conversation: assignee, team, priority, labels,
// status (pending, snooze until, resolve, reopen).
import { useState, lazy, Suspense } from 'react';
import type { ConversationPatch } from '../api/endpoints';
import { PRIORITIES, type Conversation, type Priority } from '../api/types';
import { agentOptionLabel } from '../app/Availability';
import { useDirectory } from '../app/directory';
import { useI18n } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { Modal } from '../ui/Modal';

// Opened on demand: loaded on first use, not with the inbox.
const TranscriptDialog = lazy(() => import('./TranscriptDialog').then((m) => ({ default: m.TranscriptDialog })));
const SnoozeDialog = lazy(() => import('./SnoozeDialog').then((m) => ({ default: m.SnoozeDialog })));

export function ConversationActions({ conversation: c, onPatch, onMerge }: { conversation: Conversation; onPatch: (p: ConversationPatch) => void; onMerge: () => void }) {
  const { t, locale } = useI18n();
  const dir = useDirectory();
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const [transcriptOpen, setTranscriptOpen] = useState(false);
  const members = dir.agents.filter((a) => !dir.inboxById.get(c.inboxId)?.memberIds || dir.inboxById.get(c.inboxId)!.memberIds!.includes(a.id) || a.role === 'admin');

  const snooze = (until: Date) => {
    onPatch({ status: 'snoozed', snoozedUntil: until.toISOString() });
    setSnoozeOpen(false);
  };

  return (
    <div className="conv-actions">
      <label className="field-inline">
        <span className="sr-only">{t('action.assignee')}</span>
        <Icon name="user" />
        <select value={c.assigneeId ?? ''} onChange={(e) => onPatch({ assigneeId: e.target.value || null })} aria-label={t('action.assignee')} data-testid="assignee-select">
          <option value="">{t('action.unassigned')}</option>
          {members.map((a) => (
            <option key={a.id} value={a.id}>
              {agentOptionLabel(t, a)}
            </option>
          ))}
        </select>
      </label>
      {dir.teams.length > 0 && (
        <label className="field-inline">
          <Icon name="users" />
          <select value={c.teamId ?? ''} onChange={(e) => onPatch({ teamId: e.target.value || null })} aria-label={t('action.team')}>
            <option value="">{t('action.noTeam')}</option>
            {dir.teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field-inline">
        <Icon name="flag" />
        <select value={c.priority ?? 'none'} onChange={(e) => onPatch({ priority: e.target.value as Priority })} aria-label={t('action.priority')}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small btn-secondary" onClick={() => setLabelsOpen(true)}>
        {/* Named by its content, not aria-label, so the visible count is part of the name (WCAG 2.5.3). */}
        <Icon name="tag" /> <span className="sr-only">{t('action.labels')} </span>{c.labels?.length ? c.labels.length : ''}
      </button>
      {!c.mergedIntoId && (
        <button type="button" className="btn btn-small btn-secondary" onClick={onMerge} title="m">
          <Icon name="merge" /> {t('convMerge.action')}
        </button>
      )}
      <button type="button" className="btn btn-small btn-secondary" onClick={() => setTranscriptOpen(true)}>{t('transcript.action')}</button>
      {transcriptOpen && <Suspense fallback={null}><TranscriptDialog conversation={c} onClose={() => setTranscriptOpen(false)} /></Suspense>}
      <span className="spacer" />
      {c.status === 'snoozed' && c.snoozedUntil && (
        <span className="snoozed-until">
          <Icon name="clock" size={12} /> {t('action.snoozedUntil', { time: new Date(c.snoozedUntil).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </span>
      )}
      {c.status !== 'pending' && c.status !== 'resolved' && (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => onPatch({ status: 'pending' })}>
          {t('action.pending')}
        </button>
      )}
      {c.status !== 'resolved' && (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => setSnoozeOpen(true)}>
          <Icon name="clock" /> {t('action.snooze')}
        </button>
      )}
      {c.status === 'resolved' || c.status === 'snoozed' ? (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => onPatch({ status: 'open', snoozedUntil: null })}>
          {t('action.reopen')}
        </button>
      ) : null}
      {c.status !== 'resolved' && (
        <button type="button" className="btn btn-small btn-success" onClick={() => onPatch({ status: 'resolved' })} title="e">
          <Icon name="check" /> {t('action.resolve')}
        </button>
      )}

      {snoozeOpen && (
        <Suspense fallback={null}>
          <SnoozeDialog onSnooze={snooze} onClose={() => setSnoozeOpen(false)} />
        </Suspense>
      )}
      {labelsOpen && (
        <Modal title={t('action.labels')} onClose={() => setLabelsOpen(false)} closeLabel={t('common.close')}>
          {dir.labels.length === 0 ? (
            <p className="muted">{t('labels.none')}</p>
          ) : (
            <fieldset className="label-picker">
              <legend className="sr-only">{t('action.labels')}</legend>
              {dir.labels.map((l) => {
                const on = (c.labels ?? []).includes(l.name);
                return (
                  <label key={l.id} className="check-row">
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() => onPatch({ labels: on ? c.labels.filter((x) => x !== l.name) : [...(c.labels ?? []), l.name] })}
                    />
                    <span className="label-dot" style={{ background: l.color }} /> {l.name}
                  </label>
                );
              })}
            </fieldset>
          )}
        </Modal>
      )}
    </div>
  );
}
