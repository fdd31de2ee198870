/* global window, document */
// The token page: request a token, list tokens, revoke them, all through the REST API.
// As JupyterHub's page: the hub's own tokens one per row, other clients' tokens one row per
// application (revoking one of them revokes all of that application's tokens).
(function () {
  'use strict';
  var hub = window.orreryApi;
  var path = '/users/' + hub.encode(hub.user) + '/tokens';
  // the description of the hub's own OAuth client, which the token model reports as oauth_client
  var HUB_CLIENT = 'JupyterHub';
  var tokenRows = document.querySelector('#token-list tbody');
  var clientRows = document.querySelector('#client-list tbody');
  var errorBox = document.getElementById('token-error');
  var successBox = document.getElementById('new-token');
  var relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  var UNITS = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];

  function fail(error) {
    successBox.hidden = true;
    errorBox.textContent = error.message;
    errorBox.hidden = false;
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    row.appendChild(td);
    return td;
  }

  /** "5 minutes ago" / "in 3 days", the exact local time on hover. */
  function timeCell(row, iso, none) {
    var td = cell(row, iso ? '' : none);
    if (!iso) return td;
    var when = new Date(iso);
    var seconds = (when.getTime() - Date.now()) / 1000;
    var unit =
      UNITS.find(function (u) {
        return Math.abs(seconds) >= u[1];
      }) || UNITS[UNITS.length - 1];
    var time = document.createElement('time');
    time.dateTime = iso;
    time.title = when.toLocaleString();
    time.textContent =
      Math.abs(seconds) < 45 ? 'just now' : relative.format(Math.round(seconds / unit[1]), unit[0]);
    td.appendChild(time);
    return td;
  }

  /** The scopes folded under a count, as JupyterHub's page does. */
  function scopesCell(row, scopes) {
    var td = cell(row, '');
    var details = document.createElement('details');
    var summary = document.createElement('summary');
    summary.textContent = scopes.length === 1 ? '1 scope' : scopes.length + ' scopes';
    details.appendChild(summary);
    var list = document.createElement('ul');
    list.className = 'scope-list';
    scopes.forEach(function (scope) {
      var item = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = scope;
      item.appendChild(code);
      list.appendChild(item);
    });
    details.appendChild(list);
    td.appendChild(details);
  }

  function revokeCell(row, tokenId, label) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'danger';
    button.textContent = 'Revoke';
    button.setAttribute('aria-label', 'Revoke ' + label);
    button.addEventListener('click', function () {
      hub.call('DELETE', path + '/' + tokenId).then(load, fail);
    });
    cell(row, '').appendChild(button);
  }

  function newest(a, b) {
    return (b.last_activity || b.created).localeCompare(a.last_activity || a.created);
  }

  function renderTokens(tokens) {
    tokenRows.textContent = '';
    tokens.sort(newest).forEach(function (token) {
      var row = document.createElement('tr');
      cell(row, token.note);
      scopesCell(row, token.scopes);
      timeCell(row, token.last_activity, 'Never');
      timeCell(row, token.created, '');
      timeCell(row, token.expires_at, 'Never');
      revokeCell(row, token.id, 'token ' + (token.note || token.id));
      tokenRows.appendChild(row);
    });
    document.getElementById('no-api-tokens').hidden = tokens.length > 0;
    tokenRows.closest('.table-scroll').hidden = tokens.length === 0;
  }

  /** One row per application: all its scopes, its latest use and its first authorisation. */
  function renderClients(tokens) {
    var byClient = {};
    tokens.forEach(function (token) {
      var entry = byClient[token.oauth_client];
      if (!entry) {
        entry = byClient[token.oauth_client] = { name: token.oauth_client, tokens: [] };
      }
      entry.tokens.push(token);
    });
    var clients = Object.keys(byClient).map(function (name) {
      var entry = byClient[name];
      var scopes = {};
      entry.tokens.forEach(function (token) {
        token.scopes.forEach(function (scope) {
          scopes[scope] = true;
        });
      });
      var used = entry.tokens
        .map(function (t) {
          return t.last_activity;
        })
        .filter(Boolean)
        .sort();
      var created = entry.tokens
        .map(function (t) {
          return t.created;
        })
        .sort();
      return {
        name: name,
        id: entry.tokens[0].id,
        scopes: Object.keys(scopes).sort(),
        last_activity: used[used.length - 1] || null,
        created: created[0],
      };
    });
    clientRows.textContent = '';
    clients.sort(newest).forEach(function (client) {
      var row = document.createElement('tr');
      cell(row, client.name);
      scopesCell(row, client.scopes);
      timeCell(row, client.last_activity, 'Never');
      timeCell(row, client.created, '');
      revokeCell(row, client.id, client.name);
      clientRows.appendChild(row);
    });
    document.getElementById('no-clients').hidden = clients.length > 0;
    clientRows.closest('.table-scroll').hidden = clients.length === 0;
  }

  function load() {
    hub.call('GET', path).then(function (body) {
      var tokens = body.api_tokens;
      renderTokens(
        tokens.filter(function (t) {
          return t.oauth_client === HUB_CLIENT;
        }),
      );
      renderClients(
        tokens.filter(function (t) {
          return t.oauth_client !== HUB_CLIENT;
        }),
      );
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
    successBox.hidden = true;
    hub.call('POST', path, data).then(function (token) {
      document.getElementById('new-token-value').textContent = token.token;
      successBox.hidden = false;
      form.reset();
      load();
    }, fail);
  });

  load();
})();
