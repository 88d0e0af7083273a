// Teams, labels and canned responses share one shape: a list of small records
// with create / edit / delete. One table component, three configurations.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import * as api from '../api/endpoints';
import { ApiError } from '../api/http';
import { useDirectory } from '../app/directory';
import type { Team } from '../api/types';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { Icon } from '../ui/Icon';
import { EmptyState } from '../ui/States';
import { useToast } from '../ui/Toasts';

interface FieldDef {
  key: string;
  label: MessageKey;
  type?: 'text' | 'color' | 'textarea';
  required?: boolean;
  pattern?: string;
}

/** A list of ids picked with checkboxes (team members), sent as an array field. */
interface PickerDef {
  key: string;
  label: MessageKey;
  options: { id: string; name: string }[];
}

interface CatalogProps<T extends { id: string }> {
  title: MessageKey;
  intro: MessageKey;
  empty: MessageKey;
  items: T[];
  fields: FieldDef[];
  picker?: PickerDef;
  /** Called after a save or delete, for screens that keep a richer list than the directory's. */
  onChanged?: () => Promise<void>;
  render: (item: T) => ReactNode;
  client: { create: (b: never) => Promise<unknown>; update: (id: string, b: never) => Promise<unknown>; remove: (id: string) => Promise<unknown> };
}

function Catalog<T extends { id: string }>({ title, intro, empty, items, fields, picker, onChanged, render, client }: CatalogProps<T>) {
  const { t } = useI18n();
  const dir = useDirectory();
  const toast = useToast();
  const blank = Object.fromEntries(fields.map((f) => [f.key, f.type === 'color' ? '#4f46e5' : '']));
  const [form, setForm] = useState<Record<string, string>>(blank);
  const [editing, setEditing] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async () => {
    setErrors({});
    try {
      const body = picker ? { ...form, [picker.key]: picked } : form;
      if (editing) await client.update(editing, body as never);
      else await client.create(body as never);
      setForm(blank);
      setPicked([]);
      setEditing(null);
      await Promise.all([dir.reload(), onChanged?.()]);
      toast(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.fields) setErrors(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, String(v)])));
      else toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  const remove = async (id: string) => {
    if (!window.confirm(t('common.confirmDelete'))) return;
    try {
      await client.remove(id);
      await Promise.all([dir.reload(), onChanged?.()]);
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    }
  };

  return (
    <div className="admin-page">
      <header className="admin-head">
        <h1>{t(title)}</h1>
        <p className="muted">{t(intro)}</p>
      </header>
      <form
        className="card admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {fields.map((f) => (
          <label key={f.key} className={f.type === 'textarea' ? 'field field-wide' : 'field'}>
            <span>{t(f.label)}</span>
            {f.type === 'textarea' ? (
              <textarea rows={3} required={f.required} value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
            ) : (
              <input type={f.type ?? 'text'} required={f.required} pattern={f.pattern} value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
            )}
            {errors[f.key] && <small className="field-error">{errors[f.key]}</small>}
          </label>
        ))}
        {picker && (
          <fieldset className="field-wide members">
            <legend>{t(picker.label)}</legend>
            {picker.options.map((o) => (
              <label key={o.id} className="check-row">
                <input type="checkbox" checked={picked.includes(o.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, o.id] : picked.filter((id) => id !== o.id))} />
                {o.name}
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-actions">
          {editing && (
            <button type="button" className="btn btn-ghost" onClick={() => { setEditing(null); setForm(blank); setPicked([]); }}>
              {t('common.cancel')}
            </button>
          )}
          <button type="submit" className="btn btn-primary">
            {editing ? t('common.save') : <><Icon name="plus" /> {t('common.add')}</>}
          </button>
        </div>
      </form>
      {items.length === 0 ? (
        <EmptyState icon="tag" title={t(empty)} />
      ) : (
        <ul className="card admin-list">
          {items.map((item) => (
            <li key={item.id}>
              <div className="admin-list-main">{render(item)}</div>
              <button type="button" className="btn btn-link btn-tiny" onClick={() => {
                const values = item as Record<string, unknown>;
                setEditing(item.id);
                setForm(Object.fromEntries(fields.map((f) => [f.key, String(values[f.key] ?? '')])));
                if (picker) setPicked(Array.isArray(values[picker.key]) ? (values[picker.key] as string[]) : []);
              }}>
                {t('common.edit')}
              </button>
              <button type="button" className="btn btn-link btn-tiny danger" onClick={() => void remove(item.id)}>
                {t('common.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Teams with their members: the directory's team list has no members, so this screen reads the detailed one. */
export function TeamsAdmin() {
  const { t } = useI18n();
  const dir = useDirectory();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const load = useCallback(() => api.teams.detailed().then(setTeams, () => setTeams(null)), []);
  useEffect(() => void load(), [load]);
  const nameOf = (id: string) => dir.agents.find((a) => a.id === id)?.name;
  return (
    <Catalog
      title="admin.teams" intro="admin.teamsIntro" empty="admin.teamsEmpty" items={teams ?? dir.teams} client={api.teams} onChanged={load}
      fields={[{ key: 'name', label: 'admin.name', required: true }, { key: 'description', label: 'admin.description' }]}
      picker={{ key: 'memberIds', label: 'admin.members', options: dir.agents }}
      render={(tm) => (
        <>
          <strong>{tm.name}</strong>{tm.description && <span className="muted small"> · {tm.description}</span>}
          {tm.memberIds && (
            <span className="muted small" data-testid="team-members">
              {' · '}{t('admin.memberCount', { count: tm.memberIds.length })}{tm.memberIds.length > 0 && `: ${tm.memberIds.map(nameOf).filter(Boolean).join(', ')}`}
            </span>
          )}
        </>
      )}
    />
  );
}

export function LabelsAdmin() {
  const dir = useDirectory();
  return (
    <Catalog
      title="admin.labels" intro="admin.labelsIntro" empty="admin.labelsEmpty" items={dir.labels} client={api.labels}
      fields={[
        { key: 'name', label: 'admin.name', required: true, pattern: '[\\p{L}\\p{N}_\\-]+' },
        { key: 'color', label: 'admin.color', type: 'color' },
        { key: 'description', label: 'admin.description' },
      ]}
      render={(l) => (<><span className="label-dot" style={{ background: l.color }} /> <strong>{l.name}</strong>{l.description && <span className="muted small"> · {l.description}</span>}</>)}
    />
  );
}

export function CannedAdmin() {
  const dir = useDirectory();
  return (
    <Catalog
      title="admin.canned" intro="admin.cannedIntro" empty="admin.cannedEmpty" items={dir.canned} client={api.canned}
      fields={[
        { key: 'shortCode', label: 'admin.shortCode', required: true, pattern: '[\\w\\-]+' },
        { key: 'content', label: 'admin.content', type: 'textarea', required: true },
      ]}
      render={(c) => (<><code>/{c.shortCode}</code> <span className="muted small">{c.content}</span></>)}
    />
  );
}
