// The real widget (loader + messenger) in a frame, fed the unsaved draft: /widget/demo/preview.html asks for
// the settings once it has loaded and answers the widget's own requests from them, so what the admin sees is
// what visitors will get. Each pause in typing reloads the frame with the new draft.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { WidgetSettings } from './draft';

const SETTLE_MS = 250;

export function WidgetPreview({ settings, name }: { settings: WidgetSettings; name: string }) {
  const { t, locale } = useI18n();
  const frame = useRef<HTMLIFrameElement>(null);
  const [shown, setShown] = useState(settings);
  const [generation, setGeneration] = useState(0);

  // Typing fast reloads the frame once, after the pause.
  useEffect(() => {
    if (settings === shown) return;
    const timer = setTimeout(() => { setShown(settings); setGeneration((g) => g + 1); }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [settings, shown]);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== location.origin || e.source !== frame.current?.contentWindow || e.data?.type !== 'switchboard-preview-ready') return;
      const config = { inboxId: 'preview', name, botEnabled: false, transcripts: false, settings: shown };
      frame.current!.contentWindow!.postMessage({ type: 'switchboard-preview', config, uiLocale: locale }, location.origin);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [shown, name, locale]);

  return (
    <figure className="wd-preview">
      <figcaption className="wd-preview-caption">{t('widgetDesigner.preview')}<span className="muted small"> · {t('widgetDesigner.previewHint')}</span></figcaption>
      <iframe key={generation} ref={frame} className="wd-preview-frame" title={t('widgetDesigner.previewFrame')} src="/widget/demo/preview.html" />
    </figure>
  );
}
