/** @jsxImportSource preact */
// UI bundle entry: the loader injects this script and calls __SwitchboardUI.mount(ctx).
import { render } from 'preact';
import type { LoaderContext, UiHandle } from '../types.js';
import { App } from './App.js';
import { Messenger } from './store.js';

function mount(ctx: LoaderContext): UiHandle {
  const m = new Messenger(ctx);
  render(<App m={m} root={ctx.root} />, ctx.panel);
  const ready = m.init();
  return {
    // Opening waits for the strings (one small cached script) so the panel never flashes another language.
    setOpen: (open) => void m.localeReady.then(() => m.setOpen(open)),
    proactive: (rule) => m.showProactive(rule),
    call(method, args) {
      // SDK calls replayed from the loader wait for the stored session to be resumed first.
      ready.then(() => run(method, args));
    },
  };
  function run(method: string, args: unknown[]) {
    const [a, b, c] = args as [unknown, unknown, unknown];
    if (method === 'setUser') m.setUser(String(a), (b as Record<string, unknown>) || {}, c as string | undefined);
    else if (method === 'setAttributes') m.setAttributes((a as Record<string, unknown>) || {});
    else if (method === 'setLocale') m.setLocale(String(a));
    else if (method === 'reset') m.reset();
    else if (method === 'newConversation') m.threads.start((a as { topicId?: string } | undefined)?.topicId).catch((err) => m.fail(err));
  }
}

(window as unknown as { __SwitchboardUI: unknown }).__SwitchboardUI = { mount };
