/* global window, document */
// The spawn page that only a script-running top-level page may act on: it posts its own form
// (with the XSRF token) at once. A frame, image or fetch() of GET /hub/spawn never runs it.
(function () {
  const form = document.getElementById('spawn_form');
  // submit() fires no submit event, so the token goes in here
  window.orreryXsrf.fill(form);
  form.submit();
})();
