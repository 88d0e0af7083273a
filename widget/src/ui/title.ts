// Blinks the host page title while there are unread replies and the messenger is closed.
export function titleBlinker() {
  let timer: ReturnType<typeof setInterval> | null = null;
  let original = '';
  let text = '';
  return {
    start(next: string) {
      text = next; // a running blink picks up the new count on its next flip
      if (timer) return;
      original = document.title;
      let on = false;
      timer = setInterval(() => {
        on = !on;
        document.title = on ? text : original;
      }, 1200);
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      document.title = original;
    },
  };
}
