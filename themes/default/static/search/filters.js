/* Filters: the facets and their options (from the manifest), what each needs from the
 * columns, which services pass, the order of the providers found, and the counts beside the
 * options. Filters combine per service: family therapy, Hackney, age 12 and accepting must
 * all be true of one and the same service (docs/SEARCH.md).
 */
import { data, column } from './data.js';

// The columns each facet reads (src/index/search/columns.rs).
export const FACET_COLS = { intervention: ['iv'], area: ['ar', 'dl'], age: ['af', 'at'], accepting: ['ac'], lot: ['lt'], scheme: ['aw'], delivery: ['dl'], funding: ['fd'], organisation: ['og'], language: ['lg'] };
const ONLINE_BIT = 2; // the order of DELIVERY in facets.rs: in person, online, …

export const facets = []; // {id, label, options: [[param, value, label]], index: {'param=value': i}}
// Services are numbered across providers: provider p's run from provStart[p] to provStart[p + 1].
export const ix = { N: 0, S: 0, svcProv: null, provStart: null };
const areaDown = []; // per area: itself and every area inside it
const areaUp = []; // per area: itself and every area it lies in
const ivOption = [], groupOption = [], areaOption = [];

export function facetById(id) { for (let i = 0; i < facets.length; i++) if (facets[i].id === id) return facets[i]; return null; }

export function prepare() {
  const M = data.M;
  ix.N = M.providers;
  M.facets.forEach((f) => {
    const index = {};
    f.options.forEach((o, i) => { index[o[0] + '=' + o[1]] = i; });
    facets.push({ id: f.id, label: f.label, options: f.options, index });
  });
  // The area filter rolls both ways: a service for London serves Hackney, and a service in
  // Hackney is offered somewhere in London.
  M.areas.forEach((a, i) => { areaDown[i] = [i]; areaUp[i] = [i]; });
  M.areas.forEach((a, i) => {
    let p = a[1], seen = 0;
    while (p !== null && p !== undefined && seen++ < 64) { areaDown[p].push(i); areaUp[i].push(p); p = M.areas[p][1]; }
  });
  const iv = facetById('intervention');
  if (iv) {
    const slugs = iv.options.filter((o) => o[0] === 'group');
    M.interventions.forEach((x, i) => {
      const k = iv.index['intervention=' + x[2]];
      ivOption[i] = k === undefined ? -1 : k;
      const g = x[1] !== null && slugs[x[1]] ? iv.index['group=' + slugs[x[1]][1]] : undefined;
      groupOption[i] = g === undefined ? -1 : g;
    });
  }
  const ar = facetById('area');
  M.areas.forEach((a, i) => { areaOption[i] = ar ? ar.index['area=' + a[2]] : -1; });
  return column('sp').then((sp) => {
    const N = ix.N, provStart = new Uint32Array(N + 1);
    let S = 0;
    for (let p = 0; p < N; p++) { provStart[p] = S; S += sp[p]; }
    provStart[N] = S;
    const svcProv = new Uint32Array(S);
    for (let p = 0; p < N; p++) for (let s = provStart[p]; s < provStart[p + 1]; s++) svcProv[s] = p;
    Object.assign(ix, { S, svcProv, provStart });
  });
}

function statusStates(st) {
  if (st === 'expiring') return [1];
  if (st === 'lapsed') return [2, 3, 4];
  if (st === 'any') return [0, 1, 2, 3, 4];
  return [0, 1];
}

// The facets with something chosen.
export function activeFacets(st) {
  return facets.filter((f) => (f.id === 'age' ? st.age !== '' : f.id === 'scheme' ? (st.selected.scheme.length || st.status) : (st.selected[f.id] || []).length));
}
// The columns the facets `fs` read.
export function columnsOf(fs) {
  const need = [];
  fs.forEach((f) => { FACET_COLS[f.id].forEach((k) => { if (need.indexOf(k) < 0) need.push(k); }); });
  return need;
}

// A test over services for one facet's selection, or null when nothing is selected.
function facetTest(f, state, c) {
  const sel = state.selected[f.id] || [];
  const svcProv = ix.svcProv;
  if (f.id === 'age') {
    if (state.age === '') return null;
    const age = +state.age;
    return (s) => c.af[s] <= age && age <= c.at[s];
  }
  if (f.id === 'scheme') {
    const states = statusStates(state.status);
    if (!sel.length && !state.status) return null;
    const schemes = sel.length ? sel : null;
    return (s) => {
      const p = svcProv[s], a = c.aw;
      for (let k = a.off[p]; k < a.off[p + 1]; k++) {
        const v = a.items[k], sc = v >> 3;
        if (states.indexOf(v & 7) >= 0 && (!schemes || schemes.indexOf(sc) >= 0)) return true;
      }
      return false;
    };
  }
  if (!sel.length) return null;
  const on = new Uint8Array(f.options.length);
  sel.forEach((i) => { on[i] = 1; });
  if (f.id === 'intervention') {
    // Per kind of support, once: is it chosen, itself or through its group?
    const ok = new Uint8Array(data.M.interventions.length);
    for (let i = 0; i < ok.length; i++) ok[i] = (ivOption[i] >= 0 && on[ivOption[i]]) || (groupOption[i] >= 0 && on[groupOption[i]]) ? 1 : 0;
    return (s) => ok[c.iv[s]] === 1;
  }
  // One callback for every service: this runs over twenty thousand of them.
  const vals = valuesOf(f, state, c);
  let hit = false;
  const cb = (v) => { if (on[v]) hit = true; };
  return (s) => {
    hit = false;
    vals(s, cb);
    return hit;
  };
}

// Calls back with each option index a service has in a facet.
function valuesOf(f, state, c) {
  const svcProv = ix.svcProv;
  switch (f.id) {
    case 'intervention': return (s, cb) => { const i = c.iv[s]; if (ivOption[i] >= 0) cb(ivOption[i]); if (groupOption[i] >= 0) cb(groupOption[i]); };
    case 'area': return (s, cb) => {
      if (c.dl[s] & ONLINE_BIT) cb(0);
      const a = c.ar;
      for (let k = a.off[s]; k < a.off[s + 1]; k++) {
        const d = areaDown[a.items[k]], u = areaUp[a.items[k]];
        for (let j = 0; j < d.length; j++) cb(areaOption[d[j]]);
        for (let j = 1; j < u.length; j++) cb(areaOption[u[j]]);
      }
    };
    case 'age': return (s, cb) => { for (let x = c.af[s]; x <= c.at[s]; x++) cb(x); };
    case 'accepting': return (s, cb) => { if (c.ac[s]) cb(0); };
    case 'lot': case 'language': return (s, cb) => { const a = f.id === 'lot' ? c.lt : c.lg; for (let k = a.off[s]; k < a.off[s + 1]; k++) cb(a.items[k]); };
    case 'scheme': return (s, cb) => {
      const states = statusStates(state.status), p = svcProv[s], a = c.aw;
      for (let k = a.off[p]; k < a.off[p + 1]; k++) if (states.indexOf(a.items[k] & 7) >= 0) cb(a.items[k] >> 3);
    };
    case 'delivery': return (s, cb) => { for (let b = 0; b < data.M.delivery.length; b++) if (c.dl[s] & (1 << b)) cb(b); };
    case 'funding': return (s, cb) => { for (let b = 0; b < 5; b++) if (c.fd[s] & (1 << b)) cb(b); };
    case 'organisation': return (s, cb) => { const o = c.og[svcProv[s]]; if (o & 1) cb(0); if (o & 2) cb(1); };
  }
  return () => {};
}

// Which services pass every filter and the words: `fails[s]` counts the tests service `s`
// fails and `failOf[s]` names the last one (-1 for the words), so the counts of a facet can
// add back the services failing only that facet. `providers` lists, in name order (the order
// they are numbered in), those with at least one passing service.
// `within`, when given, is one more test over services (the distance from a postcode),
// named -2.
export function match(st, active, c, text, within) {
  const { N, S, svcProv, provStart } = ix;
  const tests = active.map((f) => facetTest(f, st, c));
  const fails = new Uint8Array(S), failOf = new Int8Array(S);
  tests.forEach((t, fi) => {
    if (!t) return;
    for (let s = 0; s < S; s++) if (!t(s)) { fails[s]++; failOf[s] = fi; }
  });
  if (within) for (let s = 0; s < S; s++) if (!within(s)) { fails[s]++; failOf[s] = -2; }
  if (text) {
    const hit = new Uint8Array(N);
    text.hits.forEach((h, d) => { if (d < N) hit[d] = 1; });
    for (let s = 0; s < S; s++) if (!hit[svcProv[s]]) { fails[s]++; failOf[s] = -1; }
  }
  const providers = [];
  let last = -1;
  for (let s = 0; s < S; s++) {
    if (fails[s]) continue;
    const p = svcProv[s];
    if (p !== last) { providers.push(p); last = p; }
  }
  return {
    st, providers, text, fails, failOf, active,
    // Which of provider p's services matched, worked out only for the providers shown.
    matched(p) {
      const out = [];
      for (let k = provStart[p]; k < provStart[p + 1]; k++) if (!fails[k]) out.push(k - provStart[p]);
      return out;
    },
  };
}

// Puts `ps` (in name order) in the order asked for: best match, name, shortest wait (of the
// services that matched; "not stated" last) or most recently reviewed.
export function sortProviders(found, sort, c) {
  const ps = found.providers, text = found.text;
  if (sort === '' && text) {
    ps.sort((a, b) => text.hits.get(b).score - text.hits.get(a).score || a - b);
  } else if (sort === 'wait') {
    const wait = shortestWaits(found, c.wt);
    // Weeks + 1 of the shortest stated wait; "not stated" (none found) last.
    stableBy(ps, (p) => (wait[p] === 0xffffffff ? -1 : wait[p]), false);
  } else if (sort === 'reviewed') {
    stableBy(ps, (p) => c.rv[p], true);
  }
  // By name: providers are numbered in name order and collected in that order.
}
// Per provider found, the shortest stated wait (weeks + 1) of its matching services.
function shortestWaits(found, wt) {
  const { N, provStart } = ix, wait = new Uint32Array(N).fill(0xffffffff), fails = found.fails;
  const ps = found.providers;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    let best = 0xffffffff;
    for (let s = provStart[p]; s < provStart[p + 1]; s++) { const v = wt[s]; if (!fails[s] && v > 0 && v < best) best = v; }
    wait[p] = best;
  }
  return wait;
}
// The first `k` providers found, in order of shortest wait: what a wait sort would show
// first, so their records can be fetched before it is asked for.
export function firstByWait(found, wt, k) {
  const copy = { providers: found.providers.slice(), fails: found.fails, text: found.text };
  sortProviders(copy, 'wait', { wt });
  return copy.providers.slice(0, k);
}
// Sorts `ps` (in name order) by a small whole-number key, keeping name order among
// equals: a counting sort, one pass to count and one to place. A key of -1 goes last.
function stableBy(ps, keyOf, descending) {
  const n = ps.length, keys = new Int32Array(n);
  let lo = Infinity, hi = -1;
  for (let i = 0; i < n; i++) {
    const k = keyOf(ps[i]);
    keys[i] = k;
    if (k >= 0) { if (k < lo) lo = k; if (k > hi) hi = k; }
  }
  const span = hi < 0 ? 0 : hi - lo + 1;
  const rank = (k) => (k < 0 ? span : descending ? hi - k : k - lo);
  const start = new Uint32Array(span + 2);
  for (let i = 0; i < n; i++) start[rank(keys[i]) + 1]++;
  for (let i = 1; i <= span + 1; i++) start[i] += start[i - 1];
  const copy = ps.slice();
  for (let i = 0; i < n; i++) ps[start[rank(keys[i])]++] = copy[i];
}

// Live counts for facet `f`: for each option, how many providers would match with it
// chosen, given the other facets' choices (within a facet, options add up: "Hackney or
// Newham").
export function counts(f, found, c) {
  const { S, svcProv } = ix;
  const fi = found.active.indexOf(f);
  const out = new Uint32Array(f.options.length), last = new Int32Array(f.options.length).fill(-1);
  const vals = valuesOf(f, found.st, c);
  let p;
  const cb = (v) => { if (v >= 0 && last[v] !== p) { last[v] = p; out[v]++; } };
  for (let s = 0; s < S; s++) {
    const fl = found.fails[s];
    if (fl === 0 || (fl === 1 && fi >= 0 && found.failOf[s] === fi)) { p = svcProv[s]; vals(s, cb); }
  }
  return out;
}
