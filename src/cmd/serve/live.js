// Added to pages by `landscape serve` only, never by `build`. It asks the server for the
// state of the site (the request waits until something changes), reloads the page after
// each good rebuild, and shows the errors of a broken edit over the last good page until
// the file is fixed.
(function () {
  'use strict';
  var generation = -1;
  var box = null;

  function show(errors) {
    if (!errors) {
      if (box) {
        box.remove();
        box = null;
      }
      return;
    }
    if (!box) {
      box = document.createElement('div');
      box.id = 'landscape-errors';
      box.setAttribute('role', 'alertdialog');
      box.setAttribute('aria-labelledby', 'landscape-errors-title');
      box.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;' +
        'background:#0b0c0c;color:#fff;padding:1rem;font:16px/1.4 ui-monospace,monospace';
      var title = document.createElement('h2');
      title.id = 'landscape-errors-title';
      title.style.cssText = 'font:bold 1.25rem/1.3 sans-serif;margin:0 0 1rem';
      title.textContent = 'The register has errors. The site shows the last good build until they are fixed.';
      var text = document.createElement('pre');
      text.style.cssText = 'white-space:pre-wrap;margin:0 0 1rem';
      var hide = document.createElement('button');
      hide.type = 'button';
      hide.textContent = 'Hide until the next change';
      hide.style.cssText = 'font:1rem sans-serif;padding:.5rem 1rem';
      hide.addEventListener('click', function () {
        box.hidden = true;
      });
      box.append(title, text, hide);
      document.body.appendChild(box);
    }
    box.hidden = false;
    box.querySelector('pre').textContent = errors;
  }

  function poll() {
    fetch('/_landscape/state?since=' + generation, { cache: 'no-store' })
      .then(function (r) {
        return r.json();
      })
      .then(function (state) {
        if (generation >= 0 && state.generation !== generation && !state.errors) {
          location.reload();
          return;
        }
        generation = state.generation;
        show(state.errors);
        poll();
      })
      .catch(function () {
        // The server is restarting or gone: try again shortly.
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
