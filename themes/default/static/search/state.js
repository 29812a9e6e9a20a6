/* State: what the reader asked for, read from and written to the URL, which is the truth
 * (so a search can be bookmarked or shared); the form only mirrors it. A selection to
 * compare joins here as one more parameter, so it is shared the same way.
 */
import { facets } from './filters.js';

const SORTS = ['', 'name', 'wait', 'reviewed'];
const STATUSES = ['', 'expiring', 'lapsed', 'any'];

export function readState(params) {
  const st = { q: params.get('q') || '', age: params.get('age') || '', status: params.get('status') || '', sort: params.get('sort') || '', page: Math.max(1, parseInt(params.get('page'), 10) || 1), selected: {} };
  facets.forEach((f) => {
    const sel = [];
    f.options.forEach((o, i) => { if (params.getAll(o[0]).indexOf(o[1]) >= 0) sel.push(i); });
    st.selected[f.id] = sel;
  });
  if (st.age !== '' && !/^\d+$/.test(st.age)) st.age = '';
  if (STATUSES.indexOf(st.status) < 0) st.status = '';
  if (SORTS.indexOf(st.sort) < 0) st.sort = '';
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
export function url(st) {
  const s = stateParams(st).toString();
  return location.pathname + (s ? '?' + s : '');
}
export function filtersOn(st) {
  return facets.some((f) => (st.selected[f.id] || []).length) || st.age !== '' || !!st.status;
}
// The same state with changes: a new page, a filter removed…
export function withState(st, changes) {
  return Object.assign({}, st, changes);
}
