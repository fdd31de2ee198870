/* global window, document, URLSearchParams */
// The admin page's users table: one page of users at a time from the REST API (the hub sorts,
// filters and counts), one row per user and per named server, refreshed every few seconds.
(function () {
  'use strict';
  var hub = window.orreryApi;
  var PAGINATED = 'application/jupyterhub-pagination+json';
  var POLL_MS = 5000;
  var form = document.getElementById('admin-filter');
  var body = document.querySelector('#admin-user-table tbody');
  var status = document.getElementById('admin-status');
  var info = document.getElementById('admin-page-info');
  var previous = document.getElementById('admin-prev');
  var next = document.getElementById('admin-next');
  var state = { offset: 0, total: 0, items: [] };

  function show(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function query() {
    var params = new URLSearchParams();
    params.set('offset', String(state.offset));
    params.set('limit', form.elements.limit.value);
    params.set('sort', form.elements.sort.value);
    params.set('include_stopped_servers', '1');
    if (form.elements.name_filter.value) params.set('name_filter', form.elements.name_filter.value);
    if (form.elements.state.checked) params.set('state', 'active');
    return '/users?' + params.toString();
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  function serverState(server) {
    if (!server) return 'stopped';
    if (server.pending) return server.pending + ' pending';
    return server.ready ? 'running' : 'stopped';
  }

  function rowsOf(user) {
    var servers = user.servers || {};
    var names = Object.keys(servers).filter(function (name) {
      return name !== '';
    });
    var rows = [{ user: user, name: '', server: servers[''] }];
    names.sort().forEach(function (name) {
      rows.push({ user: user, name: name, server: servers[name] });
    });
    return rows;
  }

  function button(td, label, action, entry, extra) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.action = action;
    b.dataset.user = entry.user.name;
    b.dataset.server = entry.name;
    b.setAttribute(
      'aria-label',
      label + ' ' + entry.user.name + (entry.name ? '/' + entry.name : ''),
    );
    if (extra) b.className = extra;
    td.appendChild(b);
  }

  function link(td, label, href) {
    var a = document.createElement('a');
    a.className = 'button secondary';
    a.textContent = label;
    a.href = href;
    td.appendChild(a);
  }

  function actionsCell(tr, entry) {
    var td = cell(tr, '');
    var name = entry.user.name;
    var suffix = entry.name ? '/' + hub.encode(entry.name) : '';
    var running = entry.server && (entry.server.ready || entry.server.pending);
    if (running) {
      button(td, 'Stop', 'stop', entry, 'secondary');
      if (entry.server.url) link(td, 'Open', entry.server.url);
    } else {
      button(td, 'Start', 'start', entry);
      link(td, 'Spawn page', hub.prefix + 'spawn/' + hub.encode(name) + suffix);
    }
    if (entry.name) button(td, 'Delete server', 'delete-server', entry, 'danger');
    else button(td, 'Edit user', 'edit-user', entry, 'secondary');
    button(td, 'Details', 'details', entry, 'secondary');
  }

  function render() {
    body.replaceChildren();
    state.items.forEach(function (user) {
      rowsOf(user).forEach(function (entry) {
        var tr = document.createElement('tr');
        tr.dataset.user = user.name;
        tr.dataset.server = entry.name;
        var head = document.createElement('th');
        head.scope = 'row';
        head.textContent = entry.name ? '' : user.name;
        tr.appendChild(head);
        cell(tr, entry.name ? '' : user.admin ? 'admin' : '');
        cell(tr, (entry.name || '(default)') + ': ' + serverState(entry.server));
        cell(
          tr,
          (entry.server && entry.server.last_activity) || (!entry.name && user.last_activity) || '',
        );
        cell(tr, entry.server && entry.server.started);
        cell(tr, entry.server && entry.server.user_options && entry.server.user_options.profile);
        actionsCell(tr, entry);
        body.appendChild(tr);
      });
    });
    var limit = Number(form.elements.limit.value);
    var first = state.total ? state.offset + 1 : 0;
    var last = Math.min(state.offset + limit, state.total);
    info.textContent = first + '–' + last + ' of ' + state.total + ' users';
    previous.disabled = state.offset === 0;
    next.disabled = last >= state.total;
  }

  // answers can come back out of order (a keystroke each, the poll): only the newest renders
  var loads = 0;
  function load() {
    var mine = ++loads;
    return hub.call('GET', query(), undefined, PAGINATED).then(
      function (page) {
        if (mine !== loads) return;
        state.items = page.items;
        state.total = page._pagination.total;
        render();
      },
      function (error) {
        show(error.message);
      },
    );
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
  });
  form.addEventListener('input', function () {
    state.offset = 0;
    load();
  });
  previous.addEventListener('click', function () {
    state.offset = Math.max(0, state.offset - Number(form.elements.limit.value));
    load();
  });
  next.addEventListener('click', function () {
    state.offset += Number(form.elements.limit.value);
    load();
  });

  var poll = window.setInterval(load, POLL_MS);
  function stopPolling() {
    window.clearInterval(poll);
  }
  window.orreryAdmin = { reload: load, show: show, stopPolling: stopPolling };
  load();
})();
