/** @jsxImportSource preact */
// Message input: Enter sends, Shift+Enter breaks the line, IME composition (Thai, Chinese) is never cut short.
import { useRef, useState } from 'preact/hooks';
import type { Messenger } from './store.js';

/** Longest message a visitor may send; the counter shows from 90 % of it, so a long paste is never cut silently. */
export const MAX_MESSAGE_LENGTH = 5000;

export function Composer({ m }: { m: Messenger }) {
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const limits = m.state.settings.attachments;
  const grow = () => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight, 120) + 'px';
  };
  const submit = () => {
    // Read the field itself: a key press can arrive before the state update from the last input renders.
    const value = area.current ? area.current.value : text;
    if (!value.trim() || value.length > MAX_MESSAGE_LENGTH) return;
    m.send(value);
    setText('');
    requestAnimationFrame(grow);
  };
  return (
    <form class="sb-composer" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <label class="sb-sr" for="sb-input">{m.t('composer.label')}</label>
      <textarea
        id="sb-input"
        ref={area}
        rows={1}
        value={text}
        placeholder={m.t('composer.placeholder')}
        aria-describedby={text.length > MAX_MESSAGE_LENGTH * 0.9 ? 'sb-count' : undefined}
        aria-invalid={text.length > MAX_MESSAGE_LENGTH || undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          grow();
          m.typing(!!e.currentTarget.value);
        }}
        onBlur={() => m.typing(false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {limits?.enabled && (
        <>
          <input ref={file} type="file" hidden accept={(limits.types || []).join(',')}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) m.upload(f);
              e.currentTarget.value = '';
            }} />
          <button type="button" class="sb-icon" aria-label={m.t('attach')} disabled={!!m.state.uploading} onClick={() => file.current?.click()}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z" /></svg>
          </button>
        </>
      )}
      {text.length > MAX_MESSAGE_LENGTH * 0.9 && (
        <span id="sb-count" class={text.length > MAX_MESSAGE_LENGTH ? 'sb-count sb-over' : 'sb-count'} aria-live="polite">
          {text.length > MAX_MESSAGE_LENGTH
            ? m.t('composer.tooLong', { count: text.length - MAX_MESSAGE_LENGTH, max: MAX_MESSAGE_LENGTH })
            : `${text.length} / ${MAX_MESSAGE_LENGTH}`}
        </span>
      )}
      <button type="submit" class="sb-icon sb-send" aria-label={m.t('send')} disabled={!text.trim() || text.length > MAX_MESSAGE_LENGTH}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z" /></svg>
      </button>
    </form>
  );
}
