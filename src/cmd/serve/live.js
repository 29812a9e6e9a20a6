// Added to pages by `landscape serve` only, never by `build`. It asks the server for the
// state of the site (the request waits until something changes), reloads the page after
// each good rebuild, and shows the errors of a broken edit over the last good page until
// the file is fixed.
//
// The errors are a modal alert dialog: focus moves into it so a screen reader reads its
// title and the errors at once, Tab stays inside it, and Escape or its button hides it
// (focus goes back where it was) until the next change. The page underneath is left as it
// was, so the last good build can still be read once the errors are hidden.
(function () {
  'use strict';
  var generation = -1;
  var box = null;
  var before = null; // what had focus before the box took it

  // Colours and sizes of the page's own stylesheet cannot be relied on here (a broken
  // template may be the error), so the box carries its own: white on near-black (18:1),
  // a yellow focus ring, text that wraps at any width.
  var STYLE =
    '#landscape-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;' +
    'background:#0b0c0c;color:#fff;padding:1rem;font:16px/1.4 ui-monospace,monospace;text-align:left}' +
    '#landscape-errors[hidden]{display:none}' +
    '#landscape-errors h2{font:bold 1.25rem/1.3 sans-serif;margin:0 0 1rem;color:#fff}' +
    '#landscape-errors pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem;font:inherit;color:#fff}' +
    '#landscape-errors button{font:1rem/1.3 sans-serif;padding:.5rem 1rem;color:#0b0c0c;background:#fff;' +
    'border:2px solid #fff;border-radius:0;cursor:pointer;max-width:100%}' +
    '#landscape-errors :focus-visible{outline:3px solid #fd0;outline-offset:2px}' +
    '#landscape-errors:focus{outline:none}';

  function build() {
    var style = document.createElement('style');
    style.textContent = STYLE;
    document.head.appendChild(style);
    box = document.createElement('div');
    box.id = 'landscape-errors';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-labelledby', 'landscape-errors-title');
    box.setAttribute('aria-describedby', 'landscape-errors-text');
    box.tabIndex = -1;
    var title = document.createElement('h2');
    title.id = 'landscape-errors-title';
    title.textContent = 'The register has errors. The site shows the last good build until they are fixed.';
    var text = document.createElement('pre');
    text.id = 'landscape-errors-text';
    var hide = document.createElement('button');
    hide.type = 'button';
    hide.textContent = 'Hide until the next change';
    hide.addEventListener('click', dismiss);
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        dismiss();
      } else if (e.key === 'Tab') {
        // The button is the one control: focus stays in the dialog while it is open.
        e.preventDefault();
        hide.focus();
      }
    });
    box.append(title, text, hide);
    document.body.appendChild(box);
  }

  function dismiss() {
    box.hidden = true;
    if (before && document.contains(before) && before.focus) before.focus();
    before = null;
  }

  // `changed`: the site changed since the last answer. An answer that only says nothing
  // happened (the server lets a held request go after a while) leaves a hidden box hidden.
  function show(errors, changed) {
    if (!errors) {
      if (box) {
        if (!box.hidden) dismiss();
        box.remove();
        box = null;
      }
      return;
    }
    if (!box) build();
    else if (box.hidden && !changed) return;
    box.querySelector('pre').textContent = errors;
    if (box.hidden || !box.contains(document.activeElement)) {
      if (!box.contains(document.activeElement)) before = document.activeElement;
      box.hidden = false;
      box.focus();
    }
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
        var changed = state.generation !== generation;
        generation = state.generation;
        show(state.errors, changed);
        poll();
      })
      .catch(function () {
        // The server is restarting or gone: try again shortly.
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
