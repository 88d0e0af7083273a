// The agent's own profile: name, avatar, language and password. Each card saves only what it shows.
import { useState, type FormEvent } from 'react';
import * as api from '../api/endpoints';
import { ApiError } from '../api/http';
import { LOCALES, useI18n, type Locale } from '../i18n/i18n';
import { Avatar } from '../ui/Avatar';
import { Card } from '../ui/Card';
import { Field } from '../ui/Field';
import { FilePicker } from '../ui/FilePicker';
import { PageHeader } from '../ui/PageHeader';
import { useToast } from '../ui/Toasts';
import { AvailabilityPicker } from './Availability';
import { useMe, useSession } from './session';
import './account.css';

const AVATAR_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

export function ProfilePage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <div className="ds-grid">
        <DetailsCard />
        <Card title={t('availability.title')} description={t('profile.availabilityHelp')}>
          <AvailabilityPicker />
        </Card>
        <PasswordCard />
      </div>
    </div>
  );
}

function DetailsCard() {
  const { t, locale, setLocale } = useI18n();
  const me = useMe();
  const { setMe } = useSession();
  const toast = useToast();
  const [name, setName] = useState(me.name);
  const [language, setLanguage] = useState<Locale>((me.locale as Locale | null) ?? locale);
  const [nameError, setNameError] = useState<string | null>(null);
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setNameError(t('profile.nameRequired'));
    setNameError(null);
    setSaving(true);
    try {
      // Only what differs is sent: an unchanged field is never rewritten.
      const patch: { name?: string; locale?: string } = {};
      if (name.trim() !== me.name) patch.name = name.trim();
      if (language !== me.locale) patch.locale = language;
      if (Object.keys(patch).length) setMe(await api.me.update(patch));
      if (language !== locale) setLocale(language);
      toast(t('common.saved'));
    } catch {
      toast(t('common.saveFailed'), 'error');
    } finally {
      setSaving(false);
    }
  };
  const upload = async (file: File) => {
    setAvatarError(null);
    try {
      setMe(await api.me.uploadAvatar(file));
      toast(t('profile.avatarSaved'));
    } catch (err) {
      setAvatarError(err instanceof ApiError && err.status === 413 ? t('profile.avatarTooLarge') : err instanceof ApiError && err.status === 400 ? t('profile.avatarType') : t('common.saveFailed'));
    }
  };

  return (
    <Card title={t('profile.details')}>
      <form className="profile-form" onSubmit={(e) => void save(e)} noValidate>
        <div className="profile-avatar-row">
          <Avatar name={me.name} id={me.id} url={me.avatarUrl} size={64} />
          <div>
            <FilePicker label={t('profile.avatar')} accept={AVATAR_TYPES} help={t('profile.avatarHelp')} onFile={(f) => void upload(f)} />
            {avatarError && <p className="field-error" role="alert">{avatarError}</p>}
          </div>
        </div>
        <Field label={t('profile.name')} error={nameError}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="name" />}
        </Field>
        <Field label={t('profile.email')} help={t('profile.emailHelp')}>
          {(p) => <input {...p} value={me.email} readOnly />}
        </Field>
        <Field label={t('settings.language')}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Locale)}>
              {LOCALES.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
            </select>
          )}
        </Field>
        <div>
          <button type="submit" className="btn btn-primary" disabled={saving}>{t('profile.save')}</button>
        </div>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const { t } = useI18n();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = t('profile.currentRequired');
    if (next.length < 8) found.next = t('invite.weakPassword');
    else if (next !== confirm) found.confirm = t('profile.passwordMismatch');
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await api.me.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      toast(t('profile.passwordChanged'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields?.currentPassword) setErrors({ current: t('profile.currentWrong') });
      else if (err instanceof ApiError && err.status === 400) setErrors({ next: t('invite.weakPassword') });
      else toast(t('common.saveFailed'), 'error');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('profile.password')} description={t('profile.passwordHelp')}>
      <form className="profile-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('profile.currentPassword')} error={errors.current}>
          {(p) => <input {...p} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />}
        </Field>
        <Field label={t('profile.newPassword')} error={errors.next}>
          {(p) => <input {...p} type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />}
        </Field>
        <Field label={t('profile.confirmPassword')} error={errors.confirm}>
          {(p) => <input {...p} type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />}
        </Field>
        <div>
          <button type="submit" className="btn btn-primary" disabled={saving}>{t('profile.changePassword')}</button>
        </div>
      </form>
    </Card>
  );
}
