/* Results: what the reader sees of a search: the result cards, the count of results, the
 * pages, the tags of the selected filters and the counts beside the options. Every piece of
 * provider text goes in as text, never as markup.
 */
import { data, display, json, file } from './data.js';
import { fold } from './words.js';
import { facets, ix } from './filters.js';
import { url, filtersOn, withState } from './state.js';
import { compareToggle } from './compare.js';
import { milesText, providerDistance, REMOTE } from './near.js';

const FIELD_NAMES = { 1: 'name', 2: 'kind of support', 4: 'summary', 8: 'area', 16: 'languages, accreditation or lots', 32: 'description' };
const PAGE_FIELDS = { 1: 'title', 4: 'summary', 32: 'text' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// A listing not reviewed for this many days is flagged on its card.
const STALE_DAYS = 365;
// How many results are drawn as soon as their records arrive: more than a phone or a
// laptop screen shows above the fold. The rest of the page follows when its records do.
export const FIRST = 4;

const $ = (id) => document.getElementById(id);

export function el(tag, attrs, children) {
  const e = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach((k) => { if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
  (children || []).forEach((ch) => { if (ch !== null && ch !== undefined) e.appendChild(typeof ch === 'string' ? document.createTextNode(ch) : ch); });
  return e;
}
function longDate(iso) {
  if (!iso) return '';
  const p = iso.split('-');
  return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
}
function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }
function weeks(w) {
  if (w === null || w === undefined) return 'wait not stated';
  return w === 0 ? 'no wait' : w === 1 ? 'wait about 1 week' : 'wait about ' + w + ' weeks';
}
// Text with the matched words marked.
function marked(text, terms) {
  const e = document.createDocumentFragment();
  if (!terms || !terms.length) { e.appendChild(document.createTextNode(text)); return e; }
  const folded = fold(text);
  if (folded.length !== text.length) { e.appendChild(document.createTextNode(text)); return e; }
  const re = new RegExp('(^|[^\\p{L}\\p{N}])(' + terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')', 'gu');
  let last = 0, m;
  while ((m = re.exec(folded))) {
    const start = m.index + m[1].length, end = start + m[2].length;
    e.appendChild(document.createTextNode(text.slice(last, start)));
    e.appendChild(el('mark', { text: text.slice(start, end) }));
    last = end;
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  e.appendChild(document.createTextNode(text.slice(last)));
  return e;
}
function fieldsText(mask, names) {
  const out = [];
  Object.keys(names).forEach((b) => { if (mask & +b) out.push(names[b]); });
  return out.join(', ');
}
const flag = (text) => el('span', { 'class': 'tag tag-some', text });

// One result card: name, summary, why it matched, the services that matched, the lots
// that buy them, accreditation as judged today and the review date, with what needs a
// second look (an award expiring soon, a listing not reviewed for a year) flagged.
function resultItem(p, rec, services, hit, found) {
  const M = data.M, near = found.near, start = ix.provStart[p];
  const [name, id, summary, reviewed, lotsAll, awards, svcs] = rec;
  const terms = hit ? hit.terms : null;
  const li = el('li', { 'class': 'result' });
  li.appendChild(el('h3', { 'class': 'provider-name' }, [el('a', { href: form().getAttribute('data-base') + 'providers/' + id + '/' }, [marked(name, terms)])]));
  li.appendChild(el('p', null, [marked(summary, terms)]));
  if (near) li.appendChild(distanceLine(found, p, rec[6], services));
  if (hit) li.appendChild(el('p', { 'class': 'why' }, ['Matched ' + hit.terms.map((t) => '“' + t + '”').join(', ') + ' in: ' + fieldsText(hit.fields, FIELD_NAMES) + '.']));
  const ul = el('ul', { 'class': 'result-services' });
  const shown = services.slice(0, 4);
  shown.forEach((k) => {
    const s = svcs[k];
    const bits = ['ages ' + s[1] + ' to ' + s[2], s[3].map((d) => M.delivery[d]).join(', ').toLowerCase()];
    if (s[4].length) bits.push(s[4].map((a) => M.areas[a][0]).join(', '));
    bits.push(weeks(s[5]));
    if (near) {
      const d = near.dist[start + k];
      if (d >= 0) bits.push(milesText(d) + ' away');
      else if (d !== REMOTE) bits.push('distance not stated');
    }
    ul.appendChild(el('li', null, [
      el('span', { 'class': 'service-name', text: M.interventions[s[0]][0] }), ': ' + bits.join(' · ') + ' ',
      el('span', { 'class': s[6] ? 'tag tag-yes' : 'tag tag-no', text: s[6] ? 'Accepting referrals' : 'Not accepting referrals' }),
    ]));
  });
  li.appendChild(el('p', { 'class': 'meta' }, [services.length === svcs.length ? 'Services:' : services.length + ' of ' + svcs.length + ' services match your filters:']));
  li.appendChild(ul);
  if (services.length > shown.length) li.appendChild(el('p', { 'class': 'meta', text: 'and ' + (services.length - shown.length) + ' more on their page.' }));
  const facts = el('dl', { 'class': 'result-facts' });
  // Only the lots that buy the kinds of support that matched.
  const ivs = services.map((k) => svcs[k][0]);
  const lots = lotsAll.filter((l) => { const x = M.lots[l][4]; return !x.length || x.some((i) => ivs.indexOf(i) >= 0); });
  const lotItems = lots.map((l) => {
    const x = M.lots[l];
    return el('li', null, [M.frameworks[x[2]][0] + ' – lot ' + x[0] + ': ' + x[1] + ' (call-off: ' + x[3].toLowerCase() + ')']);
  });
  facts.appendChild(el('div', null, [el('dt', { text: 'Framework lots' }), el('dd', null, [lotItems.length ? el('ul', { 'class': 'fact-list' }, lotItems) : 'Not on an active lot'])]));
  // Awards current today (state 0), or current and expiring within 90 days (state 1).
  const current = awards.filter((a) => a[1] <= 1).map((a) => el('li', null, [
    M.schemes[a[0]] + ': current' + (a[2] ? ', to ' + longDate(a[2]) : '') + ' ',
    a[1] === 1 ? flag('expires within 90 days') : null,
  ]));
  facts.appendChild(el('div', null, [el('dt', { text: 'Accreditation today' }), el('dd', null, [current.length ? el('ul', { 'class': 'fact-list' }, current) : 'None current'])]));
  const stale = daysBetween(reviewed, M.today) > STALE_DAYS;
  facts.appendChild(el('div', null, [el('dt', { text: 'Last reviewed' }), el('dd', null, [longDate(reviewed) + ' ', stale ? flag('not reviewed for over a year') : null])]));
  li.appendChild(facts);
  li.appendChild(compareToggle(id, name));
  return li;
}
const form = () => $('search-form');

// How far a provider is from the postcode, over the services that matched: the nearest
// in a place, "distance not stated", or marked as online or by phone only.
function distanceLine(found, p, svcs, services) {
  const near = found.near, d = providerDistance(found, near.dist, p, ix.provStart[p], ix.provStart[p + 1]);
  if (d >= 0) {
    return el('p', { 'class': 'distance' }, [el('strong', { text: milesText(d) }), ' from ' + near.postcode + ', as the crow flies']);
  }
  if (d !== REMOTE) return el('p', { 'class': 'distance' }, [el('strong', { text: 'Distance not stated' }), ': no postcode given for where it is delivered']);
  const M = data.M, how = {};
  services.forEach((k) => svcs[k][3].forEach((x) => { how[M.delivery[x]] = 1; }));
  const online = how[M.delivery[1]], phone = how[M.delivery[3]];
  const text = online && phone ? 'Online and by phone only' : phone ? 'By phone only' : 'Online only';
  return el('p', { 'class': 'distance' }, [el('strong', { 'class': 'tag tag-some', text }), ' (no distance: not delivered in a place)']);
}

// The message beside the postcode box: why a postcode was not understood, or nothing.
export function showNear(loc) {
  const box = $('near'), msg = $('near-error');
  const wrong = !!(loc && loc.error);
  msg.textContent = wrong ? loc.message : '';
  msg.hidden = !wrong;
  if (wrong) box.setAttribute('aria-invalid', 'true'); else box.removeAttribute('aria-invalid');
  $('near-box').classList.toggle('near-wrong', wrong);
}

// Draws a page of results: the first FIRST as soon as their records are in, the rest after
// the next frame. `isCurrent()` says whether this search is still the one asked for;
// `onShown()` runs once the first results are in the document.
export function render(found, focusTarget, isCurrent, onShown) {
  const M = data.M, N = ix.N, st = found.st, providers = found.providers, text = found.text;
  const list = $('results-list'), status = $('results-status'), note = $('results-note');
  const pageResults = $('page-results'), pageList = $('page-results-list');
  const per = M.per_page || 20;
  const pages = Math.max(1, Math.ceil(providers.length / per));
  const page = Math.min(st.page, pages);
  const slice = providers.slice((page - 1) * per, page * per);
  const docs = text ? Array.from(text.hits.keys()).filter((d) => d >= N) : [];
  const pagesP = docs.length ? json(file('pages')) : Promise.resolve(null);
  const recsP = display(slice, FIRST);
  function add(from, recs) {
    const frag = document.createDocumentFragment();
    recs.forEach((rec, i) => {
      const p = slice[from + i];
      frag.appendChild(resultItem(p, rec, found.matched(p), text ? text.hits.get(p) : null, found));
    });
    list.appendChild(frag);
  }
  return Promise.all(recsP.slice(0, FIRST)).then((recs) => {
    if (!isCurrent()) return null;
    list.textContent = '';
    add(0, recs);
    list.setAttribute('start', String((page - 1) * per + 1));
    const n = providers.length;
    const words = n === 1 ? '1 provider' : n.toLocaleString('en-GB') + ' providers';
    status.textContent = n === 0 ? 'No providers match. Remove a filter or try other words.'
      : words + (filtersOn(st) || st.q ? (n === 1 ? ' matches' : ' match') : ' in the directory') + nearWords(found) + (pages > 1 ? ', page ' + page + ' of ' + pages : '') + '.';
    if (text && text.corrected.length) {
      note.hidden = false;
      note.textContent = 'Also showing names close to what you typed: ' + text.corrected.join(', ') + '.';
    } else note.hidden = true;
    renderPager(st, page, pages);
    renderTags(st);
    pageList.textContent = '';
    pageResults.hidden = true;
    if (focusTarget) { const t = $(focusTarget); if (t) t.focus(); }
    onShown();
    // Even when the rest of the page is already known, it waits for the next task after
    // a frame: the first frame then lays out four results, not twenty.
    const frame = new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
    return Promise.all([Promise.all(recsP.slice(FIRST)), pagesP, frame]);
  }).then((got) => {
    if (!got || !isCurrent()) return false;
    add(FIRST, got[0]);
    const pageDocs = got[1];
    // Pages about the search: standards, guides, kinds of support…
    if (pageDocs && docs.length) {
      docs.sort((a, b) => text.hits.get(b).score - text.hits.get(a).score || a - b);
      docs.slice(0, 8).forEach((d) => {
        const doc = pageDocs[d - N], hit = text.hits.get(d);
        pageList.appendChild(el('li', null, [
          el('h3', { 'class': 'provider-name' }, [el('a', { href: form().getAttribute('data-base') + doc[2] }, [marked(doc[1], hit.terms)])]),
          el('p', { 'class': 'meta', text: doc[0] }),
          doc[3] ? el('p', null, [marked(doc[3], hit.terms)]) : null,
          el('p', { 'class': 'why', text: 'Matched in: ' + fieldsText(hit.fields, PAGE_FIELDS) + '.' }),
        ]));
      });
      pageResults.hidden = false;
    }
    return true;
  });
}

function nearWords(found) {
  const near = found.near;
  if (!near) return '';
  return (near.within ? ' within ' + near.within + ' miles of ' : ', by distance from ') + near.postcode;
}

function renderPager(st, page, pages) {
  const nav = $('results-pages');
  nav.textContent = '';
  nav.hidden = pages <= 1;
  if (pages <= 1) return;
  const ul = el('ul');
  function link(n, label, rel) {
    const a = el('a', { href: url(withState(st, { page: n })), 'data-page': String(n) }, label);
    if (rel) a.setAttribute('rel', rel);
    if (n === page && !rel) a.setAttribute('aria-current', 'page');
    ul.appendChild(el('li', null, [a]));
  }
  const hidden = (t) => el('span', { 'class': 'visually-hidden', text: t });
  if (page > 1) link(page - 1, ['Previous', hidden(' page')], 'prev');
  const from = Math.max(1, page - 2), to = Math.min(pages, page + 2);
  if (from > 1) link(1, [hidden('Page '), '1']);
  for (let n = from; n <= to; n++) link(n, [hidden('Page '), String(n)]);
  if (to < pages) link(pages, [hidden('Page '), String(pages)]);
  if (page < pages) link(page + 1, ['Next', hidden(' page')], 'next');
  nav.appendChild(ul);
}

// The selected filters as tags, each a link to the URL without it (the "filter a list"
// pattern), and "Clear filters".
function renderTags(st) {
  const box = $('selected-tags');
  box.textContent = '';
  let any = false;
  function group(label, items) {
    if (!items.length) return;
    any = true;
    box.appendChild(el('h4', { 'class': 'tag-group', text: label }));
    const ul = el('ul', { 'class': 'filter-tags' });
    items.forEach((it) => {
      ul.appendChild(el('li', null, [el('a', { 'class': 'filter-tag', href: url(it[1]) }, [
        el('span', { 'class': 'visually-hidden', text: 'Remove this filter: ' }), it[0]])]));
    });
    box.appendChild(ul);
  }
  facets.forEach((f) => {
    const items = [];
    if (f.id === 'age') {
      if (st.age !== '') items.push(['Age ' + st.age, withState(st, { age: '', page: 1 })]);
    } else {
      (st.selected[f.id] || []).forEach((i) => {
        const sel = {};
        Object.keys(st.selected).forEach((k) => { sel[k] = st.selected[k].filter((x) => k !== f.id || x !== i); });
        items.push([f.options[i][2], withState(st, { selected: sel, page: 1 })]);
      });
      if (f.id === 'scheme' && st.status) {
        const label = $('f-status').querySelector('option[value="' + st.status + '"]').textContent;
        items.push(['Award status: ' + label, withState(st, { status: '', page: 1 })]);
      }
    }
    group(f.label, items);
  });
  if (st.near) {
    const items = [['Near ' + st.near, withState(st, { near: '', within: '', page: 1 })]];
    if (st.within) items.push(['Within ' + st.within + ' miles', withState(st, { within: '', page: 1 })]);
    group('Near a postcode', items);
  }
  $('selected-filters').hidden = !any;
  const n = box.querySelectorAll('.filter-tag').length;
  $('filters-toggle-count').textContent = n ? ' (' + n + ' selected)' : '';
  $('clear-filters').setAttribute('href', url(withState(st, { selected: {}, age: '', status: '', near: '', within: '', page: 1 })));
}

// The counts beside facet `f`'s options.
export function showCounts(f, counts) {
  const root = form().querySelector('[data-facet="' + f.id + '"]');
  if (!root) return;
  if (f.id === 'age') {
    const opts = root.querySelectorAll('option');
    for (let k = 1; k < opts.length; k++) opts[k].textContent = f.options[k - 1][2] + ' (' + counts[k - 1] + ')';
    return;
  }
  root.querySelectorAll('.facet-count').forEach((span) => {
    const n = counts[+span.getAttribute('data-option')];
    span.textContent = '(' + n + ')';
    span.parentNode.parentNode.classList.toggle('facet-none', n === 0);
  });
}
