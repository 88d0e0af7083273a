// The popup under the composer for "/shortcut" canned responses and "@name"
// mentions. Keyboard handling stays in the composer; this only renders.
export interface Suggestion {
  id: string;
  title: string;
  detail?: string;
}

export function Suggestions({ items, active, label, onPick }: { items: Suggestion[]; active: number; label: string; onPick: (i: number) => void }) {
  if (items.length === 0) return null;
  return (
    <ul className="suggestions" role="listbox" aria-label={label} id="composer-suggestions">
      {items.map((s, i) => (
        <li
          key={s.id}
          id={`suggestion-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(i);
          }}
        >
          <strong>{s.title}</strong>
          {s.detail && <span>{s.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

const EMOJI = ['😀', '😊', '🙂', '😉', '😍', '🙏', '👍', '👌', '👋', '🎉', '❤️', '✅', '🔥', '🤔', '😅', '😢', '🚀', '📦', '💡', '⏰'];

export function EmojiPicker({ label, onPick }: { label: string; onPick: (e: string) => void }) {
  return (
    <div className="emoji-picker" role="group" aria-label={label}>
      {EMOJI.map((e) => (
        <button key={e} type="button" onClick={() => onPick(e)} aria-label={e}>
          {e}
        </button>
      ))}
    </div>
  );
}
