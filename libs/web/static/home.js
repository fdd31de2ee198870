/* global window, document */
// Stop and delete the user's servers through the REST API, then show the new state; starting is
// a link to the spawn page, as on JupyterHub's home page.
(function () {
  'use strict';
  var hub = window.orreryApi;
  var status = document.getElementById('home-status');
  var userPath = '/users/' + hub.encode(hub.user);

  function serverPath(name) {
    return name ? userPath + '/servers/' + hub.encode(name) : userPath + '/server';
  }

  function show(text) {
    status.textContent = text;
    status.hidden = false;
  }

  var actions = {
    stop: function (name) {
      return hub.call('DELETE', serverPath(name));
    },
    delete: function (name) {
      return hub.call('DELETE', serverPath(name), { remove: true });
    },
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button) return;
    var name = button.dataset.server;
    button.disabled = true;
    show('Working…');
    actions[button.dataset.action](name).then(
      function () {
        window.location.reload();
      },
      function (error) {
        button.disabled = false;
        show(error.message);
      },
    );
  });

  var form = document.getElementById('new-server');
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = form.elements.name.value.trim();
      if (!name) return;
      // the spawn page checks the name, shows the options form if there is one, and starts it
      window.location.href = form.dataset.spawnUrl + hub.encode(name);
    });
  }
})();
