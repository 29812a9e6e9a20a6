/* Search and filters for the directory: progressive enhancement of the form in search.html.
 *
 * Without this script the page shows links to the pre-built lists. With it, the form filters
 * live: state lives in the URL (shareable), selected filters show as removable tags, counts
 * update, and only the data needed is fetched (see docs/SEARCH.md and src/index/search/,
 * which writes the files read here). Native modules, no framework, no build step:
 *
 *   search/data.js      fetching and decoding the data files
 *   search/words.js     words as the index has them, and the word search
 *   search/filters.js   facets, which services pass, orders and counts
 *   search/state.js     the URL as the state of the search
 *   search/results.js   the result cards, pages, tags and counts on screen
 *   search/near.js      a typed postcode, its area's slice of the sector table, distances
 *
 * This file wires them to the form: a run per change, the folding filter panel on a phone,
 * and the data fetched ahead of the reader's next likely action.
 */
import { data, manifest, column, columns, columnNow, names, firstPage, displayAhead } from './search/data.js';
import { textSearch } from './search/words.js';
import { FACET_COLS, prepare, facetById, activeFacets, columnsOf, match, sortProviders, firstByWait, counts, ix } from './search/filters.js';
import { readState, url, filtersOn } from './search/state.js';
import { render, showCounts, showNear, FIRST } from './search/results.js';
import { locate, distances, withinTest, sortByDistance, parsePostcode, sliceAhead, sectorAhead } from './search/near.js';

// Delivery bits of the services with no distance (the order of DELIVERY in facets.rs:
// in person, online, home visits, phone, …): online and phone.
const REMOTE_BITS = 2 | 8;

const form = document.getElementById('search-form');
const $ = (id) => document.getElementById(id);

if (form && window.fetch && window.DecompressionStream && window.URLSearchParams) start();

function start() {
  const q = $('q'), toggle = $('filters-toggle'), panel = $('filter-panel');
  const status = $('results-status');
  let defaultSort = 'name'; // until the manifest says otherwise

  // The postcode box and the distance have no `name`, so a form sent without this script
  // could never put the postcode in a query; they are read here into the fragment.
  const nearBox = $('near'), withinBox = $('within');
  function formToState() {
    const st = readState(new URLSearchParams(new FormData(form)));
    st.near = nearBox.value.trim().slice(0, 16);
    st.within = st.near ? withinBox.value : '';
    return st;
  }
  // Every checkbox with its facet and option, looked up once.
  let boxes = null;
  function stateToForm(st) {
    if (q.value !== st.q) q.value = st.q;
    if (nearBox.value.trim() !== st.near) nearBox.value = st.near;
    withinBox.value = st.within;
    if (!boxes) {
      boxes = Array.from(form.querySelectorAll('input[type=checkbox]'), (box) => {
        const f = facetById(box.closest('[data-facet]').getAttribute('data-facet'));
        return { box, f, i: f ? f.index[box.name + '=' + box.value] : undefined };
      });
    }
    boxes.forEach((b) => {
      const on = b.i !== undefined && (st.selected[b.f.id] || []).indexOf(b.i) >= 0;
      if (b.box.checked !== on) b.box.checked = on;
    });
    const age = $('f-age'); if (age) age.value = st.age;
    const sts = $('f-status'); if (sts) sts.value = st.status;
    $('sort').value = st.sort;
    form.querySelectorAll('details.facet').forEach((d) => {
      const n = (st.selected[d.getAttribute('data-facet')] || []).length;
      const shown = d.querySelector('.facet-selected'), text = n ? '(' + n + ' selected)' : '';
      if (shown.textContent !== text) shown.textContent = text;
      if (n) d.open = true;
    });
  }

  // -------------------------------------------------------------------------------------
  // Running a search: the newest run wins; an older one's answer is dropped.
  let runId = 0;
  let current = null; // what the newest run found
  function run(st, focusTarget) {
    const id = ++runId;
    // For tests and anyone curious: which run was asked for, and which one is on screen.
    form.setAttribute('data-run', String(id));
    const active = activeFacets(st);
    const need = columnsOf(active);
    // With a postcode, nearest first unless another order is chosen.
    let sort = st.sort || (st.near ? 'distance' : st.q ? '' : defaultSort);
    if (sort === 'distance' && !st.near) sort = st.q ? '' : defaultSort;
    // The first page of the whole directory, in any order, is one file with its records:
    // no sort column and no display groups to wait for.
    const first = !active.length && !st.q && !st.near && st.page === 1 && data.M.hashes['f.' + sort] ? firstPage(sort) : null;
    if (sort === 'wait' && !first) need.push('wt');
    if (sort === 'reviewed' && !first) need.push('rv');
    // The slice of the postcode's area and the positions, fetched side by side.
    const nearP = st.near ? Promise.all([locate(st.near), columns(['ps', 'dl'])]) : null;
    const isCurrent = () => id === runId;
    return Promise.all([columns(need), textSearch(st.q), first, nearP]).then(([c, text, firstIds, nearGot]) => {
      if (!isCurrent()) return null;
      const loc = nearGot && !nearGot[0].error ? nearGot[0] : null;
      showNear(nearGot ? nearGot[0] : null);
      const dist = loc ? distances(loc.grid, nearGot[1].ps, nearGot[1].dl, REMOTE_BITS) : null;
      const found = match(st, active, c, text, dist && st.within ? withinTest(dist, +st.within) : null);
      found.near = loc ? { postcode: loc.postcode, dist, within: st.within } : null;
      // A postcode not understood: the order that needs no column.
      if (sort === 'distance' && !loc) sort = st.q ? '' : 'name';
      if (sort === 'distance') {
        sortByDistance(found, dist, ix.provStart);
      } else if (firstIds) {
        // Only the first page is in the file's order; a later page runs again with the column.
        const onFirst = new Uint8Array(ix.N);
        firstIds.forEach((p) => { onFirst[p] = 1; });
        found.providers = firstIds.concat(found.providers.filter((p) => !onFirst[p]));
      } else sortProviders(found, sort, c);
      current = found;
      return render(found, focusTarget, isCurrent, () => {
        form.setAttribute('data-shown', String(id));
        // The counts beside the options wait until the first results are on screen.
        afterPaint(() => { if (isCurrent()) { updateCounts(); waitAhead(); } });
      }).then((complete) => { if (complete) form.setAttribute('data-complete', String(id)); });
    }).catch((e) => {
      if (!isCurrent()) return;
      status.textContent = 'Sorry, the search could not load (' + e.message + '). Use the lists of providers instead.';
    });
  }
  // Runs `fn` once the browser has painted what is in the document now.
  function afterPaint(fn) {
    requestAnimationFrame(() => { requestAnimationFrame(() => { setTimeout(fn, 0); }); });
  }

  // Live counts, for the facets on show (the plain ones and any opened), so opening the
  // page downloads the columns it needs and no more.
  function shownFacets() {
    return data.M.facets.map((f) => facetById(f.id)).filter((f) => {
      const root = form.querySelector('[data-facet="' + f.id + '"]');
      return root && (root.tagName !== 'DETAILS' || root.open);
    });
  }
  function updateCounts(only) {
    const show = only || shownFacets();
    const id = runId;
    columns(columnsOf(show)).then((c) => {
      if (id !== runId || !current) return;
      show.forEach((f) => showCounts(f, counts(f, current, c)));
    });
  }

  // -------------------------------------------------------------------------------------
  // On a narrow screen the filters come before the results, so they fold away behind a
  // button; the selected filters' tags and the count of results stay in view. Without
  // this script, or on a wide screen, the panel is simply open.
  const narrow = window.matchMedia ? window.matchMedia('(max-width: 48rem)') : null;
  let panelWanted = false; // the reader's choice on a narrow screen
  function layoutFilters() {
    const small = !!(narrow && narrow.matches);
    const open = !small || panelWanted;
    // Focus must not vanish with the panel: it goes to the button that reopens it.
    if (!open && panel.contains(document.activeElement)) toggle.focus();
    toggle.hidden = !small;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.querySelector('.filters-toggle-text').textContent = open ? 'Hide filters' : 'Show filters';
  }
  toggle.addEventListener('click', () => {
    panelWanted = toggle.getAttribute('aria-expanded') !== 'true';
    layoutFilters();
    if (panelWanted) facetAhead('intervention');
  });
  if (narrow) {
    if (narrow.addEventListener) narrow.addEventListener('change', layoutFilters);
    else if (narrow.addListener) narrow.addListener(layoutFilters);
  }

  // -------------------------------------------------------------------------------------
  // Data a reader is about to need, fetched when they reach for the control: the words of
  // names (for typing slips) when the search box gets focus, a facet's columns when the
  // pointer or focus reaches it, the other orders when the sort control is reached (for the
  // whole directory, their first pages; for a narrower list, their columns).
  const quiet = () => {};
  const LOW = { priority: 'low' };
  function sortsAhead(sorts, st) {
    const plain = st && !filtersOn(st) && !st.q;
    sorts.forEach((sort) => {
      if (plain && data.M.hashes['f.' + sort]) firstPage(sort, LOW).catch(quiet);
      else column(sort === 'wait' ? 'wt' : 'rv', LOW).then(() => { if (sort === 'wait') waitAhead(); }, quiet);
    });
  }
  // A narrower list sorted by wait would show providers spread over many display groups:
  // once the wait column is in, their first records are asked for ahead, so choosing that
  // order waits for no file.
  function waitAhead() {
    const wt = columnNow('wt') || null;
    if (!wt || !current || !current.providers.length || current.st.page !== 1) return;
    const sort = current.st.sort || (current.st.q ? '' : defaultSort);
    if (sort === 'wait' || (!filtersOn(current.st) && !current.st.q)) return;
    displayAhead(firstByWait(current, wt, FIRST));
  }
  // One letter before a postcode is whole its sector, and so every distance, is known: the
  // records of the nearest providers of the list on screen are asked for then, so the last
  // letter waits for no display file.
  function nearestAhead(text) {
    const ps = columnNow('ps'), dl = columnNow('dl');
    if (!ps || !dl || !current) return;
    const was = current;
    sectorAhead(text).then((grid) => {
      if (!grid || current !== was) return;
      const copy = { providers: was.providers.slice(), fails: was.fails };
      sortByDistance(copy, distances(grid, ps, dl, REMOTE_BITS), ix.provStart);
      displayAhead(copy.providers.slice(0, FIRST));
    });
  }
  function facetAhead(id) {
    if (data.M && FACET_COLS[id] && facetById(id)) FACET_COLS[id].forEach((k) => { column(k, LOW).catch(quiet); });
  }
  // Once the first results have asked for their own data, and at a lower priority: the kind
  // of support (the first and most used filter; about 11 kB) when the filters are on show,
  // and the shortest-wait order (its first page, 3 kB, for the whole directory; its column,
  // 12 kB, for a narrower list). Ticking a box or choosing that order then waits for no
  // file, even straight after the page opens.
  function ahead(st) {
    if (!panel.hidden) facetAhead('intervention');
    sortsAhead(['wait'], st);
  }

  // -------------------------------------------------------------------------------------
  // Wiring.
  function go(st, push, focusTarget) {
    const u = url(st);
    if (u !== location.pathname + location.search + location.hash) history[push ? 'pushState' : 'replaceState'](null, '', u);
    return run(st, focusTarget);
  }
  function wire() {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // On a phone, applying the filters means wanting to see the results.
      if (panelWanted && narrow && narrow.matches) { panelWanted = false; layoutFilters(); }
      go(formToState(), true, 'results-title');
    });
    q.addEventListener('focus', () => { names().catch(quiet); });
    // A postcode searches as soon as it is whole; a wrong one is said on leaving the box
    // or pressing Enter, not while it is still being typed.
    // The positions when the box is reached, and the area's slice once its letters are
    // typed, so a whole postcode waits for no file.
    ['focus', 'pointerenter'].forEach((type) => {
      nearBox.addEventListener(type, () => { columns(['ps', 'dl']).catch(quiet); });
    });
    nearBox.addEventListener('input', () => {
      const text = nearBox.value.trim();
      sliceAhead(text);
      nearestAhead(text);
      if (text && parsePostcode(text).error) return;
      const st = formToState();
      st.page = 1;
      go(st, false);
    });
    ['focus', 'pointerenter', 'pointerdown'].forEach((type) => {
      $('sort').addEventListener(type, () => { sortsAhead(['wait', 'reviewed'], current && current.st); });
    });
    form.querySelectorAll('details.facet').forEach((d) => {
      ['pointerenter', 'focusin'].forEach((type) => {
        d.addEventListener(type, () => { facetAhead(d.getAttribute('data-facet')); });
      });
      d.addEventListener('toggle', () => {
        const f = facetById(d.getAttribute('data-facet'));
        if (d.open && f && current) updateCounts([f]);
      });
    });
    form.addEventListener('change', (e) => {
      if (e.target === q) return;
      if (e.target === nearBox && nearBox.value.trim() === (current && current.st.near)) return;
      const st = formToState();
      st.page = 1;
      stateToForm(st);
      go(st, true);
    });
    // Each keystroke searches at once; a newer search makes an older one's answer moot.
    q.addEventListener('input', () => {
      const st = formToState();
      st.page = 1;
      go(st, false);
    });
    form.addEventListener('click', (e) => {
      const a = e.target.closest('a');
      if (!a || !form.contains(a) || a.target || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (!a.classList.contains('filter-tag') && a.id !== 'clear-filters' && !a.hasAttribute('data-page')) return;
      e.preventDefault();
      const st = readState(new URL(a.href).searchParams, new URL(a.href).hash);
      stateToForm(st);
      go(st, true, a.hasAttribute('data-page') || a.id === 'clear-filters' ? 'results-title' : 'selected-title');
    });
    window.addEventListener('popstate', () => {
      const st = readState(new URLSearchParams(location.search), location.hash);
      stateToForm(st);
      run(st);
    });
  }

  manifest(form.getAttribute('data-data')).then((m) => {
    if (m.sort) defaultSort = m.sort;
    return prepare();
  }).then(() => {
    wire();
    $('search-nojs').hidden = true;
    layoutFilters();
    form.hidden = false;
    $('results').hidden = false;
    const st = readState(new URLSearchParams(location.search), location.hash);
    stateToForm(st);
    const first = run(st);
    // After the first results' own fetches have been asked for, at a lower priority.
    setTimeout(() => { ahead(st); }, 0);
    return first;
  }).catch((e) => {
    $('search-nojs').querySelector('p').textContent = 'The search could not load (' + e.message + '). Every provider is still a few links away:';
  });
}
