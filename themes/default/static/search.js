/* Search and filters for the directory: progressive enhancement of the form in search.html.
 *
 * Without this script the page shows links to the pre-built lists. With it, the form filters
 * live: state lives in the URL (shareable), selected filters show as removable tags, counts
 * update, and only the data needed is fetched (see docs/SEARCH.md and src/index/search.rs,
 * which writes the files read here). No framework, no build step.
 */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !window.DecompressionStream || !window.URLSearchParams) return;

  var DATA = form.getAttribute('data-data');
  var BASE = form.getAttribute('data-base');
  var FIELD_NAMES = { 1: 'name', 2: 'kind of support', 4: 'summary', 8: 'area', 16: 'languages, accreditation or lots', 32: 'description' };
  var PAGE_FIELDS = { 1: 'title', 4: 'summary', 32: 'text' };
  var WEIGHT = { 1: 8, 2: 5, 4: 4, 8: 3, 16: 2, 32: 1 };
  var ONLINE_BIT = 2; // the order of DELIVERY in search.rs: in person, online, …
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var STOP = {};
  ('a an and are as at be but by for from has have in is it its of on or our so that the their them they this to us was we were which who will with you your')
    .split(' ').forEach(function (w) { STOP[w] = 1; });

  var $ = function (id) { return document.getElementById(id); };
  var results = $('results'), list = $('results-list'), status = $('results-status'), note = $('results-note');
  var pagesNav = $('results-pages'), pageResults = $('page-results'), pageList = $('page-results-list');
  var q = $('q');
  var toggle = $('filters-toggle'), panel = $('filter-panel');
  var DEFAULT_SORT = 'name'; // until the manifest says otherwise

  // ---------------------------------------------------------------------------------------
  // Fetching: every data file is gzip-compressed JSON or varint bytes, fetched at most once.
  var cache = {};
  function bytes(name, init) {
    if (!cache[name]) {
      cache[name] = fetch(DATA + name, init).then(function (r) {
        if (!r.ok) throw new Error(name + ': ' + r.status);
        return r.arrayBuffer();
      }).then(function (buf) {
        var b = new Uint8Array(buf);
        if (b[0] !== 0x1f || b[1] !== 0x8b) return b; // the server already decoded it
        var s = new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Response(s).arrayBuffer().then(function (x) { return new Uint8Array(x); });
      }).catch(function (e) {
        delete cache[name]; // an aborted or failed fetch may be asked for again
        throw e;
      });
    }
    return cache[name];
  }
  function json(name, init) {
    return bytes(name, init).then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  }
  var M = null; // the manifest
  function file(stem) {
    var fam = stem.charAt(1) === '.' && (stem.charAt(0) === 'd' || stem.charAt(0) === 't') ? stem.charAt(0) : stem;
    return stem + '.' + M.hashes[fam] + '.dat';
  }

  // Columns: numbers (one per row) or lists (offsets into items).
  var cols = {};
  var LISTS = { ar: 1, lg: 1, lt: 1, aw: 1 };
  function column(k, init) {
    if (!cols[k]) {
      cols[k] = bytes(file('c.' + k), init).then(function (b) {
        // Straight into a typed array: a value takes at least one byte.
        var vals = new Uint32Array(b.length), m = 0, i = 0, n = b.length;
        while (i < n) {
          var x = b[i++], v = x & 0x7f, scale = 128;
          while (x & 0x80) { x = b[i++]; v += (x & 0x7f) * scale; scale *= 128; }
          vals[m++] = v;
        }
        vals = vals.subarray(0, m);
        if (!LISTS[k]) return vals;
        var off = [0], items = new Uint32Array(m), j = 0, c = 0;
        while (j < m) {
          var len = vals[j++];
          for (var t = 0; t < len; t++) items[c++] = vals[j++];
          off.push(c);
        }
        return { off: Uint32Array.from(off), items: items.subarray(0, c) };
      }, function (e) {
        delete cols[k];
        throw e;
      });
    }
    return cols[k];
  }
  function columns(keys) {
    return Promise.all(keys.map(function (k) { return column(k); })).then(function (vs) {
      var o = {};
      keys.forEach(function (k, i) { o[k] = vs[i]; });
      return o;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Words: the same rules as src/index/search.rs.
  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/ß/g, 'ss').replace(/[øð]/g, function (c) { return c === 'ø' ? 'o' : 'd'; })
      .replace(/ł/g, 'l').replace(/đ/g, 'd').replace(/ı/g, 'i').replace(/['’]/g, '');
  }
  function words(s) {
    var m = fold(s).match(/[\p{L}\p{N}]+(?:\.(?=\d)\d+)*/gu) || [];
    var out = [];
    m.forEach(function (w) {
      // The index keeps a dot only between digits: "3.2" stays whole.
      if (/\./.test(w) && !/^\d+(\.\d+)+$/.test(w)) { out.push.apply(out, w.split('.')); } else { out.push(w); }
    });
    return out.filter(function (w) { return (w.length > 1 || /^\d$/.test(w)) && !STOP[w]; });
  }
  function stem(w) {
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + 'y';
    if (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var c = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) c = Math.min(c, prevprev[j - 2] + 1);
        cur[j] = c;
        if (c < best) best = c;
      }
      if (best > max) return max + 1;
      var prevprev = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The term index: range shards, so a term's shard is found by binary search.
  function shardOf(term) {
    var f = M.shard_first, lo = 0, hi = f.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (f[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  var shards = {};
  function shard(i) {
    if (!shards[i]) {
      shards[i] = bytes(file('t.' + i)).then(function (b) {
        var p = 0, dec = new TextDecoder();
        function num() { var v = 0, s = 0, x; do { x = b[p++]; v += (x & 0x7f) * Math.pow(2, s); s += 7; } while (x & 0x80); return v; }
        var n = num(), terms = [], posts = [];
        for (var k = 0; k < n; k++) {
          var len = num();
          terms.push(dec.decode(b.subarray(p, p + len)));
          p += len;
          var count = num(), docs = new Uint32Array(count), masks = new Uint8Array(count), d = 0;
          for (var j = 0; j < count; j++) { d += num(); docs[j] = d; masks[j] = num(); }
          posts.push({ docs: docs, masks: masks });
        }
        return { terms: terms, posts: posts };
      });
    }
    return shards[i];
  }

  // Matches for one query word: exact (stemmed), then as a prefix, then close names.
  function matchWord(w, names) {
    var exact = stem(w);
    var want = [shardOf(exact)];
    var last = shardOf(w + '\uffff');
    if (w.length >= 2 && last - shardOf(w) < 4) for (var i = shardOf(w); i <= last; i++) if (want.indexOf(i) < 0) want.push(i);
    var close = [];
    if (w.length >= 4 && names) {
      var max = w.length >= 8 ? 2 : 1;
      names.forEach(function (n) { if (n !== exact && n.indexOf(w) !== 0 && distance(w, n, max) <= max) close.push(n); });
      close.forEach(function (n) { var s = shardOf(n); if (want.indexOf(s) < 0) want.push(s); });
    }
    return Promise.all(want.map(shard)).then(function (ss) {
      var hits = new Map(), corrected = [];
      function add(post, weight, term) {
        for (var j = 0; j < post.docs.length; j++) {
          var d = post.docs[j], m = post.masks[j], best = 0;
          for (var bit = 1; bit <= 32; bit <<= 1) if (m & bit) best = Math.max(best, WEIGHT[bit]);
          var h = hits.get(d);
          if (!h) { h = { score: 0, fields: 0, terms: [] }; hits.set(d, h); }
          h.score = Math.max(h.score, best * weight);
          h.fields |= m;
          if (h.terms.indexOf(term) < 0) h.terms.push(term);
        }
      }
      ss.forEach(function (s) {
        s.terms.forEach(function (t, k) {
          if (t === exact) add(s.posts[k], 1, t);
          else if (w.length >= 2 && t.indexOf(w) === 0) add(s.posts[k], 0.7, t);
          else if (close.indexOf(t) >= 0) { add(s.posts[k], 0.5, t); corrected.push(t); }
        });
      });
      return { hits: hits, corrected: corrected };
    });
  }

  var namesList = null, namesP = null;
  function names() {
    if (!namesP) namesP = json(file('names')).then(function (n) { namesList = n; return n; }, function (e) { namesP = null; throw e; });
    return namesP;
  }
  function textSearch(query) {
    var ws = words(query);
    if (!ws.length) return Promise.resolve(null);
    var needNames = ws.some(function (w) { return w.length >= 4; });
    var namesP = needNames ? (namesList ? Promise.resolve(namesList) : names()) : Promise.resolve(null);
    return namesP.then(function (names) {
      return Promise.all(ws.map(function (w) { return matchWord(w, names); }));
    }).then(function (per) {
      // Every word must match; a document's score adds up its best field per word.
      per.sort(function (a, b) { return a.hits.size - b.hits.size; });
      var out = new Map();
      per[0].hits.forEach(function (h, d) {
        var score = h.score, fields = h.fields, terms = h.terms.slice();
        for (var k = 1; k < per.length; k++) {
          var o = per[k].hits.get(d);
          if (!o) return;
          score += o.score; fields |= o.fields;
          o.terms.forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
        }
        out.set(d, { score: score, fields: fields, terms: terms });
      });
      var corrected = [];
      per.forEach(function (p) { p.corrected.forEach(function (t) { if (corrected.indexOf(t) < 0) corrected.push(t); }); });
      return { hits: out, words: ws, corrected: corrected };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Facets: which columns each needs, its options, and what a service's values are.
  var FACET_COLS = { intervention: ['iv'], area: ['ar', 'dl'], age: ['af', 'at'], accepting: ['ac'], lot: ['lt'], scheme: ['aw'], delivery: ['dl'], funding: ['fd'], organisation: ['og'], language: ['lg'] };
  var PROVIDER_LEVEL = { scheme: 1, organisation: 1 };
  var facets = []; // {id, label, options: [[param, value, label]], index: {param=value: i}}
  var svcProv, provStart, S, N;
  var areaDown = []; // per area: itself and every area inside it
  var areaUp = [];
  var ivOption = [], groupOption = [], areaOption = [];

  function prepare() {
    N = M.providers;
    facets = M.facets.map(function (f) {
      var index = {};
      f.options.forEach(function (o, i) { index[o[0] + '=' + o[1]] = i; });
      return { id: f.id, label: f.label, options: f.options, index: index };
    });
    M.areas.forEach(function (a, i) { areaDown[i] = [i]; areaUp[i] = [i]; });
    M.areas.forEach(function (a, i) {
      var p = a[1], seen = 0;
      while (p !== null && p !== undefined && seen++ < 64) { areaDown[p].push(i); areaUp[i].push(p); p = M.areas[p][1]; }
    });
    var iv = facetById('intervention');
    if (iv) {
      var slugs = iv.options.filter(function (o) { return o[0] === 'group'; });
      M.interventions.forEach(function (x, i) {
        var k = iv.index['intervention=' + x[2]];
        ivOption[i] = k === undefined ? -1 : k;
        var g = x[1] !== null && slugs[x[1]] ? iv.index['group=' + slugs[x[1]][1]] : undefined;
        groupOption[i] = g === undefined ? -1 : g;
      });
    }
    var ar = facetById('area');
    M.areas.forEach(function (a, i) { areaOption[i] = ar ? ar.index['area=' + a[2]] : -1; });
    return column('sp').then(function (sp) {
      S = 0;
      provStart = new Uint32Array(N + 1);
      for (var p = 0; p < N; p++) { provStart[p] = S; S += sp[p]; }
      provStart[N] = S;
      svcProv = new Uint32Array(S);
      for (p = 0; p < N; p++) for (var s = provStart[p]; s < provStart[p + 1]; s++) svcProv[s] = p;
    });
  }
  function facetById(id) { for (var i = 0; i < facets.length; i++) if (facets[i].id === id) return facets[i]; return null; }

  function statusStates(st) {
    if (st === 'expiring') return [1];
    if (st === 'lapsed') return [2, 3, 4];
    if (st === 'any') return [0, 1, 2, 3, 4];
    return [0, 1];
  }

  // A test over services for one facet's selection, or null when nothing is selected.
  function facetTest(f, state, c) {
    var sel = state.selected[f.id] || [];
    if (f.id === 'age') {
      if (state.age === '') return null;
      var age = +state.age;
      return function (s) { return c.af[s] <= age && age <= c.at[s]; };
    }
    if (f.id === 'scheme') {
      var states = statusStates(state.status);
      if (!sel.length && !state.status) return null;
      var schemes = sel.length ? sel : null;
      return function (s) {
        var p = svcProv[s], a = c.aw;
        for (var k = a.off[p]; k < a.off[p + 1]; k++) {
          var v = a.items[k], sc = v >> 3;
          if (states.indexOf(v & 7) >= 0 && (!schemes || schemes.indexOf(sc) >= 0)) return true;
        }
        return false;
      };
    }
    if (!sel.length) return null;
    var on = new Uint8Array(f.options.length);
    sel.forEach(function (i) { on[i] = 1; });
    if (f.id === 'intervention') {
      // Per kind of support, once: is it chosen, itself or through its group?
      var ok = new Uint8Array(M.interventions.length);
      for (var i = 0; i < ok.length; i++) ok[i] = (ivOption[i] >= 0 && on[ivOption[i]]) || (groupOption[i] >= 0 && on[groupOption[i]]) ? 1 : 0;
      return function (s) { return ok[c.iv[s]] === 1; };
    }
    // One callback for every service: this runs over twenty thousand of them.
    var vals = valuesOf(f, state, c), hit = false;
    var cb = function (v) { if (on[v]) hit = true; };
    return function (s) {
      hit = false;
      vals(s, cb);
      return hit;
    };
  }

  // Calls back with each option index a service has in a facet.
  function valuesOf(f, state, c) {
    switch (f.id) {
      case 'intervention': return function (s, cb) { var i = c.iv[s]; if (ivOption[i] >= 0) cb(ivOption[i]); if (groupOption[i] >= 0) cb(groupOption[i]); };
      case 'area': return function (s, cb) {
        if (c.dl[s] & ONLINE_BIT) cb(0);
        var a = c.ar;
        // A service named at an area is offered anywhere in the areas above it and inside it.
        for (var k = a.off[s]; k < a.off[s + 1]; k++) { var d = areaDown[a.items[k]], u = areaUp[a.items[k]], j; for (j = 0; j < d.length; j++) cb(areaOption[d[j]]); for (j = 1; j < u.length; j++) cb(areaOption[u[j]]); }
      };
      case 'age': return function (s, cb) { for (var x = c.af[s]; x <= c.at[s]; x++) cb(x); };
      case 'accepting': return function (s, cb) { if (c.ac[s]) cb(0); };
      case 'lot': case 'language': return function (s, cb) { var a = f.id === 'lot' ? c.lt : c.lg; for (var k = a.off[s]; k < a.off[s + 1]; k++) cb(a.items[k]); };
      case 'scheme': return function (s, cb) {
        var states = statusStates(state.status), p = svcProv[s], a = c.aw;
        for (var k = a.off[p]; k < a.off[p + 1]; k++) if (states.indexOf(a.items[k] & 7) >= 0) cb(a.items[k] >> 3);
      };
      case 'delivery': return function (s, cb) { for (var b = 0; b < M.delivery.length; b++) if (c.dl[s] & (1 << b)) cb(b); };
      case 'funding': return function (s, cb) { for (var b = 0; b < 5; b++) if (c.fd[s] & (1 << b)) cb(b); };
      case 'organisation': return function (s, cb) { var o = c.og[svcProv[s]]; if (o & 1) cb(0); if (o & 2) cb(1); };
    }
    return function () {};
  }

  // ---------------------------------------------------------------------------------------
  // State: the URL is the truth; the form mirrors it.
  function readState(params) {
    var st = { q: params.get('q') || '', age: params.get('age') || '', status: params.get('status') || '', sort: params.get('sort') || '', page: Math.max(1, parseInt(params.get('page'), 10) || 1), selected: {} };
    facets.forEach(function (f) {
      var sel = [];
      f.options.forEach(function (o, i) { if (params.getAll(o[0]).indexOf(o[1]) >= 0) sel.push(i); });
      st.selected[f.id] = sel;
    });
    if (st.age !== '' && !/^\d+$/.test(st.age)) st.age = '';
    if (['', 'expiring', 'lapsed', 'any'].indexOf(st.status) < 0) st.status = '';
    if (['', 'name', 'wait', 'reviewed'].indexOf(st.sort) < 0) st.sort = '';
    return st;
  }
  function stateParams(st) {
    var p = new URLSearchParams();
    if (st.q) p.set('q', st.q);
    facets.forEach(function (f) {
      if (f.id === 'age') { if (st.age !== '') p.set('age', st.age); return; }
      (st.selected[f.id] || []).forEach(function (i) { p.append(f.options[i][0], f.options[i][1]); });
      if (f.id === 'scheme' && st.status) p.set('status', st.status);
    });
    if (st.sort) p.set('sort', st.sort);
    if (st.page > 1) p.set('page', String(st.page));
    return p;
  }
  function url(st) {
    var s = stateParams(st).toString();
    return location.pathname + (s ? '?' + s : '');
  }
  function formToState() {
    return readState(new URLSearchParams(new FormData(form)));
  }
  // Every checkbox with its facet and option, looked up once.
  var boxes = null;
  function stateToForm(st) {
    if (q.value !== st.q) q.value = st.q;
    if (!boxes) {
      boxes = Array.prototype.map.call(form.querySelectorAll('input[type=checkbox]'), function (box) {
        var f = facetById(box.closest('[data-facet]').getAttribute('data-facet'));
        return { box: box, f: f, i: f ? f.index[box.name + '=' + box.value] : undefined };
      });
    }
    boxes.forEach(function (b) {
      var on = b.i !== undefined && (st.selected[b.f.id] || []).indexOf(b.i) >= 0;
      if (b.box.checked !== on) b.box.checked = on;
    });
    var age = $('f-age'); if (age) age.value = st.age;
    var status = $('f-status'); if (status) status.value = st.status;
    $('sort').value = st.sort;
    Array.prototype.forEach.call(form.querySelectorAll('details.facet'), function (d) {
      var n = (st.selected[d.getAttribute('data-facet')] || []).length;
      var shown = d.querySelector('.facet-selected'), text = n ? '(' + n + ' selected)' : '';
      if (shown.textContent !== text) shown.textContent = text;
      if (n) d.open = true;
    });
  }

  // ---------------------------------------------------------------------------------------
  // Running a search.
  var runId = 0;
  var current = null;
  function run(st, focusTarget) {
    var id = ++runId;
    // For tests and anyone curious: which run was asked for, and which one is on screen.
    form.setAttribute('data-run', String(id));
    var active = facets.filter(function (f) {
      return f.id === 'age' ? st.age !== '' : f.id === 'scheme' ? (st.selected.scheme.length || st.status) : (st.selected[f.id] || []).length;
    });
    var need = [];
    active.forEach(function (f) { FACET_COLS[f.id].forEach(function (k) { if (need.indexOf(k) < 0) need.push(k); }); });
    var sort = st.sort || (st.q ? '' : DEFAULT_SORT);
    // The first page of the whole directory, in any order, is one file with its records:
    // no sort column and no display groups to wait for.
    var first = !active.length && !st.q && st.page === 1 && M.hashes['f.' + sort] ? firstPage(sort) : null;
    if (sort === 'wait' && !first) need.push('wt');
    if (sort === 'reviewed' && !first) need.push('rv');
    return Promise.all([columns(need), textSearch(st.q), first]).then(function (got) {
      if (id !== runId) return;
      var c = got[0], text = got[1], firstIds = got[2];
      var tests = active.map(function (f) { return facetTest(f, st, c); });
      var fails = new Uint8Array(S), failOf = new Int8Array(S);
      tests.forEach(function (t, fi) {
        if (!t) return;
        for (var s = 0; s < S; s++) if (!t(s)) { fails[s]++; failOf[s] = fi; }
      });
      if (text) {
        var hit = new Uint8Array(N);
        text.hits.forEach(function (h, d) { if (d < N) hit[d] = 1; });
        for (var s = 0; s < S; s++) if (!hit[svcProv[s]]) { fails[s]++; failOf[s] = -1; }
      }
      // Providers with at least one service passing every filter, in name order (the order
      // they are numbered in), with the shortest stated wait of those services when sorting
      // by wait. Which services matched is worked out only for the providers shown.
      var providers = [], last = -1, wait = sort === 'wait' && !firstIds ? new Uint32Array(N).fill(0xffffffff) : null;
      for (s = 0; s < S; s++) {
        if (fails[s]) continue;
        var p = svcProv[s];
        if (p !== last) { providers.push(p); last = p; }
        if (wait) { var v = c.wt[s]; if (v > 0 && v < wait[p]) wait[p] = v; }
      }
      var matched = {
        get: function (p) {
          var out = [];
          for (var k = provStart[p]; k < provStart[p + 1]; k++) if (!fails[k]) out.push(k - provStart[p]);
          return out;
        },
      };
      if (firstIds) {
        // Only the first page is in the file's order; a later page runs again with the column.
        var onFirst = new Uint8Array(N);
        firstIds.forEach(function (p) { onFirst[p] = 1; });
        providers = firstIds.concat(providers.filter(function (p) { return !onFirst[p]; }));
      } else sortProviders(providers, sort, text, c, wait);
      current = { st: st, providers: providers, matched: matched, text: text, fails: fails, failOf: failOf, active: active };
      // The counts beside the options wait until the first results are on screen.
      return render(st, providers, matched, text, id, focusTarget, function () {
        afterPaint(function () { if (id === runId) updateCounts(id); });
      });
    }).catch(function (e) {
      if (id !== runId) return;
      status.textContent = 'Sorry, the search could not load (' + e.message + '). Use the lists of providers instead.';
    });
  }

  function sortProviders(ps, sort, text, c, wait) {
    if (sort === '' && text) {
      ps.sort(function (a, b) { return text.hits.get(b).score - text.hits.get(a).score || a - b; });
    } else if (sort === 'wait') {
      // Weeks + 1 of the shortest stated wait; "not stated" (none found) last.
      stableBy(ps, function (p) { return wait[p] === 0xffffffff ? -1 : wait[p]; }, false);
    } else if (sort === 'reviewed') {
      stableBy(ps, function (p) { return c.rv[p]; }, true);
    }
    // By name: providers are numbered in name order and collected in that order.
  }
  // Sorts `ps` (in name order) by a small whole-number key, keeping name order among
  // equals: a counting sort, one pass to count and one to place. A key of -1 goes last.
  function stableBy(ps, keyOf, descending) {
    var n = ps.length, keys = new Int32Array(n), lo = Infinity, hi = -1;
    for (var i = 0; i < n; i++) {
      var k = keyOf(ps[i]);
      keys[i] = k;
      if (k >= 0) { if (k < lo) lo = k; if (k > hi) hi = k; }
    }
    var span = hi < 0 ? 0 : hi - lo + 1;
    var rank = function (k) { return k < 0 ? span : descending ? hi - k : k - lo; };
    var start = new Uint32Array(span + 2);
    for (i = 0; i < n; i++) start[rank(keys[i]) + 1]++;
    for (i = 1; i <= span + 1; i++) start[i] += start[i - 1];
    var copy = ps.slice();
    for (i = 0; i < n; i++) ps[start[rank(keys[i])]++] = copy[i];
  }

  // Display groups, and the fetches of those still on their way: a newer search cancels
  // the ones it does not need, so they do not hold up its own on the browser's few
  // connections to the server.
  var groups = {}, inFlight = {};
  var known = []; // display records by provider, from the first-page files
  var firstPages = {};
  function firstPage(sort, init) {
    if (!firstPages[sort]) {
      firstPages[sort] = json(file('f.' + sort), init).then(function (x) {
        x[0].forEach(function (p, i) { known[p] = x[1][i]; });
        return x[0];
      }, function (e) {
        delete firstPages[sort];
        throw e;
      });
    }
    return firstPages[sort];
  }
  function group(g, first) {
    if (!groups[g]) {
      var ctl = window.AbortController ? new AbortController() : null;
      inFlight[g] = ctl;
      // The records drawn first go first (browsers without priorities ignore it).
      groups[g] = json(file('d.' + g), { signal: ctl ? ctl.signal : undefined, priority: first ? 'high' : 'low' }).then(function (recs) {
        delete inFlight[g];
        return recs;
      }, function (e) {
        delete inFlight[g];
        delete groups[g];
        throw e;
      });
    }
    return groups[g];
  }
  function displayAll(ps) {
    var want = {};
    ps.forEach(function (p) { if (!known[p]) want[Math.floor(p / M.display_group)] = 1; });
    Object.keys(inFlight).forEach(function (g) { if (!want[g] && inFlight[g]) inFlight[g].abort(); });
    return ps.map(function (p, i) {
      if (known[p]) return Promise.resolve(known[p]);
      var g = Math.floor(p / M.display_group);
      return group(g, i < FIRST).then(function (recs) { return recs[p - g * M.display_group]; });
    });
  }
  // Runs `fn` once the browser has painted what is in the document now.
  function afterPaint(fn) {
    requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(fn, 0); }); });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (ch) { if (ch !== null && ch !== undefined) e.appendChild(typeof ch === 'string' ? document.createTextNode(ch) : ch); });
    return e;
  }
  function longDate(iso) {
    if (!iso) return '';
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
  }
  function weeks(w) {
    if (w === null || w === undefined) return 'wait not stated';
    return w === 0 ? 'no wait' : w === 1 ? 'wait about 1 week' : 'wait about ' + w + ' weeks';
  }
  // Text with the matched words marked.
  function marked(text, terms) {
    var e = document.createDocumentFragment();
    if (!terms || !terms.length) { e.appendChild(document.createTextNode(text)); return e; }
    var folded = fold(text);
    if (folded.length !== text.length) { e.appendChild(document.createTextNode(text)); return e; }
    var re = new RegExp('(^|[^\\p{L}\\p{N}])(' + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }).join('|') + ')', 'gu');
    var last = 0, m;
    while ((m = re.exec(folded))) {
      var start = m.index + m[1].length, end = start + m[2].length;
      e.appendChild(document.createTextNode(text.slice(last, start)));
      e.appendChild(el('mark', { text: text.slice(start, end) }));
      last = end;
      if (re.lastIndex === m.index) re.lastIndex++;
    }
    e.appendChild(document.createTextNode(text.slice(last)));
    return e;
  }
  function fieldsText(mask, names) {
    var out = [];
    Object.keys(names).forEach(function (b) { if (mask & +b) out.push(names[b]); });
    return out.join(', ');
  }

  function resultItem(p, rec, services, hit) {
    var name = rec[0], id = rec[1], summary = rec[2], reviewed = rec[3], lots = rec[4], awards = rec[5], svcs = rec[6];
    var terms = hit ? hit.terms : null;
    var li = el('li', { 'class': 'result' });
    li.appendChild(el('h3', { 'class': 'provider-name' }, [el('a', { href: BASE + 'providers/' + id + '/' }, [marked(name, terms)])]));
    li.appendChild(el('p', null, [marked(summary, terms)]));
    if (hit) li.appendChild(el('p', { 'class': 'why' }, ['Matched ' + hit.terms.map(function (t) { return '“' + t + '”'; }).join(', ') + ' in: ' + fieldsText(hit.fields, FIELD_NAMES) + '.']));
    var ul = el('ul', { 'class': 'result-services' });
    var shown = services.slice(0, 4);
    shown.forEach(function (k) {
      var s = svcs[k];
      var bits = [];
      bits.push('ages ' + s[1] + ' to ' + s[2]);
      bits.push(s[3].map(function (d) { return M.delivery[d]; }).join(', ').toLowerCase());
      if (s[4].length) bits.push(s[4].map(function (a) { return M.areas[a][0]; }).join(', '));
      bits.push(weeks(s[5]));
      ul.appendChild(el('li', null, [
        el('strong', { text: M.interventions[s[0]][0] }), ': ' + bits.join(' · ') + ' ',
        el('span', { 'class': s[6] ? 'tag tag-yes' : 'tag tag-no', text: s[6] ? 'Accepting referrals' : 'Not accepting referrals' }),
      ]));
    });
    li.appendChild(el('p', { 'class': 'meta' }, [services.length === svcs.length ? 'Services:' : services.length + ' of ' + svcs.length + ' services match your filters:']));
    li.appendChild(ul);
    if (services.length > shown.length) li.appendChild(el('p', { 'class': 'meta', text: 'and ' + (services.length - shown.length) + ' more on their page.' }));
    var facts = el('dl', { 'class': 'result-facts' });
    // Only the lots that buy the kinds of support that matched.
    var ivs = services.map(function (k) { return svcs[k][0]; });
    lots = lots.filter(function (l) { var x = M.lots[l][4]; return !x.length || x.some(function (i) { return ivs.indexOf(i) >= 0; }); });
    var lotText = lots.map(function (l) {
      var x = M.lots[l];
      return 'Lot ' + x[0] + ': ' + x[1] + ' (' + M.frameworks[x[2]][0] + '; call-off: ' + x[3].toLowerCase() + ')';
    });
    facts.appendChild(el('div', null, [el('dt', { text: 'On lots' }), el('dd', { text: lotText.length ? lotText.join('; ') : 'Not on an active lot' })]));
    var current = awards.filter(function (a) { return a[1] <= 1; });
    facts.appendChild(el('div', null, [el('dt', { text: 'Accreditation today' }), el('dd', null, [
      current.length ? el('span', { 'class': 'status-current', text: current.map(function (a) { return M.schemes[a[0]] + (a[2] ? ' (to ' + longDate(a[2]) + ')' : ''); }).join('; ') })
        : el('span', { 'class': 'status-expired', text: 'None current' })])]));
    facts.appendChild(el('div', null, [el('dt', { text: 'Last reviewed' }), el('dd', { text: longDate(reviewed) })]));
    li.appendChild(facts);
    return li;
  }

  // How many results are drawn as soon as their records arrive: more than a phone or a
  // laptop screen shows above the fold. The rest of the page follows when its records do.
  var FIRST = 4;
  function render(st, providers, matched, text, id, focusTarget, onShown) {
    var per = M.per_page || 20;
    var pages = Math.max(1, Math.ceil(providers.length / per));
    var page = Math.min(st.page, pages);
    var slice = providers.slice((page - 1) * per, page * per);
    var docs = text ? Array.from(text.hits.keys()).filter(function (d) { return d >= N; }) : [];
    var pagesP = docs.length ? json(file('pages')) : Promise.resolve(null);
    var recsP = displayAll(slice);
    function add(from, recs) {
      var frag = document.createDocumentFragment();
      recs.forEach(function (rec, i) {
        var p = slice[from + i];
        frag.appendChild(resultItem(p, rec, matched.get(p), text ? text.hits.get(p) : null));
      });
      list.appendChild(frag);
    }
    return Promise.all(recsP.slice(0, FIRST)).then(function (recs) {
      if (id !== runId) return;
      list.textContent = '';
      add(0, recs);
      list.setAttribute('start', String((page - 1) * per + 1));
      var n = providers.length;
      var words = n === 1 ? '1 provider' : n.toLocaleString('en-GB') + ' providers';
      status.textContent = n === 0 ? 'No providers match. Remove a filter or try other words.'
        : words + (filtersOn(st) || st.q ? ' match' + (n === 1 ? 'es' : '') : ' in the directory') + (pages > 1 ? ', page ' + page + ' of ' + pages : '') + '.';
      if (text && text.corrected.length) {
        note.hidden = false;
        note.textContent = 'Also showing names close to what you typed: ' + text.corrected.join(', ') + '.';
      } else note.hidden = true;
      renderPager(st, page, pages);
      renderTags(st);
      pageList.textContent = '';
      pageResults.hidden = true;
      if (focusTarget) { var t = $(focusTarget); if (t) t.focus(); }
      form.setAttribute('data-shown', String(id));
      onShown();
      // Even when the rest of the page is already known, it waits for the next task after
      // a frame: the first frame then lays out four results, not twenty.
      var frame = new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
      return Promise.all([Promise.all(recsP.slice(FIRST)), pagesP, frame]);
    }).then(function (got) {
      if (!got || id !== runId) return;
      add(FIRST, got[0]);
      var pageDocs = got[1];
      // Pages about the search: standards, guides, kinds of support…
      if (pageDocs && docs.length) {
        docs.sort(function (a, b) { return text.hits.get(b).score - text.hits.get(a).score || a - b; });
        docs.slice(0, 8).forEach(function (d) {
          var doc = pageDocs[d - N], hit = text.hits.get(d);
          pageList.appendChild(el('li', null, [
            el('h3', { 'class': 'provider-name' }, [el('a', { href: BASE + doc[2] }, [marked(doc[1], hit.terms)])]),
            el('p', { 'class': 'meta', text: doc[0] }),
            doc[3] ? el('p', null, [marked(doc[3], hit.terms)]) : null,
            el('p', { 'class': 'why', text: 'Matched in: ' + fieldsText(hit.fields, PAGE_FIELDS) + '.' }),
          ]));
        });
        pageResults.hidden = false;
      }
      form.setAttribute('data-complete', String(id));
    });
  }

  function filtersOn(st) {
    return facets.some(function (f) { return (st.selected[f.id] || []).length; }) || st.age !== '' || st.status;
  }

  function renderPager(st, page, pages) {
    pagesNav.textContent = '';
    pagesNav.hidden = pages <= 1;
    if (pages <= 1) return;
    var ul = el('ul');
    function link(n, label, rel) {
      var s = Object.assign({}, st, { page: n });
      var a = el('a', { href: url(s), 'data-page': String(n) }, label);
      if (rel) a.setAttribute('rel', rel);
      if (n === page && !rel) a.setAttribute('aria-current', 'page');
      ul.appendChild(el('li', null, [a]));
    }
    if (page > 1) link(page - 1, ['Previous', el('span', { 'class': 'visually-hidden', text: ' page' })], 'prev');
    var from = Math.max(1, page - 2), to = Math.min(pages, page + 2);
    if (from > 1) link(1, [el('span', { 'class': 'visually-hidden', text: 'Page ' }), '1']);
    for (var n = from; n <= to; n++) link(n, [el('span', { 'class': 'visually-hidden', text: 'Page ' }), String(n)]);
    if (to < pages) link(pages, [el('span', { 'class': 'visually-hidden', text: 'Page ' }), String(pages)]);
    if (page < pages) link(page + 1, ['Next', el('span', { 'class': 'visually-hidden', text: ' page' })], 'next');
    pagesNav.appendChild(ul);
  }

  function renderTags(st) {
    var box = $('selected-tags');
    box.textContent = '';
    var any = false;
    function group(label, items) {
      if (!items.length) return;
      any = true;
      box.appendChild(el('h4', { 'class': 'tag-group', text: label }));
      var ul = el('ul', { 'class': 'filter-tags' });
      items.forEach(function (it) {
        ul.appendChild(el('li', null, [el('a', { 'class': 'filter-tag', href: url(it[1]) }, [
          el('span', { 'class': 'visually-hidden', text: 'Remove this filter: ' }), it[0]])]));
      });
      box.appendChild(ul);
    }
    facets.forEach(function (f) {
      var items = [];
      if (f.id === 'age') {
        if (st.age !== '') items.push(['Age ' + st.age, Object.assign({}, st, { age: '', page: 1 })]);
      } else {
        (st.selected[f.id] || []).forEach(function (i) {
          var sel = {};
          Object.keys(st.selected).forEach(function (k) { sel[k] = st.selected[k].filter(function (x) { return k !== f.id || x !== i; }); });
          items.push([f.options[i][2], Object.assign({}, st, { selected: sel, page: 1 })]);
        });
        if (f.id === 'scheme' && st.status) {
          var label = $('f-status').querySelector('option[value="' + st.status + '"]').textContent;
          items.push(['Award status: ' + label, Object.assign({}, st, { status: '', page: 1 })]);
        }
      }
      group(f.label, items);
    });
    $('selected-filters').hidden = !any;
    var n = box.querySelectorAll('.filter-tag').length;
    $('filters-toggle-count').textContent = n ? ' (' + n + ' selected)' : '';
    var clear = Object.assign({}, st, { selected: {}, age: '', status: '', page: 1 });
    $('clear-filters').setAttribute('href', url(clear));
  }

  // Live counts: for each option, how many providers would match with it chosen, given the
  // other facets' choices (within a facet, options add up: "Hackney or Newham").
  // Only for the facets on show (the plain ones and any opened), so opening the page
  // downloads the columns it needs and no more.
  function shownFacets() {
    return facets.filter(function (f) {
      var root = form.querySelector('[data-facet="' + f.id + '"]');
      return root && (root.tagName !== 'DETAILS' || root.open);
    });
  }
  function updateCounts(id, only) {
    var show = only || shownFacets();
    var need = show.map(function (f) { return FACET_COLS[f.id]; }).reduce(function (a, b) { return a.concat(b); }, []);
    columns(need).then(function (c) {
      if (id !== runId || !current) return;
      var cur = current;
      show.forEach(function (f) {
        var fi = cur.active.indexOf(f);
        var counts = new Uint32Array(f.options.length), last = new Int32Array(f.options.length).fill(-1);
        var vals = valuesOf(f, cur.st, c);
        var p;
        var cb = function (v) { if (v >= 0 && last[v] !== p) { last[v] = p; counts[v]++; } };
        for (var s = 0; s < S; s++) {
          var fl = cur.fails[s];
          if (fl === 0 || (fl === 1 && fi >= 0 && cur.failOf[s] === fi)) { p = svcProv[s]; vals(s, cb); }
        }
        var root = form.querySelector('[data-facet="' + f.id + '"]');
        if (!root) return;
        if (f.id === 'age') {
          var opts = root.querySelectorAll('option');
          for (var k = 1; k < opts.length; k++) opts[k].textContent = f.options[k - 1][2] + ' (' + counts[k - 1] + ')';
          return;
        }
        Array.prototype.forEach.call(root.querySelectorAll('.facet-count'), function (span) {
          var n = counts[+span.getAttribute('data-option')];
          span.textContent = '(' + n + ')';
          span.parentNode.parentNode.classList.toggle('facet-none', n === 0);
        });
      });
    });
  }

  // ---------------------------------------------------------------------------------------
  // On a narrow screen the filters come before the results, so they fold away behind a
  // button; the selected filters' tags and the count of results stay in view. Without
  // this script, or on a wide screen, the panel is simply open.
  var narrow = window.matchMedia ? window.matchMedia('(max-width: 48rem)') : null;
  var panelWanted = false; // the reader's choice on a narrow screen
  function layoutFilters() {
    var small = !!(narrow && narrow.matches);
    var open = !small || panelWanted;
    // Focus must not vanish with the panel: it goes to the button that reopens it.
    if (!open && panel.contains(document.activeElement)) toggle.focus();
    toggle.hidden = !small;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.querySelector('.filters-toggle-text').textContent = open ? 'Hide filters' : 'Show filters';
  }
  toggle.addEventListener('click', function () {
    panelWanted = toggle.getAttribute('aria-expanded') !== 'true';
    layoutFilters();
    if (panelWanted) facetAhead('intervention');
  });
  if (narrow) {
    if (narrow.addEventListener) narrow.addEventListener('change', layoutFilters);
    else if (narrow.addListener) narrow.addListener(layoutFilters);
  }

  // ---------------------------------------------------------------------------------------
  // Wiring.
  function go(st, push, focusTarget) {
    var u = url(st);
    if (u !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', u);
    return run(st, focusTarget);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    // On a phone, applying the filters means wanting to see the results.
    if (panelWanted && narrow && narrow.matches) { panelWanted = false; layoutFilters(); }
    go(formToState(), true, 'results-title');
  });
  // Data a reader is about to need, fetched when they reach for the control: the words of
  // names (for typing slips) when the search box gets focus, a facet's columns when the
  // pointer or focus reaches it, the other orders when the sort control is reached (for the
  // whole directory, their first pages; for a narrower list, their columns).
  var quiet = function () {};
  var LOW = { priority: 'low' };
  function sortsAhead(sorts, st) {
    var plain = st && !filtersOn(st) && !st.q;
    sorts.forEach(function (sort) {
      if (plain && M.hashes['f.' + sort]) firstPage(sort, LOW).catch(quiet);
      else column(sort === 'wait' ? 'wt' : 'rv', LOW).catch(quiet);
    });
  }
  q.addEventListener('focus', function () { if (M) names().catch(quiet); });
  ['focus', 'pointerenter', 'pointerdown'].forEach(function (type) {
    $('sort').addEventListener(type, function () { if (M) sortsAhead(['wait', 'reviewed'], current && current.st); });
  });
  function facetAhead(id) {
    if (M && FACET_COLS[id] && facetById(id)) FACET_COLS[id].forEach(function (k) { column(k, LOW).catch(quiet); });
  }
  Array.prototype.forEach.call(form.querySelectorAll('details.facet'), function (d) {
    ['pointerenter', 'focusin'].forEach(function (type) {
      d.addEventListener(type, function () { facetAhead(d.getAttribute('data-facet')); });
    });
  });
  // Once the first results have asked for their own data, and at a lower priority: the kind
  // of support (the first and most used filter; about 11 kB) when the filters are on show,
  // and the shortest-wait order (its first page, 3 kB, for the whole directory; its column,
  // 12 kB, for a narrower list). Ticking a box or choosing that order then waits for no
  // file, even straight after the page opens.
  function ahead(st) {
    if (!panel.hidden) facetAhead('intervention');
    sortsAhead(['wait'], st);
  }
  form.addEventListener('change', function (e) {
    if (e.target === q) return;
    var st = formToState();
    st.page = 1;
    stateToForm(st);
    go(st, true);
  });
  // Each keystroke searches at once; a newer search makes an older one's answer moot.
  q.addEventListener('input', function () {
    var st = formToState();
    st.page = 1;
    go(st, false);
  });
  form.addEventListener('click', function (e) {
    var a = e.target.closest('a');
    if (!a || !form.contains(a) || a.target || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (!a.classList.contains('filter-tag') && a.id !== 'clear-filters' && !a.hasAttribute('data-page')) return;
    e.preventDefault();
    var st = readState(new URL(a.href).searchParams);
    stateToForm(st);
    go(st, true, a.hasAttribute('data-page') ? 'results-title' : (a.id === 'clear-filters' ? 'results-title' : 'selected-title'));
  });
  Array.prototype.forEach.call(form.querySelectorAll('details.facet'), function (d) {
    d.addEventListener('toggle', function () {
      var f = facetById(d.getAttribute('data-facet'));
      if (d.open && f && current) updateCounts(runId, [f]);
    });
  });
  window.addEventListener('popstate', function () {
    var st = readState(new URLSearchParams(location.search));
    stateToForm(st);
    run(st);
  });

  fetch(DATA + 'manifest.json', { cache: 'no-cache' }).then(function (r) {
    if (!r.ok) throw new Error('manifest: ' + r.status);
    return r.json();
  }).then(function (m) {
    M = m;
    if (m.sort) DEFAULT_SORT = m.sort;
    return prepare();
  }).then(function () {
    var nojs = $('search-nojs');
    nojs.hidden = true;
    layoutFilters();
    form.hidden = false;
    results.hidden = false;
    var st = readState(new URLSearchParams(location.search));
    stateToForm(st);
    var first = run(st);
    // After the first results' own fetches have been asked for, at a lower priority.
    setTimeout(function () { ahead(st); }, 0);
    return first;
  }).catch(function (e) {
    var nojs = $('search-nojs');
    nojs.querySelector('p').textContent = 'The search could not load (' + e.message + '). Every provider is still a few links away:';
  });
})();
