/* global window, document, fetch */
// Calls the hub's REST API as the logged-in browser: the login cookie goes along, and the XSRF
// token (the `_xsrf` cookie, read by xsrf-forms.js) goes in X-XSRFToken, as the hub requires.
(function () {
  'use strict';
  var body = document.body;
  var prefix = body.dataset.hubPrefix;

  // `accept` lets a list ask for JupyterHub's paginated shape (items plus totals)
  function api(method, path, data, accept) {
    var options = {
      method: method,
      credentials: 'same-origin',
      headers: { 'X-XSRFToken': window.orreryXsrf.token(), Accept: accept || 'application/json' },
    };
    if (data !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(data);
    }
    return fetch(prefix + 'api' + path, options).then(function (response) {
      if (response.ok) return response.status === 204 ? null : response.text().then(parse);
      return response.text().then(function (text) {
        var error = parse(text);
        throw new Error(
          withoutQuotes(error && error.message) || response.status + ' ' + response.statusText,
        );
      });
    });
  }

  /** JupyterHub (and so the API) quotes some messages whole, as Python prints a KeyError. */
  function withoutQuotes(message) {
    if (typeof message !== 'string') return message;
    var quoted = /^"(.*)"$/s.exec(message) || /^'(.*)'$/s.exec(message);
    return quoted ? quoted[1] : message;
  }

  function parse(text) {
    try {
      return text ? JSON.parse(text) : null;
    } catch {
      // an error page that is not JSON: the caller falls back to the HTTP status
      return null;
    }
  }

  function encodePath(value) {
    return encodeURIComponent(value).replace(/%40/g, '@').replace(/%7E/g, '~');
  }

  window.orreryApi = { call: api, user: body.dataset.user, encode: encodePath, prefix: prefix };
})();
