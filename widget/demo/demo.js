// Demo site bootstrap: fetch the Website inbox's widget key, then embed the widget exactly as a customer would.
// Query parameters show other languages: /demo?locale=fa
(function () {
  var q = new URLSearchParams(location.search);
  window.SwitchboardSettings = { locale: q.get('locale') || undefined };
  document.getElementById('talk').addEventListener('click', function (e) {
    if (window.Switchboard) {
      e.preventDefault();
      window.Switchboard.open();
    }
  });
  fetch('/api/demo/widget-key')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.widgetKey) throw new Error('no web inbox');
      var s = document.createElement('script');
      s.async = true;
      s.src = '/widget.js';
      s.setAttribute('data-widget-key', data.widgetKey);
      document.body.appendChild(s);
    })
    .catch(function (err) { console.error('demo: could not load the widget key', err); });
})();
