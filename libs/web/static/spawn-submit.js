/* global document */
// The spawn page that only a script-running top-level page may act on: it posts its own form
// (with the XSRF token) at once. A frame, image or fetch() of GET /hub/spawn never runs it.
(function () {
  document.getElementById('spawn_form').submit();
})();
