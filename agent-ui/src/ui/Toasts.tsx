// Transient feedback ("Copied", "Could not assign") in one polite live region. A toast may carry one action
// ("Undo"); it then stays until used or closed, because the agent has to reach the button (keyboard users too).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Icon } from './Icon';

export interface ToastAction {
  label: string;
  run: () => void;
}

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: ToastAction;
}

type Push = (text: string, kind?: Toast['kind'], action?: ToastAction) => void;
const ToastContext = createContext<Push>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t: tr } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback<Push>((text, kind = 'info', action) => {
    const id = next.current++;
    setToasts((t) => [...t.slice(-3), { id, text, kind, action }]);
    if (!action) setTimeout(() => dismiss(id), kind === 'error' ? 6000 : 3000);
  }, [dismiss]);
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            {t.text}
            {t.action && (
              <button
                type="button"
                className="btn btn-link btn-tiny toast-action"
                onClick={() => {
                  dismiss(t.id);
                  t.action!.run();
                }}
              >
                {t.action.label}
              </button>
            )}
            {t.action && (
              <button type="button" className="btn btn-icon toast-close" onClick={() => dismiss(t.id)} aria-label={tr('common.close')}>
                <Icon name="x" size={12} />
              </button>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
