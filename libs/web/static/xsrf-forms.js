/* global window, document */
// The hub's XSRF token lives only in the `_xsrf` cookie on the hub's path, never in a page's
// HTML (a same-origin script of a user's server could fetch() the page and read it). This reads
// it for the hub's scripts and fills every form's `_xsrf` field when the form is submitted.
(function () {
  'use strict';

  function token() {
    // the most specific path comes first: the hub's own cookie on its pages
    var match = /(?:^|;\s*)_xsrf=([^;]*)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function fill(form) {
    var field = form.querySelector('input[name="_xsrf"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = '_xsrf';
      form.appendChild(field);
    }
    field.value = token();
  }

  // capture: before the page's own submit handlers, and for forms added after load
  document.addEventListener(
    'submit',
    function (event) {
      if (event.target instanceof window.HTMLFormElement) fill(event.target);
    },
    true,
  );

  window.orreryXsrf = { token: token, fill: fill };
})();
