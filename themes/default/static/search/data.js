/* Data: the files src/index/search/ writes under search/data/, fetched at most once each and
 * decoded (see src/index/search/files.rs for the format). Every file but the manifest is
 * gzip-compressed and named by a hash of its family's bytes, so it may be cached for ever.
 */

// The manifest, once fetched; every other module reads it from here.
export const data = { M: null, dir: '' };

const cache = {};
export function bytes(name, init) {
  if (!cache[name]) {
    cache[name] = fetch(data.dir + name, init).then((r) => {
      if (!r.ok) throw new Error(name + ': ' + r.status);
      return r.arrayBuffer();
    }).then((buf) => {
      const b = new Uint8Array(buf);
      if (b[0] !== 0x1f || b[1] !== 0x8b) return b; // the server already decoded it
      const s = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Response(s).arrayBuffer().then((x) => new Uint8Array(x));
    }).catch((e) => {
      delete cache[name]; // an aborted or failed fetch may be asked for again
      throw e;
    });
  }
  return cache[name];
}
export function json(name, init) {
  return bytes(name, init).then((b) => JSON.parse(new TextDecoder().decode(b)));
}
export function manifest(dir) {
  data.dir = dir;
  return fetch(dir + 'manifest.json', { cache: 'no-cache' }).then((r) => {
    if (!r.ok) throw new Error('manifest: ' + r.status);
    return r.json();
  }).then((m) => { data.M = m; return m; });
}
// The file name of a stem (`c.iv`, `d.12`, `t.3`, `names`…) with its family's hash.
export function file(stem) {
  const fam = stem.charAt(1) === '.' && 'dts'.indexOf(stem.charAt(0)) >= 0 ? stem.charAt(0) : stem;
  return stem + '.' + data.M.hashes[fam] + '.dat';
}

// Columns: numbers (one per row) or lists (offsets into items).
const cols = {};
const ready = {}; // the columns decoded so far
const LISTS = { ar: 1, lg: 1, lt: 1, aw: 1, ps: 1 };
export function column(k, init) {
  if (!cols[k]) {
    cols[k] = bytes(file('c.' + k), init).then((b) => {
      // Straight into a typed array: a value takes at least one byte.
      let vals = new Uint32Array(b.length), m = 0, i = 0;
      const n = b.length;
      while (i < n) {
        let x = b[i++], v = x & 0x7f, scale = 128;
        while (x & 0x80) { x = b[i++]; v += (x & 0x7f) * scale; scale *= 128; }
        vals[m++] = v;
      }
      vals = vals.subarray(0, m);
      if (!LISTS[k]) return (ready[k] = vals);
      const off = [0], items = new Uint32Array(m);
      let j = 0, c = 0;
      while (j < m) {
        const len = vals[j++];
        for (let t = 0; t < len; t++) items[c++] = vals[j++];
        off.push(c);
      }
      return (ready[k] = { off: Uint32Array.from(off), items: items.subarray(0, c) });
    }, (e) => {
      delete cols[k];
      throw e;
    });
  }
  return cols[k];
}
// A column already decoded, or undefined: for work worth doing only if it is in.
export function columnNow(k) { return ready[k]; }
export function columns(keys) {
  return Promise.all(keys.map((k) => column(k))).then((vs) => {
    const o = {};
    keys.forEach((k, i) => { o[k] = vs[i]; });
    return o;
  });
}

// The term index: range shards, so a term's shard is found by binary search.
export function shardOf(term) {
  const f = data.M.shard_first;
  let lo = 0, hi = f.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (f[mid] <= term) lo = mid; else hi = mid - 1;
  }
  return lo;
}
const shards = {};
export function shard(i) {
  if (!shards[i]) {
    shards[i] = bytes(file('t.' + i)).then((b) => {
      let p = 0;
      const dec = new TextDecoder();
      const num = () => { let v = 0, s = 0, x; do { x = b[p++]; v += (x & 0x7f) * Math.pow(2, s); s += 7; } while (x & 0x80); return v; };
      const n = num(), terms = [], posts = [];
      for (let k = 0; k < n; k++) {
        const len = num();
        terms.push(dec.decode(b.subarray(p, p + len)));
        p += len;
        const count = num(), docs = new Uint32Array(count), masks = new Uint8Array(count);
        let d = 0;
        for (let j = 0; j < count; j++) { d += num(); docs[j] = d; masks[j] = num(); }
        posts.push({ docs, masks });
      }
      return { terms, posts };
    }, (e) => { delete shards[i]; throw e; });
  }
  return shards[i];
}

// The words of names and titles, for typing slips.
let namesList = null, namesP = null;
export function names() {
  if (namesList) return Promise.resolve(namesList);
  if (!namesP) namesP = json(file('names')).then((n) => { namesList = n; return n; }, (e) => { namesP = null; throw e; });
  return namesP;
}

// Display records: in groups, and the first pages of each order with their records. The
// fetches of groups still on their way are kept, so a newer search can cancel the ones it
// does not need, and they do not hold up its own on the browser's few connections.
const groups = {}, inFlight = {};
const known = []; // display records by provider, from the first-page files
const firstPages = {};
export function firstPage(sort, init) {
  if (!firstPages[sort]) {
    firstPages[sort] = json(file('f.' + sort), init).then((x) => {
      x[0].forEach((p, i) => { known[p] = x[1][i]; });
      return x[0];
    }, (e) => {
      delete firstPages[sort];
      throw e;
    });
  }
  return firstPages[sort];
}
function group(g, priority) {
  if (!groups[g]) {
    const ctl = window.AbortController ? new AbortController() : null;
    inFlight[g] = ctl;
    // The records drawn first go first (browsers without priorities ignore it).
    groups[g] = json(file('d.' + g), { signal: ctl ? ctl.signal : undefined, priority }).then((recs) => {
      delete inFlight[g];
      return recs;
    }, (e) => {
      delete inFlight[g];
      delete groups[g];
      throw e;
    });
  }
  return groups[g];
}
const groupOf = (p) => Math.floor(p / data.M.display_group);
// Promises of the records of providers `ps`, the first `first` of them fetched first.
// Fetches of groups no longer wanted are cancelled.
export function display(ps, first) {
  const want = {};
  ps.forEach((p) => { if (!known[p]) want[groupOf(p)] = 1; });
  Object.keys(inFlight).forEach((g) => { if (!want[g] && inFlight[g]) inFlight[g].abort(); });
  return ps.map((p, i) => {
    if (known[p]) return Promise.resolve(known[p]);
    const g = groupOf(p);
    return group(g, i < first ? 'high' : 'low').then((recs) => recs[p - g * data.M.display_group]);
  });
}
// Asks ahead, at a low priority, for the records of providers `ps` (those a likely next
// action shows first); a search that does not want them cancels them.
export function displayAhead(ps) {
  ps.forEach((p) => { if (!known[p]) group(groupOf(p), 'low').catch(() => {}); });
}
