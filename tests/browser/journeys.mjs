// Comparing providers, and the journeys of the product notes walked tap by tap, with and
// without JavaScript, in Debian's Chromium through playwright-core, with axe-core.
//
//   node journeys.mjs <site-url> <expected.json>
//
// expected.json (written by tests/e2e/browser.rs from the linked example) names the providers
// journey 1 must find. Each journey prints its taps and keystrokes. Exits non-zero on any
// failure; a missing Chromium or node module fails, nothing is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
function fail(msg) { console.error(`FAIL: ${msg}`); process.exit(1); }
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fail(`node modules missing (${e.message}): run \`npm ci --prefix tests/browser\``);
}
const site = (process.argv[2] || '').replace(/\/?$/, '/');
if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+\/$/.test(site)) fail(`usage: node journeys.mjs http://127.0.0.1:PORT/ expected.json (got ${site})`);
const expected = JSON.parse(readFileSync(process.argv[3], 'utf8'));

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let failures = 0, passes = 0;
async function check(name, fn) {
  if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
  const t = Date.now();
  try {
    await fn();
    passes++;
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
async function newPage(opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.location().url || '')) page.errors.push(m.text() + ' ' + (m.location().url || '')); });
  return page;
}
async function axe(page, label) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const v = res.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert(v.length === 0, `axe on ${label}: ${v.length} violations\n  ${v.join('\n  ')}`);
}
// A page as a reader without the site's scripts sees it, checked by axe (which needs
// JavaScript itself): the site's scripts are refused, as when they fail to load.
async function axeWithoutScripts(path, label) {
  const page = await newPage();
  await page.route(/\/assets\/.*\.js$/, (r) => r.abort());
  await page.goto(site + path);
  await axe(page, label);
  await page.context().close();
}
async function noSideways(page, width, label) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(w <= width, `${label} is ${w} px wide at ${width} px`);
}
// A reader's actions, counted: a tap is a click or a press of Enter/Space on a control;
// keystrokes are the characters typed.
function counter() {
  const c = { taps: 0, keys: 0 };
  c.tap = async (locator) => { c.taps++; await locator.click(); };
  c.type = async (locator, text) => { c.keys += text.length; await locator.type(text); };
  c.enter = async (page) => { c.keys++; await page.keyboard.press('Enter'); };
  c.say = (name) => console.log(`     ${name}: ${c.taps} taps, ${c.keys} keystrokes`);
  return c;
}
// Provider ids in A to Z order, from the pre-built list (no script needed).
async function providerIds(n) {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(site + 'providers/');
  const ids = [];
  for (const letter of await page.locator('main .letters a').evaluateAll((as) => as.map((a) => a.href))) {
    await page.goto(letter);
    for (const href of await page.locator('main .provider-list h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      const m = href.match(/providers\/([a-z0-9-]+)\/$/);
      if (m) ids.push(m[1]);
      if (ids.length >= n) break;
    }
    if (ids.length >= n) break;
  }
  await page.context().close();
  return ids;
}
// A provider page's facts come in the compare page's row order, so printouts compare line by line.
async function factsInCompareOrder(page) {
  const text = (await page.textContent('main')).replace(/\s+/g, ' ');
  const order = ['Accepting referrals', 'Support', 'Ages', 'Delivery', 'Areas', 'Typical wait', 'Who can pay', 'Accreditation and registration', 'Frameworks and lots', 'Governance checklist', 'About the organisation', 'Contact', 'last reviewed on'];
  let at = -1;
  for (const word of order) {
    const i = text.indexOf(word, at + 1);
    assert(i > at, `"${word}" is not after the fact before it on ${page.url()}`);
    at = i;
  }
}
async function compared(page, n) {
  await page.waitForFunction((n) => /Comparing \d+ provider/.test(document.getElementById('compare-status').textContent)
    && document.querySelectorAll('#compare-table thead th').length === n, n, { timeout: 10000 });
}

await check('compare two and four providers from a shared address, at 1280 and 320 px', async () => {
  const ids = await providerIds(4);
  assert(ids.length === 4, `only ${ids.length} providers found`);
  for (const n of [2, 4]) {
    for (const width of [1280, 320]) {
      // A fresh browser context: the address alone carries the comparison.
      const page = await newPage({ viewport: { width, height: width === 320 ? 640 : 900 } });
      await page.goto(site + 'compare/?p=' + ids.slice(0, n).join(','));
      await compared(page, n);
      assert(await page.isHidden('#compare-nojs'), 'the no-script explanation shows with the script');
      const rows = page.locator('#compare-table tbody tr');
      const count = await rows.count();
      assert(count >= 14, `only ${count} rows`);
      for (let r = 0; r < count; r++) {
        const cells = await rows.nth(r).locator('td').allTextContents();
        assert(cells.length === n, `row ${r} has ${cells.length} cells for ${n} providers`);
        assert(cells.every((c) => c.trim().length > 0), `row ${r} has an empty cell: ${JSON.stringify(cells)}`);
      }
      const heads = (await page.locator('#compare-table thead th a').allTextContents()).map((s) => s.trim());
      assert(heads.length === n, `${heads.length} provider names in the head`);
      // Every column offers a one-tap call or email where the record has one.
      const contact = page.locator('#compare-table tr[data-row="contact"] td');
      for (let i = 0; i < n; i++) {
        const links = await contact.nth(i).locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        const text = await contact.nth(i).textContent();
        assert(links.some((h) => /^(tel|mailto):/.test(h)) || /Not stated/.test(text), `column ${i + 1} has no call or email: ${text}`);
      }
      // Differences are said in words.
      const differs = await page.locator('#compare-table tbody tr.differs .differs-mark').count();
      assert(differs > 0, 'no row marked as differing between different providers');
      if (width === 320) {
        await noSideways(page, 320, `compare ${n}`);
        const sticky = await page.evaluate(() => getComputedStyle(document.querySelector('#compare-table tbody th')).position);
        assert(sticky === 'sticky', `row names scroll away (position ${sticky})`);
      }
      await axe(page, `compare ${n} at ${width} px`);
      assert(page.errors.length === 0, page.errors.join('\n'));
      await page.context().close();
    }
  }
  // Printed on landscape A4, with nothing to press.
  const page = await newPage();
  await page.goto(site + 'compare/?p=' + ids.join(','));
  await compared(page, 4);
  await page.emulateMedia({ media: 'print' });
  assert(await page.isHidden('.compare-remove'), 'the remove buttons print');
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const box = pdf.toString('latin1').match(/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert(box && +box[1] > +box[2], `the comparison does not print landscape: ${box && box[0]}`);
  await page.context().close();
});

await check('add to compare from provider pages and the lists, up to four, then share', async () => {
  const ids = await providerIds(5);
  const page = await newPage();
  await page.goto(site + `providers/${ids[0]}/`);
  await page.click('.contact-actions .compare-toggle');
  assert((await page.getAttribute('.contact-actions .compare-toggle', 'aria-pressed')) === 'true', 'the button does not say it was added');
  assert(await page.isVisible('#compare-tray'), 'no bar of chosen providers');
  assert(/Choose one more/.test(await page.textContent('#compare-tray')), 'the bar does not ask for a second provider');
  // From the pre-built lists: the A to Z letter pages, until four are chosen.
  await page.goto(site + 'providers/');
  const letters = await page.locator('main .letters a').evaluateAll((as) => as.map((a) => a.href));
  let added = 1;
  for (const letter of letters) {
    if (added >= 4) break;
    await page.goto(letter);
    const cards = page.locator('main .provider-list > li');
    for (let i = 0; i < (await cards.count()) && added < 4; i++) {
      const b = cards.nth(i).locator('.compare-toggle');
      if ((await b.getAttribute('aria-pressed')) === 'true') continue;
      await b.click();
      added++;
    }
  }
  assert(added === 4, `added ${added}`);
  const full = page.locator('main .provider-list > li .compare-toggle[aria-pressed="false"]');
  if (await full.count()) {
    assert((await full.first().getAttribute('aria-disabled')) === 'true', 'a fifth provider can be added');
    assert(/full/.test(await full.first().textContent()), 'the button does not say compare is full');
  }
  const href = await page.getAttribute('#compare-tray a.button', 'href');
  assert(/compare\/\?p=[a-z0-9-]+(,[a-z0-9-]+){3}$/.test(href), `the bar links to ${href}`);
  // The address is the comparison: opened in another browser, it shows the same four.
  const other = await newPage();
  await other.goto(new URL(href, site).href);
  await compared(other, 4);
  // Removing one keeps the address honest.
  await other.click('.compare-remove >> nth=0');
  await other.waitForFunction(() => document.querySelectorAll('#compare-table thead th').length === 3);
  assert((new URL(other.url()).searchParams.get('p') || '').split(',').length === 3, `address after removing: ${other.url()}`);
  assert(page.errors.length === 0 && other.errors.length === 0, page.errors.concat(other.errors).join('\n'));
});

await check('an address with an unknown or repeated id says so', async () => {
  const [a] = await providerIds(1);
  const page = await newPage();
  await page.goto(site + `compare/?p=${a},${a},no-such-provider`);
  await compared(page, 2);
  assert(/1 could not be found/.test(await page.textContent('#compare-status')), await page.textContent('#compare-status'));
  assert(/no-such-provider/.test(await page.textContent('#compare-table thead')), 'the unknown id is not named');
});

await check('every provider page shows the compare rows\' facts in the same order', async () => {
  const ids = await providerIds(3);
  const page = await newPage({ javaScriptEnabled: false });
  for (const id of ids) {
    await page.goto(site + `providers/${id}/`);
    await factsInCompareOrder(page);
  }
});

await check('journey 1 without JavaScript: one kind of support in one area, with lot, route, wait and accreditation', async () => {
  const page = await newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const c = counter();
  await page.goto(site);
  await c.tap(page.locator('#by-area ~ ul a', { hasText: /^Hackney$/ }));
  assert(/areas\/hackney\/$/.test(page.url()), `landed on ${page.url()}`);
  await c.tap(page.locator('main a[href$="/areas/hackney/family-therapy/"]').first());
  assert(/areas\/hackney\/family-therapy\/$/.test(page.url()), `landed on ${page.url()}`);
  assert(!/not found/i.test(await page.title()), `${page.url()} is not a page of the site`);
  const main = await page.textContent('main');
  // Each entry answers the panel's questions itself: as a row of a table whose columns name
  // them, or as a card that names them.
  const heads = (await page.locator('main thead th').allTextContents()).join(' | ');
  for (const name of expected.journey1) {
    const entry = page.locator('main li, main tr').filter({ has: page.locator('a', { hasText: name }) }).last();
    assert(await entry.count() > 0, `${name} is not on the list`);
    const text = (await entry.textContent()).replace(/\s+/g, ' ');
    const says = (re, col) => re.test(text) || (col.test(heads) && text.trim().length > 0);
    assert(says(/call-off|spot purchase/i, /call-off/i), `${name}: no lot or call-off route: ${text}`);
    assert(says(/wait/i, /wait/i), `${name}: no waiting time: ${text}`);
    assert(says(/accreditation today/i, /accreditation today/i), `${name}: no accreditation today: ${text}`);
    if (/call-off/i.test(heads)) {
      const cells = await entry.locator('td').allTextContents();
      assert(cells.length >= 4 && cells.every((c) => c.trim()), `${name}: a cell of its row is empty: ${JSON.stringify(cells)}`);
    }
  }
  assert(main.length > 0, 'empty list page');
  await noSideways(page, 390, 'the list');
  c.say('journey 1 without JavaScript (home → Hackney → family therapy in Hackney)');
});

await check('journey 2 without JavaScript: the fund\'s providers, their pages in the compare order, call or email', async () => {
  const page = await newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const c = counter();
  await page.goto(site);
  await c.tap(page.locator('a', { hasText: 'Providers the fund can pay for' }));
  assert(/funding\/asgsf\/$/.test(page.url()), `landed on ${page.url()}`);
  assert(!/not found/i.test(await page.title()), `${page.url()} is not a page of the site`);
  const first = page.locator('main li a[href*="/providers/"], main tr a[href*="/providers/"]').first();
  assert(await first.count() === 1, 'the list has no providers');
  await c.tap(first);
  await factsInCompareOrder(page);
  const call = await page.locator('.contact-actions a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert(call.some((h) => /^(tel|mailto):/.test(h)), 'no one-tap call or email');
  c.taps++; // the call or email itself
  assert(await page.isHidden('.compare-toggle'), 'an add-to-compare button that cannot work shows without the script');
  c.say('journey 2 without JavaScript (home → the fund\'s list → a provider → call)');
  // The compare page explains itself, listing the facts in the order of the rows.
  await page.goto(site + 'compare/?p=a,b');
  assert(await page.isVisible('#compare-nojs'), 'no explanation without the script');
  assert(await page.isHidden('#compare'), 'an empty table shows without the script');
  const facts = await page.locator('#compare-nojs ol li').allTextContents();
  assert(facts[0] === 'Accepting referrals' && facts.length >= 14, `facts listed: ${facts}`);
  await axeWithoutScripts('compare/?p=a,b', 'compare page without the scripts');
});

await check('the search box without JavaScript keeps the words and offers the lists', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  const c = counter();
  await page.goto(site);
  await c.type(page.locator('#home-q'), 'family');
  await c.enter(page);
  await page.waitForURL(/search\/\?q=family/);
  assert(await page.isVisible('#search-nojs'), 'no lists without the script');
  assert(await page.locator('#search-nojs .letters a').count() > 3, 'no A to Z');
  for (const href of ['funding/asgsf/', 'delivery/online/', 'providers/', 'areas/']) {
    assert(await page.locator(`#search-nojs a[href$="/${href}"]`).count() >= 1, `no link to ${href}`);
  }
  assert(await page.locator('#search-nojs a[href*="/interventions/"]').count() > 3, 'no kinds of support');
  await axeWithoutScripts('search/?q=family', 'search page without the scripts');
  c.say('home search box without JavaScript (type, Enter, lists shown)');
});

await check('journey 2 with JavaScript: guide → filter → compare two → one-tap call or email', async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  const c = counter();
  await page.goto(site);
  await c.tap(page.locator('.door h3 a', { hasText: 'Choose support as a family' }));
  await c.tap(page.locator('main a', { hasText: 'the providers the fund can pay for' }));
  await page.waitForFunction(() => { const f = document.getElementById('search-form'); return f && f.getAttribute('data-shown') && f.getAttribute('data-shown') === f.getAttribute('data-run'); }, null, { timeout: 10000 });
  assert(await page.locator('input[name="funding"][value="asgsf"]').isChecked(), 'the fund is not ticked');
  // Filter: online, as the guide suggests (open the filters on a phone, open the group, tick, apply).
  if (await page.isVisible('#filters-toggle')) await c.tap(page.locator('#filters-toggle'));
  await c.tap(page.locator('details[data-facet="delivery"] summary'));
  const run = await page.getAttribute('#search-form', 'data-run');
  await c.tap(page.locator('input[name="delivery"][value="online"]'));
  await page.waitForFunction((r) => { const f = document.getElementById('search-form'); return f.getAttribute('data-run') !== r && f.getAttribute('data-shown') === f.getAttribute('data-run'); }, run, { timeout: 10000 });
  if (await page.isVisible('#apply-filters')) await c.tap(page.locator('#apply-filters'));
  await page.waitForFunction(() => document.querySelectorAll('#results-list .compare-toggle').length >= 2, null, { timeout: 10000 });
  await c.tap(page.locator('#results-list .compare-toggle').nth(0));
  await c.tap(page.locator('#results-list .compare-toggle').nth(1));
  await c.tap(page.locator('#compare-tray a.button'));
  await compared(page, 2);
  const href = await page.locator('#compare-table tr[data-row="contact"] td').first().locator('a').first().getAttribute('href');
  assert(/^(tel|mailto):/.test(href), `no one-tap call or email: ${href}`);
  c.taps++; // the call or email itself
  await noSideways(page, 390, 'the comparison');
  assert(page.errors.length === 0, page.errors.join('\n'));
  c.say('journey 2 with JavaScript (guide → fund → online → compare two → call)');
});

await browser.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
