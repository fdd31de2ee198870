/* global window, document, EventSource */
// The spawn-pending page: follows the server's progress event stream (EventSource) and moves the
// progress bar; on the final event it goes to the server, on a failure it says why; Stop cancels
// the start through the REST API, as JupyterHub allows for a pending spawn.
(function () {
  const script = document.currentScript;
  const xsrf = window.orreryXsrf.token();
  const bar = document.getElementById('progress-bar');
  const fill = bar.querySelector('.progress-fill');
  const message = document.getElementById('progress-message');
  const log = document.getElementById('progress-log');
  const url = `${script.dataset.progressUrl}?_xsrf=${encodeURIComponent(xsrf)}`;
  const source = new EventSource(url);
  const stop = document.getElementById('stop-server');

  function show(event) {
    if (typeof event.progress === 'number') {
      bar.setAttribute('aria-valuenow', String(event.progress));
      fill.style.width = `${event.progress}%`;
    }
    if (event.message) {
      message.textContent = event.message;
      const item = document.createElement('li');
      item.textContent = event.message;
      log.appendChild(item);
    }
  }

  /** The stream's failure message repeats JupyterHub's "Spawn failed:" prefix; the heading says it. */
  function failed(text) {
    document.querySelector('.card').classList.add('failed');
    document.getElementById('pending-title').textContent = 'Your server did not start';
    document.getElementById('pending-hint').hidden = true;
    bar.hidden = true;
    message.hidden = true;
    stop.hidden = true;
    const cause = (text || '').replace(/^(Spawn failed:\s*)+/i, '');
    document.getElementById('progress-error').textContent =
      cause || 'The server stopped before it was ready.';
    document.getElementById('progress-failed').hidden = false;
  }

  stop.addEventListener('click', () => {
    stop.disabled = true;
    window.orreryApi.call('DELETE', script.dataset.serverPath).then(
      () => {
        source.close();
        window.location.href = script.dataset.homeUrl;
      },
      (error) => {
        stop.disabled = false;
        const box = document.getElementById('stop-error');
        box.textContent = error.message;
        box.hidden = false;
      },
    );
  });

  source.onmessage = (raw) => {
    const event = JSON.parse(raw.data);
    show(event);
    if (event.ready) {
      source.close();
      window.location.href = script.dataset.next || event.url;
    } else if (event.failed) {
      source.close();
      failed(event.message);
    }
  };
  // the stream ends when the start settles; a reload shows the outcome
  source.onerror = () => {
    source.close();
    window.setTimeout(() => window.location.reload(), 1000);
  };
})();
