/* global window, document */
// The admin page's actions, each one REST call (or one per row of the current page), after
// which the table reloads from the hub rather than guessing the new state.
(function () {
  'use strict';
  var hub = window.orreryApi;
  var admin = window.orreryAdmin;
  var dialog = document.getElementById('admin-edit-user');
  var editForm = document.getElementById('admin-edit-form');
  var editing = null;

  function userPath(name) {
    return '/users/' + hub.encode(name);
  }

  function serverPath(user, server) {
    return userPath(user) + (server ? '/servers/' + hub.encode(server) : '/server');
  }

  function done(promise) {
    admin.show('Working…');
    return promise.then(
      function () {
        admin.show('');
        return admin.reload();
      },
      function (error) {
        admin.show(error.message);
        return admin.reload();
      },
    );
  }

  function details(row, user, server) {
    var open = row.nextElementSibling;
    if (open && open.classList.contains('admin-details')) {
      open.remove();
      return;
    }
    var tr = document.createElement('tr');
    tr.className = 'admin-details';
    var td = document.createElement('td');
    td.colSpan = row.children.length;
    var pre = document.createElement('pre');
    pre.tabIndex = 0;
    pre.setAttribute('aria-label', 'Full model of ' + user + (server ? '/' + server : ''));
    td.appendChild(pre);
    tr.appendChild(td);
    row.after(tr);
    hub.call('GET', userPath(user)).then(
      function (model) {
        var shown = server ? (model.servers || {})[server] : model;
        pre.textContent = JSON.stringify(shown, null, 2);
      },
      function (error) {
        pre.textContent = error.message;
      },
    );
  }

  var rowActions = {
    start: function (user, server) {
      return done(hub.call('POST', serverPath(user, server), {}));
    },
    stop: function (user, server) {
      return done(hub.call('DELETE', serverPath(user, server)));
    },
    'delete-server': function (user, server) {
      return done(hub.call('DELETE', serverPath(user, server), { remove: true }));
    },
    'edit-user': function (user, _server, button) {
      editing = user;
      editForm.elements.name.value = user;
      editForm.elements.admin.checked = button.closest('tr').children[1].textContent === 'admin';
      dialog.showModal();
    },
    details: function (user, server, button) {
      details(button.closest('tr'), user, server);
    },
  };

  document.getElementById('admin-user-table').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button) return;
    rowActions[button.dataset.action](button.dataset.user, button.dataset.server, button);
  });

  dialog.addEventListener('close', function () {
    var user = editing;
    editing = null;
    if (dialog.returnValue === 'save') {
      var patch = { admin: editForm.elements.admin.checked };
      if (editForm.elements.name.value !== user) patch.name = editForm.elements.name.value;
      done(hub.call('PATCH', userPath(user), patch));
    } else if (dialog.returnValue === 'delete' && window.confirm('Delete user ' + user + '?')) {
      done(hub.call('DELETE', userPath(user)));
    }
  });

  function everyRow(action) {
    var rows = document.querySelectorAll('#admin-user-table button[data-action="' + action + '"]');
    var calls = Array.prototype.map.call(rows, function (b) {
      var path = serverPath(b.dataset.user, b.dataset.server);
      return action === 'start' ? hub.call('POST', path, {}) : hub.call('DELETE', path);
    });
    return done(Promise.all(calls));
  }

  document.getElementById('admin-start-all').addEventListener('click', function () {
    everyRow('start');
  });
  document.getElementById('admin-stop-all').addEventListener('click', function () {
    everyRow('stop');
  });
  document.getElementById('admin-shutdown').addEventListener('click', function () {
    if (!window.confirm('Shut down the hub? Running servers keep running.')) return;
    // the hub is going away: a poll now would only replace the outcome with a fetch error
    admin.stopPolling();
    admin.show('Shutting down the hub…');
    hub.call('POST', '/shutdown', {}).then(
      function () {
        admin.show('The hub is shutting down.');
      },
      function (error) {
        admin.show(error.message);
      },
    );
  });

  document.getElementById('admin-add-users').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var names = form.elements.usernames.value.split(/[\s,]+/).filter(Boolean);
    if (!names.length) return;
    done(hub.call('POST', '/users', { usernames: names, admin: form.elements.admin.checked })).then(
      function () {
        form.reset();
      },
    );
  });
})();
