// The widget designer's live preview (agent UI, admin/widget/): the real loader and messenger, fed the
// admin's unsaved settings instead of the stored ones. The page asks its parent for the draft, answers the
// widget's config and availability requests from it, and refuses every other call, so nothing typed into
// the preview creates a visitor or a conversation.
(function () {
  var started = false;
  var json = function (body, status) {
    return new Response(JSON.stringify(body), { status: status || 200, headers: { 'content-type': 'application/json' } });
  };
  window.addEventListener('message', function (e) {
    if (started || e.origin !== location.origin || e.source !== parent || !e.data || e.data.type !== 'switchboard-preview') return;
    started = true;
    var draft = e.data;
    // The admin's own language is the fallback when the draft names none, like a visitor's browser would be.
    document.documentElement.lang = draft.uiLocale || 'en';
    window.fetch = function (input) {
      var url = String((input && input.url) || input);
      if (/\/api\/widget\/config\?/.test(url)) return Promise.resolve(json(draft.config));
      if (/\/api\/widget\/availability\?/.test(url)) return Promise.resolve(json({ online: true, withinBusinessHours: true, agentsOnline: true }));
      return Promise.resolve(json({ error: { code: 'preview', message: 'This is a preview: nothing is sent.' } }, 403));
    };
    // The messenger focuses its composer when it opens; here that would pull the keyboard out of the form
    // the admin is typing in on every refresh of the preview.
    HTMLElement.prototype.focus = function () {};
    window.SwitchboardSettings = { baseUrl: location.origin + '/' };
    var s = document.createElement('script');
    s.src = '/widget.js';
    s.setAttribute('data-widget-key', 'preview');
    s.onload = function () {
      window.Switchboard.on('ready', function () { window.Switchboard.open(); });
    };
    document.body.appendChild(s);
  });
  parent.postMessage({ type: 'switchboard-preview-ready' }, location.origin);
})();
