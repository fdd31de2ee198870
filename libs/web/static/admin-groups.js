/* global window, document */
// The admin page's groups: one server-side page of groups, and per group its members and its
// properties (JSON), each change one REST call followed by a reload from the hub.
(function () {
  'use strict';
  var hub = window.orreryApi;
  var PAGINATED = 'application/jupyterhub-pagination+json';
  var PAGE = 50;
  var list = document.getElementById('admin-group-list');
  var status = document.getElementById('admin-group-status');
  var offset = 0;
  var total = 0;

  function show(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function groupPath(name) {
    return '/groups/' + hub.encode(name);
  }

  function labelled(parent, tag, label, id) {
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    var input = document.createElement(tag);
    input.id = id;
    input.spellcheck = false;
    parent.appendChild(l);
    parent.appendChild(input);
    return input;
  }

  function action(parent, label, run, kind) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (kind) b.className = kind;
    b.addEventListener('click', function () {
      Promise.resolve()
        .then(run)
        .then(
          function () {
            show('');
            return load();
          },
          function (error) {
            show(error.message);
          },
        );
    });
    parent.appendChild(b);
  }

  function names(text) {
    return text.split(/[\s,]+/).filter(Boolean);
  }

  function renderGroup(group, index) {
    var item = document.createElement('li');
    item.className = 'card';
    item.dataset.group = group.name;
    var title = document.createElement('h3');
    title.textContent = group.name;
    item.appendChild(title);
    var members = document.createElement('p');
    members.className = 'admin-group-members';
    members.textContent = 'Members: ' + (group.users.length ? group.users.join(', ') : 'none');
    item.appendChild(members);
    var who = labelled(
      item,
      'input',
      'Members to add or remove in ' + group.name,
      'g' + index + '-users',
    );
    action(item, 'Add members to ' + group.name, function () {
      return hub.call('POST', groupPath(group.name) + '/users', { users: names(who.value) });
    });
    action(
      item,
      'Remove members from ' + group.name,
      function () {
        return hub.call('DELETE', groupPath(group.name) + '/users', { users: names(who.value) });
      },
      'secondary',
    );
    var props = labelled(
      item,
      'textarea',
      'Properties of ' + group.name + ' (JSON)',
      'g' + index + '-props',
    );
    props.rows = 3;
    props.value = JSON.stringify(group.properties || {}, null, 2);
    action(item, 'Save properties of ' + group.name, function () {
      return hub.call('PUT', groupPath(group.name) + '/properties', JSON.parse(props.value));
    });
    action(
      item,
      'Delete group ' + group.name,
      function () {
        if (!window.confirm('Delete group ' + group.name + '?')) return null;
        return hub.call('DELETE', groupPath(group.name));
      },
      'danger',
    );
    return item;
  }

  // the first load can answer after one an action started: only the newest renders
  var loads = 0;
  function load() {
    var mine = ++loads;
    var path = '/groups?offset=' + offset + '&limit=' + PAGE;
    return hub.call('GET', path, undefined, PAGINATED).then(
      function (page) {
        if (mine !== loads) return;
        total = page._pagination.total;
        list.replaceChildren.apply(list, page.items.map(renderGroup));
        document.getElementById('admin-group-info').textContent =
          (total ? offset + 1 : 0) +
          '–' +
          Math.min(offset + PAGE, total) +
          ' of ' +
          total +
          ' groups';
        document.getElementById('admin-group-prev').disabled = offset === 0;
        document.getElementById('admin-group-next').disabled = offset + PAGE >= total;
      },
      function (error) {
        show(error.message);
      },
    );
  }

  document.getElementById('admin-group-prev').addEventListener('click', function () {
    offset = Math.max(0, offset - PAGE);
    load();
  });
  document.getElementById('admin-group-next').addEventListener('click', function () {
    offset += PAGE;
    load();
  });
  document.getElementById('admin-add-group').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    hub.call('POST', groupPath(form.elements.name.value), {}).then(
      function () {
        form.reset();
        show('');
        return load();
      },
      function (error) {
        show(error.message);
      },
    );
  });
  load();
})();
