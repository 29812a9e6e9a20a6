/* Compare two to four providers side by side.
 *
 * Loaded on every page. It does three things, all of them only with JavaScript:
 *  - shows the "Add to compare" buttons the pages carry hidden (provider pages and the
 *    pre-built lists) and makes the ones the search results carry (compareToggle);
 *  - keeps the chosen providers (at most four) in the browser's storage, and shows a bar
 *    at the foot of the page linking to /compare/?p=id1,id2 with them;
 *  - on the compare page, reads ?p= (the address is the comparison, so it can be shared),
 *    fetches each provider's record (in compare/data/<n>.json, a few dozen records a file,
 *    the file found by a hash of the id; written at build time with every value already in
 *    words) and fills one table: a column per provider, the rows in the order every
 *    provider page also uses.
 * No framework and no build step; provider text is only ever set as text.
 */
const KEY = 'landscape-compare';
const MOST = 4;
const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const $ = (id) => document.getElementById(id);
const base = () => (document.querySelector('a.site-name') || { getAttribute: () => '/' }).getAttribute('href');

function el(tag, attrs, children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v; else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children || []) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// The chosen providers as [{id, name}], oldest first.
function chosen() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(v) ? v.filter((x) => x && ID.test(x.id)).slice(0, MOST) : [];
  } catch { return []; }
}
function save(list) {
  try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, MOST))); } catch { /* private mode: the bar still shows this page's choice */ }
  refresh();
}
export function toggle(id, name) {
  const list = chosen();
  const i = list.findIndex((x) => x.id === id);
  if (i >= 0) list.splice(i, 1); else if (list.length < MOST) list.push({ id, name });
  save(list);
}
export function compareUrl(list) {
  return base() + 'compare/?p=' + list.map((x) => x.id).join(',');
}

// The words and state of one "Add to compare" button.
function paint(button) {
  const list = chosen();
  const id = button.getAttribute('data-compare');
  const on = list.some((x) => x.id === id);
  const full = !on && list.length >= MOST;
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  button.textContent = on ? 'Added to compare' : full ? 'Compare is full (4 chosen)' : 'Add to compare';
  if (full) button.setAttribute('aria-disabled', 'true'); else button.removeAttribute('aria-disabled');
}

// A button for a provider in the search results (results.js adds it to each card).
export function compareToggle(id, name) {
  const b = el('button', { type: 'button', 'class': 'compare-toggle button-secondary', 'data-compare': id, 'data-name': name });
  paint(b);
  return b;
}

function refresh() {
  document.querySelectorAll('.compare-toggle').forEach((b) => { b.hidden = false; paint(b); });
  tray();
}

// The bar at the foot of the page: who is chosen, and the way to the comparison.
function tray() {
  if ($('compare')) return; // the compare page is the comparison itself
  const list = chosen();
  let bar = $('compare-tray');
  if (!list.length) { if (bar) bar.hidden = true; return; }
  if (!bar) {
    bar = el('section', { id: 'compare-tray', 'class': 'compare-tray', 'aria-label': 'Providers to compare' });
    (document.querySelector('main') || document.body).append(bar);
  }
  bar.hidden = false;
  const names = list.map((x) => x.name).join(', ');
  bar.replaceChildren(
    el('p', null, [el('strong', { text: list.length + ' of ' + MOST + ' chosen to compare: ' }), names]),
    el('p', { 'class': 'compare-tray-actions' }, [
      list.length >= 2 ? el('a', { 'class': 'button', href: compareUrl(list), text: 'Compare ' + list.length + ' providers' }) : el('span', { text: 'Choose one more to compare. ' }),
      ' ',
      el('button', { type: 'button', 'class': 'button-secondary', 'data-compare-clear': '', text: 'Clear' }),
    ]),
  );
}

document.addEventListener('click', (e) => {
  const b = e.target.closest && e.target.closest('.compare-toggle');
  if (b) {
    if (b.getAttribute('aria-disabled') === 'true') return;
    toggle(b.getAttribute('data-compare'), b.getAttribute('data-name') || b.getAttribute('data-compare'));
    b.focus();
    return;
  }
  if (e.target.closest && e.target.closest('[data-compare-clear]')) {
    save([]);
    const main = document.querySelector('main');
    if (main) main.focus();
  }
});
// Another tab chose or cleared: keep this one's buttons honest.
window.addEventListener('storage', (e) => { if (e.key === KEY) refresh(); });

// ---- The compare page ----

// Which file holds a provider's record: 32-bit FNV-1a of the id, as the build computes it
// (urls::compare_file_of). Ids are ASCII, so a character is a byte.
function fileOf(id, files) {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h % files;
}

async function comparePage(box) {
  $('compare-nojs').hidden = true;
  box.hidden = false;
  const params = new URLSearchParams(location.search);
  const asked = (params.get('p') || '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s);
  const ids = [...new Set(asked)].slice(0, MOST);
  const status = $('compare-status');
  if (!ids.length) {
    const list = chosen();
    if (list.length) { history.replaceState(null, '', compareUrl(list)); return comparePage(box); }
    $('compare-empty').hidden = false;
    box.querySelector('.compare-wrap').hidden = true;
    status.textContent = 'No providers chosen.';
    return;
  }
  const dir = box.getAttribute('data-data');
  const files = Math.max(1, parseInt(box.getAttribute('data-files'), 10) || 1);
  // Two providers in one file fetch it once.
  const loads = new Map();
  const load = (n) => {
    if (!loads.has(n)) loads.set(n, fetch(dir + n + '.json').then((r) => (r.ok ? r.json() : [])).catch(() => []));
    return loads.get(n);
  };
  const recs = await Promise.all(ids.map(async (id) => {
    if (!ID.test(id)) return { id, missing: true };
    const list = await load(fileOf(id, files));
    return (Array.isArray(list) && list.find((r) => r && r.id === id)) || { id, missing: true };
  }));
  // Opening a shared comparison makes it the reader's own choice, to add to or narrow.
  const found = recs.filter((r) => !r.missing);
  try { localStorage.setItem(KEY, JSON.stringify(found.map((r) => ({ id: r.id, name: r.name })))); } catch { /* ignore */ }
  fill(box, recs);
  const extra = asked.length > ids.length ? ' Only the first ' + MOST + ' are shown.' : '';
  status.textContent = 'Comparing ' + found.length + ' provider' + (found.length === 1 ? '' : 's') + '.' + extra
    + (found.length < ids.length ? ' ' + (ids.length - found.length) + ' could not be found.' : '');
}

function fill(box, recs) {
  const table = $('compare-table');
  table.setAttribute('data-columns', String(recs.length));
  const head = table.tHead.rows[0];
  head.replaceChildren(el('td', null, []));
  for (const r of recs) {
    const th = el('th', { scope: 'col' }, []);
    if (r.missing) th.append('No provider with the id “' + r.id + '”');
    else th.append(el('a', { href: base() + r.url, text: r.name }), el('span', { 'class': 'compare-summary', text: r.summary }));
    th.append(' ', el('button', { type: 'button', 'class': 'button-secondary compare-remove', 'data-remove': r.id, 'aria-label': 'Remove ' + (r.name || r.id) + ' from the comparison', text: 'Remove' }));
    head.append(th);
  }
  for (const tr of table.tBodies[0].rows) {
    const key = tr.getAttribute('data-row');
    tr.replaceChildren(tr.cells[0]);
    const texts = [];
    for (const r of recs) {
      const td = el('td', null, []);
      if (r.missing) { td.append('–'); texts.push(''); tr.append(td); continue; }
      if (key === 'contact') {
        const acts = [];
        if (r.tel) acts.push(el('a', { 'class': 'button', href: 'tel:' + r.tel, text: 'Call ' + r.phone }));
        if (r.email) acts.push(el('a', { 'class': 'button button-secondary', href: 'mailto:' + r.email, text: 'Email ' + r.email }));
        if (acts.length) acts.forEach((a) => td.append(el('p', null, [a]))); else td.append(el('span', { 'class': 'not-stated', text: 'Not stated' }));
        texts.push((r.tel || '') + (r.email || ''));
      } else {
        const lines = r.cells[key] || [];
        if (!lines.length) td.append(el('span', { 'class': 'not-stated', text: 'Not stated' }));
        else if (lines.length === 1) td.append(lines[0]);
        else td.append(el('ul', { 'class': 'compare-lines' }, lines.map((l) => el('li', { text: l }))));
        texts.push(lines.join('\n'));
      }
      tr.append(td);
    }
    // A row that is not the same for everyone says so in words, not only by its look.
    const differs = recs.length > 1 && texts.some((t) => t !== texts[0]);
    tr.classList.toggle('differs', differs);
    const th = tr.cells[0];
    th.querySelector('.differs-mark')?.remove();
    if (differs) th.append(el('span', { 'class': 'differs-mark', text: ' differs' }));
  }
  box.onclick = (e) => {
    const b = e.target.closest('[data-remove]');
    if (!b) return;
    const keep = recs.filter((r) => r.id !== b.getAttribute('data-remove'));
    history.replaceState(null, '', base() + 'compare/?p=' + keep.map((r) => r.id).join(','));
    try { localStorage.setItem(KEY, JSON.stringify(keep.filter((r) => !r.missing).map((r) => ({ id: r.id, name: r.name })))); } catch { /* ignore */ }
    if (!keep.length) { location.reload(); return; }
    fill(box, keep);
    $('compare-status').textContent = 'Removed. Comparing ' + keep.length + ' provider' + (keep.length === 1 ? '' : 's') + '.';
    $('compare-caption').focus?.();
  };
}

const box = $('compare');
if (box && window.fetch && window.URLSearchParams) comparePage(box);
refresh();
