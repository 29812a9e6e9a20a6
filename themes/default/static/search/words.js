/* Words: what a reader types, made into terms by the same rules as src/index/search/words.rs
 * (lower case; canonical decomposition with the combining accents dropped; a few letters
 * that have no decomposition; split on anything not a letter or digit, a dot between digits
 * kept; stop words and one-letter words dropped; a light plural stem), and looked up in the
 * term index. tests/browser/fold.mjs runs one table of names in many scripts through both.
 */
import { names, shard, shardOf } from './data.js';

const STOP = {};
('a an and are as at be but by for from has have in is it its of on or our so that the their them they this to us was we were which who will with you your')
  .split(' ').forEach((w) => { STOP[w] = 1; });

// Letters with no canonical decomposition, folded as the Rust side folds them.
const LETTERS = { 'ł': 'l', 'ŀ': 'l', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ħ': 'h', 'ı': 'i', 'ŧ': 't', 'ŋ': 'n', 'ĸ': 'k', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss', 'þ': 'th', "'": '', '’': '' };
const LETTER_RE = /[łŀøđðħıŧŋĸæœßþ'’]/g;
export function fold(s) {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(LETTER_RE, (c) => LETTERS[c]);
}

// A letter or digit as Rust's `char::is_alphanumeric` has it.
const ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
const DIGIT = /^[0-9]$/;
const utf8 = new TextEncoder();
export function words(s) {
  const cs = Array.from(fold(s)), out = [];
  let cur = '';
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    // The index keeps a dot only between digits: "3.2" stays whole.
    const keep = ALNUM.test(c) || (c === '.' && i > 0 && DIGIT.test(cs[i - 1]) && i + 1 < cs.length && DIGIT.test(cs[i + 1]));
    if (keep) cur += c;
    else if (cur) { out.push(cur); cur = ''; }
  }
  if (cur) out.push(cur);
  // One byte (one ASCII letter) is too short, unless it is a digit.
  return out.filter((w) => (utf8.encode(w).length > 1 || /^[0-9]+$/.test(w)) && !STOP[w]);
}
export function stem(w) {
  if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}
// Edit distance with adjacent transpositions, giving up above `max`.
export function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = [], cur = [], prevprev = [];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let c = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) c = Math.min(c, prevprev[j - 2] + 1);
      cur[j] = c;
      if (c < best) best = c;
    }
    if (best > max) return max + 1;
    prevprev = prev;
    prev = cur;
  }
  return prev[b.length];
}

// Which fields a term was found in (src/index/search/terms.rs `field`), and their weight.
const WEIGHT = { 1: 8, 2: 5, 4: 4, 8: 3, 16: 2, 32: 1 };

// Matches for one query word: the word itself (stemmed) and the terms it begins; only when
// there are none, the names one or two typing slips away ("Chiltern" finds Chiltern and
// not "children"; "Oakleef" finds Oakleaf).
function matchWord(w) {
  const exact = stem(w);
  const want = [shardOf(exact)];
  const last = shardOf(w + '\uffff');
  if (w.length >= 2 && last - shardOf(w) < 4) for (let i = shardOf(w); i <= last; i++) if (want.indexOf(i) < 0) want.push(i);
  const hits = new Map(), corrected = [];
  function add(post, weight, term) {
    for (let j = 0; j < post.docs.length; j++) {
      const d = post.docs[j], m = post.masks[j];
      let best = 0;
      for (let bit = 1; bit <= 32; bit <<= 1) if (m & bit) best = Math.max(best, WEIGHT[bit]);
      let h = hits.get(d);
      if (!h) { h = { score: 0, fields: 0, terms: [] }; hits.set(d, h); }
      h.score = Math.max(h.score, best * weight);
      h.fields |= m;
      if (h.terms.indexOf(term) < 0) h.terms.push(term);
    }
  }
  return Promise.all(want.map(shard)).then((ss) => {
    ss.forEach((s) => {
      s.terms.forEach((t, k) => {
        if (t === exact) add(s.posts[k], 1, t);
        else if (w.length >= 2 && t.indexOf(w) === 0) add(s.posts[k], 0.7, t);
      });
    });
    if (hits.size || w.length < 4) return { hits, corrected };
    return names().then((ns) => {
      const max = w.length >= 8 ? 2 : 1, close = [];
      ns.forEach((n) => { if (n !== exact && n.indexOf(w) !== 0 && distance(w, n, max) <= max) close.push(n); });
      const more = [];
      close.forEach((n) => { const s = shardOf(n); if (more.indexOf(s) < 0) more.push(s); });
      return Promise.all(more.map(shard)).then((ss2) => {
        ss2.forEach((s) => {
          s.terms.forEach((t, k) => { if (close.indexOf(t) >= 0) { add(s.posts[k], 0.5, t); if (corrected.indexOf(t) < 0) corrected.push(t); } });
        });
        return { hits, corrected };
      });
    });
  });
}

// Every word must match; a document's score adds up its best field per word.
export function textSearch(query) {
  const ws = words(query);
  if (!ws.length) return Promise.resolve(null);
  return Promise.all(ws.map(matchWord)).then((per) => {
    per.sort((a, b) => a.hits.size - b.hits.size);
    const out = new Map();
    per[0].hits.forEach((h, d) => {
      let score = h.score, fields = h.fields;
      const terms = h.terms.slice();
      for (let k = 1; k < per.length; k++) {
        const o = per[k].hits.get(d);
        if (!o) return;
        score += o.score; fields |= o.fields;
        o.terms.forEach((t) => { if (terms.indexOf(t) < 0) terms.push(t); });
      }
      out.set(d, { score, fields, terms });
    });
    const corrected = [];
    per.forEach((p) => { p.corrected.forEach((t) => { if (corrected.indexOf(t) < 0) corrected.push(t); }); });
    return { hits: out, words: ws, corrected };
  });
}
