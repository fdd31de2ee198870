/* global window, document, EventSource */
// The spawn-pending page: follows the server's progress event stream (EventSource) and moves the
// progress bar; on the final event it goes to the server, on a failure it says why.
(function () {
  const script = document.currentScript;
  const xsrf = document.body.dataset.xsrfToken || '';
  const bar = document.getElementById('progress-bar');
  const fill = bar.querySelector('.progress-fill');
  const message = document.getElementById('progress-message');
  const log = document.getElementById('progress-log');
  const url = `${script.dataset.progressUrl}?_xsrf=${encodeURIComponent(xsrf)}`;
  const source = new EventSource(url);

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

  source.onmessage = (raw) => {
    const event = JSON.parse(raw.data);
    show(event);
    if (event.ready) {
      source.close();
      window.location.href = script.dataset.next || event.url;
    } else if (event.failed) {
      source.close();
      document.getElementById('progress-error').textContent = event.message || '';
      document.getElementById('progress-failed').hidden = false;
    }
  };
  // the stream ends when the start settles; a reload shows the outcome
  source.onerror = () => {
    source.close();
    window.setTimeout(() => window.location.reload(), 1000);
  };
})();
