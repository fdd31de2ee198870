/* global window, document */
// The token page: request a token, list tokens, revoke them, all through the REST API.
(function () {
  'use strict';
  var hub = window.orreryApi;
  var path = '/users/' + hub.encode(hub.user) + '/tokens';
  var list = document.querySelector('#token-list tbody');
  var errorBox = document.getElementById('token-error');

  function fail(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    row.appendChild(td);
    return td;
  }

  function render(tokens) {
    list.textContent = '';
    tokens.forEach(function (token) {
      var row = document.createElement('tr');
      cell(row, token.note);
      cell(row, token.oauth_client);
      cell(row, token.scopes.join(' '));
      cell(row, token.created);
      cell(row, token.last_activity || 'Never');
      cell(row, token.expires_at || 'Never');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'danger';
      button.textContent = 'Revoke';
      button.setAttribute('aria-label', 'Revoke token ' + (token.note || token.id));
      button.addEventListener('click', function () {
        hub.call('DELETE', path + '/' + token.id).then(load, fail);
      });
      cell(row, '').appendChild(button);
      list.appendChild(row);
    });
  }

  function load() {
    hub.call('GET', path).then(function (body) {
      render(body.api_tokens);
    }, fail);
  }

  document.getElementById('request-token').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var data = { note: form.elements.note.value };
    if (form.elements.expires_in.value) data.expires_in = Number(form.elements.expires_in.value);
    var scopes = form.elements.scopes.value.split(/\s+/).filter(Boolean);
    if (scopes.length) data.scopes = scopes;
    errorBox.hidden = true;
    hub.call('POST', path, data).then(function (token) {
      document.getElementById('new-token-value').textContent = token.token;
      document.getElementById('new-token').hidden = false;
      form.reset();
      load();
    }, fail);
  });

  load();
})();
