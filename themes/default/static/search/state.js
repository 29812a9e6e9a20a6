/* State: what the reader asked for, read from and written to the URL, which is the truth
 * (so a search can be bookmarked or shared); the form only mirrors it. A selection to
 * compare joins here as one more parameter, so it is shared the same way.
 *
 * A postcode typed in "Near a postcode", and the distance to narrow to, live only in the
 * URL's fragment (`#near=E8+1DY&within=10`): a browser never sends the fragment to the
 * server, on a reload or from a shared link, while the query is sent every time.
 */
import { facets } from './filters.js';

const SORTS = ['', 'name', 'wait', 'reviewed', 'distance'];
const WITHIN = ['', '5', '10', '20'];
const STATUSES = ['', 'expiring', 'lapsed', 'any'];

// `params`: the query; `hash`: the fragment, where a postcode is kept.
export function readState(params, hash) {
  const h = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const st = { near: (h.get('near') || '').trim().slice(0, 16), within: h.get('within') || '', q: params.get('q') || '', age: params.get('age') || '', status: params.get('status') || '', sort: params.get('sort') || '', page: Math.max(1, parseInt(params.get('page'), 10) || 1), selected: {} };
  facets.forEach((f) => {
    const sel = [];
    f.options.forEach((o, i) => { if (params.getAll(o[0]).indexOf(o[1]) >= 0) sel.push(i); });
    st.selected[f.id] = sel;
  });
  if (st.age !== '' && !/^\d+$/.test(st.age)) st.age = '';
  if (STATUSES.indexOf(st.status) < 0) st.status = '';
  if (SORTS.indexOf(st.sort) < 0) st.sort = '';
  if (WITHIN.indexOf(st.within) < 0 || !st.near) st.within = '';
  return st;
}
export function stateParams(st) {
  const p = new URLSearchParams();
  if (st.q) p.set('q', st.q);
  facets.forEach((f) => {
    if (f.id === 'age') { if (st.age !== '') p.set('age', st.age); return; }
    (st.selected[f.id] || []).forEach((i) => { p.append(f.options[i][0], f.options[i][1]); });
    if (f.id === 'scheme' && st.status) p.set('status', st.status);
  });
  if (st.sort) p.set('sort', st.sort);
  if (st.page > 1) p.set('page', String(st.page));
  return p;
}
// The fragment that holds the postcode: never the query, which is sent to the server.
export function nearFragment(st) {
  if (!st.near) return '';
  const h = new URLSearchParams();
  h.set('near', st.near);
  if (st.within) h.set('within', st.within);
  return '#' + h.toString();
}
export function url(st) {
  const s = stateParams(st).toString();
  return location.pathname + (s ? '?' + s : '') + nearFragment(st);
}
export function filtersOn(st) {
  return facets.some((f) => (st.selected[f.id] || []).length) || st.age !== '' || !!st.status || !!st.within;
}
// The same state with changes: a new page, a filter removed…
export function withState(st, changes) {
  return Object.assign({}, st, changes);
}
