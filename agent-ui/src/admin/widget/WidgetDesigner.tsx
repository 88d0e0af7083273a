// The widget designer: a web inbox's widget look and behaviour as a form, with the real widget beside it
// showing the unsaved draft. Saving sends only the settings that changed; the server's field errors show
// under their fields.
import { useCallback, useEffect, useMemo, useState } from 'react';
import * as api from '../../api/endpoints';
import { ApiError, fieldErrors, http } from '../../api/http';
import type { Inbox } from '../../api/types';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PageHeader } from '../../ui/PageHeader';
import { ErrorState, Spinner } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { AppearanceFields } from './AppearanceFields';
import { AttachmentFields } from './AttachmentFields';
import { BusinessHoursFields, defaultHours } from './BusinessHoursFields';
import { changes, MAX_MB, MB, type Draft, type WidgetSettings } from './draft';
import type { Errors } from './errors';
import { PreChatFields } from './PreChatFields';
import { SitesFields } from './SitesFields';
import { WidgetPreview } from './WidgetPreview';
import './designer.css';

interface Loaded { inbox: Inbox; saved: Draft }

/** The stored settings, with the attachment rule the widget applies when none is stored (GET /api/widget/config). */
async function load(inboxId: string): Promise<Loaded> {
  const inbox = await api.inboxes.get(inboxId);
  if (inbox.channel !== 'web' || !inbox.widgetKey) throw new ApiError(404, 'not_found', 'not a web inbox');
  const widget = { ...((inbox.config?.widget ?? {}) as WidgetSettings) };
  if (!widget.attachments) {
    const pub = await http.get<{ settings: WidgetSettings }>(`/api/widget/config?widgetKey=${encodeURIComponent(inbox.widgetKey)}`);
    widget.attachments = pub.settings.attachments;
  }
  return { inbox, saved: { widget, allowedOrigins: (inbox.config?.allowedOrigins as string[] | undefined) ?? [] } };
}

export function WidgetDesigner({ inboxId }: { inboxId: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const reload = useCallback(() => {
    setFailed(null);
    setLoaded(null);
    load(inboxId).then((l) => { setLoaded(l); setDraft(l.saved); }, (e) => setFailed(e instanceof ApiError && e.status === 404 ? t('widgetDesigner.notWeb') : t('widgetDesigner.loadFailed')));
  }, [inboxId, t]);
  useEffect(reload, [reload]);

  const edit = loaded && draft ? changes(loaded.saved, draft) : null;
  const dirty = edit !== null;
  // Closing the tab or reloading with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Editing a field clears the server's complaint about it; the others stay until the next save.
  const clearErrors = useCallback((paths: string[]) => setErrors((e) => {
    const left = Object.fromEntries(Object.entries(e).filter(([k]) => !paths.some((p) => k === p || k.startsWith(`${p}.`))));
    return Object.keys(left).length === Object.keys(e).length ? e : left;
  }), []);
  const setWidget = useCallback((patch: Partial<WidgetSettings>) => {
    setDraft((d) => (d ? { ...d, widget: { ...d.widget, ...patch } } : d));
    clearErrors(Object.keys(patch).map((k) => `widget.${k}`));
  }, [clearErrors]);
  const hours = useMemo(() => draft?.widget.businessHours ?? defaultHours(), [draft?.widget.businessHours]);

  if (failed) return <div className="admin-page"><ErrorState message={failed} onRetry={reload} retryLabel={t('common.retry')} /></div>;
  if (!loaded || !draft) return <div className="admin-page"><Spinner label={t('common.loading')} /></div>;

  const attachments = draft.widget.attachments ?? { enabled: false, maxBytes: 10 * MB, types: [] };
  const locallyInvalid = attachments.enabled && (attachments.maxBytes > MAX_MB * MB || attachments.maxBytes <= 0);

  const save = async () => {
    if (!edit) return;
    setSaving(true);
    setErrors({});
    try {
      const inbox = await api.inboxes.update(inboxId, { config: edit });
      const saved: Draft = { widget: { ...draft.widget }, allowedOrigins: (inbox.config?.allowedOrigins as string[] | undefined) ?? [] };
      setLoaded({ inbox, saved });
      setDraft(saved);
      toast(t('widgetDesigner.saved'));
    } catch (e) {
      setErrors(fieldErrors(e));
      toast(Object.keys(fieldErrors(e)).length ? t('widgetDesigner.fixErrors') : e instanceof ApiError ? e.message : t('common.saveFailed'), 'error');
    } finally {
      setSaving(false);
    }
  };
  const back = () => navigate('/admin/inboxes');

  return (
    <div className="admin-page wd-page">
      <PageHeader
        title={t('widgetDesigner.title', { name: loaded.inbox.name })}
        description={t('widgetDesigner.intro')}
        actions={(
          <>
            {dirty && <span className="pill pill-alert" role="status">{t('widgetDesigner.unsaved')}</span>}
            <button type="button" className="btn btn-ghost" onClick={() => (dirty ? setLeaving(true) : back())}>{t('widgetDesigner.back')}</button>
          </>
        )}
      />
      <div className="wd-layout">
        <form className="wd-form" aria-label={t('widgetDesigner.formLabel')} noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <Card title={t('widgetDesigner.section.look')}>
            <AppearanceFields widget={draft.widget} set={setWidget} errors={errors} />
          </Card>
          <Card title={t('widgetDesigner.section.prechat')}>
            <PreChatFields preChat={draft.widget.preChat} set={(preChat) => setWidget({ preChat })} errors={errors} />
          </Card>
          <Card title={t('widgetDesigner.section.files')}>
            <AttachmentFields attachments={attachments} set={(a) => setWidget({ attachments: a })} errors={errors} />
          </Card>
          <Card title={t('widgetDesigner.section.hours')}>
            <BusinessHoursFields hours={hours} set={(h) => setWidget({ businessHours: h })} errors={errors} />
          </Card>
          <Card title={t('widgetDesigner.section.sites')}>
            <SitesFields origins={draft.allowedOrigins} set={(allowedOrigins) => { setDraft({ ...draft, allowedOrigins }); clearErrors(['allowedOrigins']); }} errors={errors} />
          </Card>
          <div className="form-actions wd-actions">
            <button type="button" className="btn btn-secondary" disabled={!dirty || saving} onClick={() => { setDraft(loaded.saved); setErrors({}); }}>
              {t('widgetDesigner.discard')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={!dirty || saving || locallyInvalid}>
              {saving ? t('widgetDesigner.saving') : t('common.save')}
            </button>
          </div>
        </form>
        <WidgetPreview settings={draft.widget} name={loaded.inbox.name} />
      </div>
      {leaving && (
        <ConfirmDialog title={t('widgetDesigner.leaveTitle')} confirmLabel={t('widgetDesigner.leave')} danger onConfirm={back} onClose={() => setLeaving(false)}>
          <p>{t('widgetDesigner.leaveBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
