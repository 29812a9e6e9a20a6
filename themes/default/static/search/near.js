/* Near a postcode: reading a typed postcode, finding its sector's position in the slice of
 * the sector table for its postcode area, and distances in miles, written as the site
 * writes them. The typed postcode never leaves the browser: the only request is for the
 * slice of its area (`s.E…dat` for E8 1DY), which names one or two letters
 * (src/index/search/near.rs writes the slices; docs/SEARCH.md).
 *
 * The shape rules are those of `Postcode::parse` in src/geo.rs, and
 * tests/fixtures/postcodes.json holds both to the same cases.
 */
import { data, json, file } from './data.js';

export const METRES_PER_MILE = 1609.344;
export const RADII = [5, 10, 20];

const letter = (c) => c >= 'A' && c <= 'Z';
const digit = (c) => c >= '0' && c <= '9';

// The written form (`E8 1DY`) of a compact postcode, if it has the shape of one. Outward
// codes are A9, A99, AA9, AA99, A9A or AA9A; the inward code is a digit and two letters,
// never C, I, K, M, O or V.
function shaped(c) {
  if (c.length < 5 || c.length > 7 || !/^[A-Z0-9]+$/.test(c)) return null;
  const out = c.slice(0, -3), inw = c.slice(-3);
  const inwardOk = digit(inw[0]) && [inw[1], inw[2]].every((x) => letter(x) && 'CIKMOV'.indexOf(x) < 0);
  const o = out.split('');
  let outOk = false;
  if (o.length === 2) outOk = letter(o[0]) && digit(o[1]);
  else if (o.length === 3) outOk = letter(o[0]) && ((digit(o[1]) && (digit(o[2]) || letter(o[2]))) || (letter(o[1]) && digit(o[2])));
  else if (o.length === 4) outOk = letter(o[0]) && letter(o[1]) && digit(o[2]) && (digit(o[3]) || letter(o[3]));
  return inwardOk && outOk ? out + ' ' + inw : null;
}

// A postcode mistyped with O for zero, I or L for one, S for five where a digit must stand
// (the inward code's digit), or the reverse where a letter must (the first character).
function misread(c) {
  if (c.length < 5) return null;
  const asDigit = { O: '0', I: '1', L: '1', S: '5' }, asLetter = { 0: 'O', 1: 'I', 5: 'S' };
  const ch = c.split(''), n = ch.length;
  ch[n - 3] = asDigit[ch[n - 3]] || ch[n - 3];
  ch[0] = asLetter[ch[0]] || ch[0];
  const fixed = ch.join('');
  if (fixed === c) return null;
  const p = shaped(fixed);
  return p && p.indexOf('BT') !== 0 ? p : null;
}

// `{ postcode }` or `{ error: 'shape' | 'ni', suggestion }`, as `Postcode::parse`.
export function parsePostcode(text) {
  const c = String(text).replace(/\s+/g, '').toUpperCase();
  const p = shaped(c);
  if (p) return p.indexOf('BT') === 0 ? { error: 'ni', suggestion: null } : { postcode: p };
  return { error: 'shape', suggestion: misread(c) };
}

export const areaOf = (code) => code.match(/^[A-Z]*/)[0];
const sectorOf = (postcode) => postcode.slice(0, -2);
const outwardOf = (code) => code.split(' ')[0];

const slices = {};
// Asks ahead for the slice of the area a postcode being typed is in, once its letters are
// followed by a digit (`E8…`): the same one or two letters the search itself would send.
export function sliceAhead(text) {
  const m = String(text).trim().toUpperCase().match(/^([A-Z]{1,2})[0-9]/);
  if (m && data.M && (data.M.postcode_areas || []).indexOf(m[1]) >= 0) slice(m[1]).catch(() => {});
}
function slice(area) {
  if (!slices[area]) slices[area] = json(file('s.' + area)).catch((e) => { delete slices[area]; throw e; });
  return slices[area];
}

// The nearest sector that exists to one that does not, within the area's slice: the same
// district's sector with the nearest digit (as src/geo.rs does), else the sector with the
// same digit of a district one keystroke away in the same area.
function nearestSector(table, sector) {
  const out = outwardOf(sector), want = +sector.slice(-1);
  const codes = Object.keys(table).sort();
  const same = codes.filter((k) => outwardOf(k) === out);
  if (same.length) {
    let best = same[0];
    same.forEach((k) => { if (Math.abs(+k.slice(-1) - want) < Math.abs(+best.slice(-1) - want)) best = k; });
    return best;
  }
  const near = codes.filter((k) => +k.slice(-1) === want && oneEditApart(outwardOf(k), out));
  return near.length ? near[0] : null;
}
function oneEditApart(a, b) {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i), rb = b.slice(i);
  if (ra.length === rb.length) return ra.slice(1) === rb.slice(1) || (ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2));
  if (ra.length === rb.length + 1) return ra.slice(1) === rb;
  if (rb.length === ra.length + 1) return rb.slice(1) === ra;
  return false;
}

// Where a typed postcode is: `{ postcode, sector, grid: [e, n] }`, or `{ error, message }`
// with the likely fix in the message where there is one.
export function locate(text) {
  const typed = String(text).trim();
  const p = parsePostcode(typed);
  if (p.error === 'ni') return Promise.resolve({ error: 'ni', message: 'Northern Ireland postcodes (starting BT) are not covered: this directory holds positions for England, Scotland and Wales only.' });
  if (p.error) {
    const fix = p.suggestion ? ' Did you mean ' + p.suggestion + '?' : ' A postcode looks like E8 1DY or RM1 3BB.';
    return Promise.resolve({ error: 'shape', suggestion: p.suggestion, message: '“' + typed + '” is not a full UK postcode.' + fix });
  }
  const area = areaOf(p.postcode), sector = sectorOf(p.postcode);
  if ((data.M.postcode_areas || []).indexOf(area) < 0) {
    return Promise.resolve({ error: 'sector', message: 'No postcode starts “' + area + '”: check the letters at the start.' });
  }
  return slice(area).then((table) => {
    const g = table[sector];
    if (g) return { postcode: p.postcode, sector, grid: g };
    const near = nearestSector(table, sector);
    return {
      error: 'sector',
      suggestion: near,
      message: 'No postcode starts ' + sector + '.' + (near ? ' The nearest that exists starts ' + near + ': check the postcode.' : ' Check the postcode.'),
    };
  });
}

// A distance as the site writes it: tenths of a mile under ten miles, whole miles from ten
// (`geo::miles_text` in src/geo.rs).
export function milesText(miles) {
  const shown = miles < 9.95 ? Math.round(miles * 10) / 10 : Math.round(miles);
  return shown === 1 ? '1 mile' : shown + ' miles';
}

// Per service: miles from `grid` to its premises (NaN when a service delivered in a place
// has no position, -1 when it is delivered only online or by phone).
export const REMOTE = -1;
export function distances(grid, ps, dl, remoteBits) {
  const S = ps.off.length - 1, out = new Float64Array(S);
  const [e, n] = grid;
  for (let s = 0; s < S; s++) {
    if (ps.off[s + 1] > ps.off[s]) {
      const de = ps.items[ps.off[s]] - e, dn = ps.items[ps.off[s] + 1] - n;
      out[s] = Math.sqrt(de * de + dn * dn) / METRES_PER_MILE;
    } else out[s] = (dl[s] & ~remoteBits) === 0 ? REMOTE : NaN;
  }
  return out;
}

// Miles as shown: "within 5 miles" takes in a service shown as "5 miles".
export function shownMiles(m) { return m < 9.95 ? Math.round(m * 10) / 10 : Math.round(m); }

// The test a service must pass to be within `within` miles: delivered in a place and shown
// at that distance or less, or delivered only online or by phone (distance does not apply:
// such services stay, listed after). A service in a place whose distance is not stated
// cannot be shown to be within any distance, so it is left out.
export function withinTest(dist, within) {
  return (s) => dist[s] === REMOTE || (dist[s] >= 0 && shownMiles(dist[s]) <= within);
}

// How far provider p is, over the services of it that matched (`found.fails`): the
// smallest distance of those delivered in a place with a position; else NaN when one is
// in a place with none stated; else REMOTE (only online or by phone).
export function providerDistance(found, dist, p, start, end) {
  let best = Infinity, unstated = false;
  for (let s = start; s < end; s++) {
    if (found.fails[s]) continue;
    const d = dist[s];
    if (d >= 0) { if (d < best) best = d; } else if (d !== REMOTE) unstated = true;
  }
  return best < Infinity ? best : unstated ? NaN : REMOTE;
}

// Nearest first; then providers whose distance is not stated; then those only online or
// by phone. Name order (the order providers are numbered in) among equals.
export function sortByDistance(found, dist, provStart) {
  const key = {};
  found.providers.forEach((p) => { key[p] = providerDistance(found, dist, p, provStart[p], provStart[p + 1]); });
  const rank = (d) => (d >= 0 ? 0 : d === REMOTE ? 2 : 1);
  found.providers.sort((a, b) => {
    const ka = key[a], kb = key[b], ra = rank(ka), rb = rank(kb);
    return ra - rb || (ra === 0 ? ka - kb : 0) || a - b;
  });
}

// The sector of a postcode one letter short of whole (`E8 1D`), whose position is already
// that of the whole postcode (a position is its sector's centre), or null.
export function sectorAhead(text) {
  const m = String(text).replace(/\s+/g, '').toUpperCase().match(/^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]$/);
  if (!m || m[1].indexOf('BT') === 0) return Promise.resolve(null);
  const area = areaOf(m[1]);
  if (!data.M || (data.M.postcode_areas || []).indexOf(area) < 0) return Promise.resolve(null);
  return slice(area).then((t) => t[m[1] + ' ' + m[2]] || null, () => null);
}
