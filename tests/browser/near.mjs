// "Near a postcode" on the search page, in Debian's Chromium: typing a postcode at 1280 and
// 320 px, the distances and their order against those worked out on the Rust side from the
// sector table, the 5, 10 and 20 mile filter, the wrong-postcode messages, the postcode
// rules against tests/fixtures/postcodes.json, axe-core, and every request the page makes
// (the typed postcode must never leave the browser).
//
//   node near.mjs <site-url> <expected.json>
import { readFileSync } from 'node:fs';
import { launch, axeViolations, axeSource } from './launch.mjs';

const [siteArg, expectedPath] = process.argv.slice(2);
const site = siteArg.replace(/\/?$/, '/');
const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
const axe = axeSource();
const browser = await launch();
let failures = 0;
async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// Every request the page makes, with its URL, headers and body.
async function newPage(viewport) {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push({ url: r.url(), headers: r.headers(), body: r.postData() || '' }));
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}
async function settled(page, before) {
  await page.waitForFunction((b) => {
    const f = document.getElementById('search-form');
    const run = +(f.getAttribute('data-run') || 0);
    return run > b && f.getAttribute('data-complete') === String(run);
  }, before, { timeout: 10000 });
}
const runOf = (page) => page.evaluate(() => +(document.getElementById('search-form').getAttribute('data-run') || 0));
async function open(page, path = 'search/') {
  await page.goto(site + path);
  await settled(page, 0);
}
// Types into the postcode box and waits for the results that follow.
async function typePostcode(page, text) {
  const before = await runOf(page);
  await page.fill('#near', '');
  await page.type('#near', text, { delay: 15 });
  await page.press('#near', 'Tab');
  await settled(page, before);
}
// The cards on screen: name and distance line.
function cards(page) {
  return page.$$eval('#results-list > li', (lis) => lis.map((li) => ({
    name: li.querySelector('h3').textContent.trim(),
    distance: (li.querySelector('.distance') || { textContent: '' }).textContent.trim(),
  })));
}
function expectedLine(e) {
  if (e.rank === 0) return e.text + ' from ' + expected.postcode + ', as the crow flies';
  if (e.rank === 1) return 'Distance not stated';
  return 'only';
}
const variants = (p) => [p, p.replace(' ', ''), p.replace(' ', '+'), p.replace(' ', '%20'), encodeURIComponent(p)];
function leaks(page) {
  const out = [];
  const forms = variants(expected.postcode).concat(variants(expected.postcode.toLowerCase()));
  for (const r of page.requests) {
    const where = [r.url, JSON.stringify(r.headers), r.body].join(' ');
    for (const f of forms) if (where.includes(f)) out.push(`${r.url} carries "${f}"`);
    // Beyond the area's letters, nothing of the postcode: not even its district.
    const path = new URL(r.url).pathname + new URL(r.url).search;
    if (/E8/.test(path) || /1DY/i.test(path)) out.push(`${r.url} names the district or the inward code`);
  }
  return out;
}

await check('a postcode at 1280 px: distances, nearest first, online last, the 5/10/20 filter, axe clean, nothing sent', async () => {
  const page = await newPage({ width: 1280, height: 900 });
  await open(page);
  const shapes = await page.evaluate(() => ({
    describedby: document.getElementById('near').getAttribute('aria-describedby'),
    name: document.getElementById('near').getAttribute('name'),
    attribution: document.getElementById('near-attribution').textContent,
  }));
  assert(shapes.name === null, 'the postcode box has a name, so a form sent without the script would put it in the query');
  assert(/near-error/.test(shapes.describedby), `aria-describedby: ${shapes.describedby}`);
  for (const line of ['Office for National Statistics', 'Open Government Licence', 'OS data © Crown copyright', 'Royal Mail data', 'GeoPlace', 'as the crow flies']) {
    assert(shapes.attribution.includes(line), `the attribution lacks "${line}"`);
  }
  page.requests.length = 0;
  await typePostcode(page, expected.postcode.toLowerCase().replace(' ', ''));
  // Every provider, page by page, in the order shown.
  const shown = [];
  for (;;) {
    shown.push(...await cards(page));
    const next = await page.$('#results-pages a[rel="next"]');
    if (!next) break;
    const before = await runOf(page);
    await next.click();
    await settled(page, before);
  }
  const want = expected.order;
  assert(shown.length === want.length, `${shown.length} results, expected ${want.length}`);
  shown.forEach((c, i) => {
    const e = want[i];
    assert(c.name === e.name, `result ${i + 1} is ${c.name}, expected ${e.name} (${e.text})`);
    const line = expectedLine(e);
    const ok = e.rank === 2 ? /^(Online|By phone)[a-z ]* only/.test(c.distance) : e.rank === 1 ? c.distance.startsWith(line) : c.distance === line;
    assert(ok, `${c.name}: "${c.distance}", expected "${line}"`);
  });
  // The pairs worked out by hand appear as written.
  for (const [name, text] of expected.by_hand) {
    const c = shown.find((x) => x.name === name);
    assert(c && c.distance.startsWith(text + ' from'), `${name}: ${c && c.distance}, worked out by hand as ${text}`);
  }
  const url = new URL(page.url());
  assert(!/near|E8|1DY/i.test(url.search), `the postcode is in the query: ${url.search}`);
  assert(/near=E8/i.test(url.hash), `the postcode is not kept in the fragment: ${url.hash}`);
  // Back to the first page, then narrow.
  await open(page, 'search/#near=' + encodeURIComponent(expected.postcode));
  for (const within of ['5', '10', '20']) {
    const before = await runOf(page);
    await page.selectOption('#within', within);
    await settled(page, before);
    const status = await page.textContent('#results-status');
    const n = +(status.match(/([\d,]+) providers?/) || [0, 0])[1];
    assert(n === expected.within[within].length, `within ${within} miles: ${status}; expected ${expected.within[within].length}`);
    const first = await cards(page);
    for (const c of first) {
      const m = c.distance.match(/^([\d.]+) miles? from/);
      assert(!m || +m[1] <= +within, `${c.name} at ${c.distance} is shown within ${within} miles`);
      assert(expected.within[within].includes(c.name), `${c.name} is not within ${within} miles by the Rust side`);
    }
  }
  const tags = await page.locator('#selected-filters .filter-tag').allTextContents();
  assert(tags.some((t) => /Within 20 miles/.test(t)) && tags.some((t) => /Near E8 1DY/.test(t)), `tags: ${tags}`);
  const v = await axeViolations(page, axe);
  assert(v.length === 0, `axe: ${v.join('\n  ')}`);
  const l = leaks(page);
  assert(l.length === 0, l.join('\n'));
  const slices = page.requests.filter((r) => /\/search\/data\/s\./.test(r.url)).map((r) => new URL(r.url).pathname.split('/').pop());
  assert(slices.length >= 1 && slices.every((s) => /^s\.E\.[0-9a-f]+\.dat$/.test(s)), `slices fetched: ${slices}`);
  assert(page.errors.length === 0, page.errors.join('\n'));
});

await check('a postcode at 320 px: the box in the filters, distances shown, nothing wider than the screen, axe clean', async () => {
  const page = await newPage({ width: 320, height: 640 });
  await open(page);
  await page.click('#filters-toggle');
  await typePostcode(page, expected.postcode);
  const first = await cards(page);
  assert(first.length && first[0].name === expected.order[0].name, `first result ${first[0] && first[0].name}`);
  assert(first[0].distance.includes(expected.order[0].text), first[0].distance);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(w <= 320, `the page is ${w} px wide`);
  const v = await axeViolations(page, axe);
  assert(v.length === 0, `axe: ${v.join('\n  ')}`);
  assert(leaks(page).length === 0, leaks(page).join('\n'));
});

await check('a wrong postcode gets a message beside the box, with the likely fix', async () => {
  const page = await newPage({ width: 1280, height: 900 });
  await open(page);
  for (const [typed, says] of [['E8 ODY', /Did you mean E8 0DY\?/], ['BT1 1AA', /Northern Ireland/], ['E8 6ZZ', /nearest that exists starts E8 4/], ['QQ1 1AA', /No postcode starts “QQ”/], ['hello', /not a full UK postcode/]]) {
    await typePostcode(page, typed);
    const got = await page.evaluate(() => {
      const box = document.getElementById('near'), msg = document.getElementById('near-error');
      return { text: msg.hidden ? '' : msg.textContent, invalid: box.getAttribute('aria-invalid'), by: box.getAttribute('aria-describedby') };
    });
    assert(says.test(got.text), `${typed}: "${got.text}"`);
    assert(got.invalid === 'true' && got.by.split(' ').includes('near-error'), `${typed}: not marked invalid or not linked: ${JSON.stringify(got)}`);
  }
  const v = await axeViolations(page, axe);
  assert(v.length === 0, `axe with a message on show: ${v.join('\n  ')}`);
  await typePostcode(page, expected.postcode);
  assert(await page.isHidden('#near-error'), 'the message stays after a right postcode');
  assert(!(await page.getAttribute('#near', 'aria-invalid')), 'the box stays invalid');
});

await check('the script reads postcodes and writes miles as the Rust side does', async () => {
  const page = await newPage({ width: 1280, height: 900 });
  await open(page);
  const src = await page.getAttribute('script[type="module"][src$="search.js"]', 'src');
  const moduleUrl = new URL(src.replace(/search\.js$/, 'search/near.js'), page.url()).href;
  const bad = await page.evaluate(async ({ moduleUrl, cases, miles }) => {
    const m = await import(moduleUrl);
    const out = [];
    for (const c of cases) {
      const loc = await m.locate(c.typed);
      const got = loc.error ? { error: loc.error, suggestion: loc.error === 'sector' ? loc.suggestion : m.parsePostcode(c.typed).suggestion } : { postcode: loc.postcode };
      const want = c.error ? { error: c.error, suggestion: c.suggestion } : { postcode: c.postcode };
      if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${JSON.stringify(c.typed)}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    for (const [x, text] of miles) if (m.milesText(x) !== text) out.push(`${x} miles written ${m.milesText(x)}, expected ${text}`);
    return out;
  }, { moduleUrl, cases: expected.fixture.cases, miles: expected.miles });
  assert(bad.length === 0, bad.join('\n'));
});

await browser.close();
process.exit(failures ? 1 : 0);
