// Browser tests for the built example site, in Debian's Chromium through playwright-core.
//
//   node run.mjs <site-url> [expected.json]      the checks; exits non-zero on any failure
//   node run.mjs --measure <site-url>            bytes and latency figures (bench/README.md)
//
// expected.json (written by tests/e2e/browser.rs from the linked example) names the providers
// journey 1 must find. Missing Chromium or node modules fail the run: nothing is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fail(`node modules missing (${e.message}): run \`npm ci --prefix tests/browser\``);
}

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const measure = args[0] === '--measure';
const site = (measure ? args[1] : args[0] || '').replace(/\/?$/, '/');
if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(site) && !/^http:\/\/localhost:\d+\/$/.test(site)) fail(`usage: node run.mjs [--measure] http://127.0.0.1:PORT/ [expected.json] (got ${site})`);
const expected = !measure && args[1] ? JSON.parse(readFileSync(args[1], 'utf8')) : null;

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
async function ready(page) {
  await page.waitForFunction(() => {
    const r = document.getElementById('results');
    const f = document.getElementById('search-form');
    return r && !r.hidden && !/Loading/.test(document.getElementById('results-status').textContent)
      && (f.getAttribute('data-complete') ?? f.getAttribute('data-shown')) === f.getAttribute('data-run');
  }, null, { timeout: 10000 });
}
// The last action's timings: first results painted, and the whole page of results in.
let lastTimes = null;
// Waits for the results that follow `action` to be on screen, returning the milliseconds
// from the last keystroke (or the first event of a click or a choice) to the first frame
// painted after the first results were in the document. search.js marks the run it
// started (data-run), the run whose first results are in the document (data-shown), and
// the run whose whole page is (data-complete) on the form.
async function afterResults(page, action) {
  await page.evaluate(() => {
    const form = document.getElementById('search-form');
    window.__before = +(form.getAttribute('data-run') || 0);
    if (!window.__observer) {
      window.__observer = new MutationObserver(() => {
        const run = form.getAttribute('data-run');
        if (form.getAttribute('data-shown') === run && window.__shownRun !== run) {
          window.__shownRun = run;
          window.__shownAt = performance.now();
          // A frame is painted before the next task after an animation frame callback.
          requestAnimationFrame(() => setTimeout(() => { window.__paintedAt = performance.now(); }, 0));
        }
        // (A script from before data-complete: its results come in one piece.)
        if ((form.getAttribute('data-complete') ?? form.getAttribute('data-shown')) === run) window.__completeAt = performance.now();
      });
      window.__observer.observe(form, { attributes: true, attributeFilter: ['data-shown', 'data-complete'] });
      document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
      for (const type of ['click', 'input', 'change']) {
        document.addEventListener(type, () => { if (window.__firstEvent === null) window.__firstEvent = performance.now(); }, true);
      }
    }
    window.__lastKey = null;
    window.__shownAt = 0;
    window.__paintedAt = -1;
    window.__completeAt = -1;
    window.__firstEvent = null;
  });
  await action();
  const started = await page.evaluate(() => performance.now());
  try {
    await page.waitForFunction(() => {
      const f = document.getElementById('search-form');
      const run = +(f.getAttribute('data-run') || 0);
      return run > window.__before && (f.getAttribute('data-complete') ?? f.getAttribute('data-shown')) === String(run) && window.__paintedAt > window.__shownAt;
    }, null, { timeout: 10000 });
  } catch (e) {
    throw new Error(`no results after the input: ${await page.evaluate(() => document.getElementById('results-status').textContent + ' ' + location.href)}`);
  }
  await page.waitForTimeout(50);
  lastTimes = await page.evaluate((s) => {
    const from = window.__lastKey ?? window.__firstEvent ?? s;
    return { painted: window.__paintedAt - from, complete: window.__completeAt - from };
  }, started);
  return lastTimes.painted;
}
async function statusCount(page) {
  const t = await page.textContent('#results-status');
  const m = t.match(/([\d,]+) providers?/);
  return m ? +m[1].replace(/,/g, '') : 0;
}
async function axe(page, label) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  const v = res.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert(v.length === 0, `axe on ${label}: ${v.length} violations\n  ${v.join('\n  ')}`);
}

if (measure) {
  await measureFigures();
} else {
  await checks();
}
await browser.close();
if (!measure) {
  console.log(`${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

async function checks() {
  await check('typing a query shows results with why they matched', async () => {
    const page = await newPage();
    await page.goto(site + 'search/');
    await ready(page);
    const all = await statusCount(page);
    assert(all > 0, 'no providers listed before a query');
    const ms = await afterResults(page, () => page.type('#q', 'family therap', { delay: 20 }));
    const n = await statusCount(page);
    assert(n > 0 && n < all, `query gave ${n} of ${all}`);
    const why = await page.textContent('#results-list .why');
    assert(/Matched .*in: /.test(why), `no "why" line: ${why}`);
    assert(await page.locator('#results-list mark').count() > 0, 'matched words are not marked');
    assert(new URL(page.url()).searchParams.get('q') === 'family therap', `URL not updated: ${page.url()}`);
    assert(ms < 1000, `results took ${ms} ms after the last keystroke`);
    console.log(`     ${n} results, ${ms.toFixed(0)} ms after the last keystroke`);
    // A typo in a name still finds it.
    const name = (await page.textContent('#results-list h3 a')).trim();
    const word = name.split(/\s+/).find((w) => w.length >= 5 && /^[A-Za-z]+$/.test(w));
    if (word) {
      const typo = word.slice(0, 2) + word[3] + word[2] + word.slice(4);
      await page.fill('#q', '');
      await afterResults(page, () => page.type('#q', typo));
      const names = await page.locator('#results-list h3').allTextContents();
      assert(names.some((x) => x.includes(word)), `typo "${typo}" did not find "${word}": ${names.slice(0, 5)}`);
    }
    // Standards and guides are found too.
    await page.fill('#q', '');
    await afterResults(page, () => page.type('#q', 'supervision'));
    assert(!(await page.isHidden('#page-results')), 'no pages found for "supervision"');
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('ticking facets filters, counts update, a tag removes a filter', async () => {
    const page = await newPage();
    await page.goto(site + 'search/');
    await ready(page);
    const all = await statusCount(page);
    await page.click('details[data-facet="intervention"] summary');
    await page.waitForFunction(() => /\(\d+\)/.test(document.querySelector('details[data-facet="intervention"] .facet-count').textContent));
    const box = page.locator('input[name="intervention"][value="family-therapy"]');
    const label = await page.textContent('label[for="' + (await box.getAttribute('id')) + '"]');
    const expectedCount = +label.match(/\((\d+)\)/)[1];
    await afterResults(page, () => box.check());
    const n = await statusCount(page);
    assert(n === expectedCount, `count beside the option said ${expectedCount}, results say ${n}`);
    assert(n < all, 'filter did not narrow the list');
    assert(new URL(page.url()).searchParams.get('intervention') === 'family-therapy', page.url());
    assert(await page.isVisible('#selected-filters .filter-tag'), 'no tag for the selected filter');
    await page.selectOption('#f-age', '12');
    await page.waitForFunction(() => /age=12/.test(location.search));
    await afterResults(page, () => page.locator('#selected-filters .filter-tag', { hasText: 'Family therapy' }).click());
    assert(!(await box.isChecked()), 'checkbox still ticked after removing its tag');
    assert(!new URL(page.url()).searchParams.has('intervention'), page.url());
    assert(new URL(page.url()).searchParams.get('age') === '12', 'removing one tag removed another filter');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(focused === 'selected-title', `focus after removing a tag is on ${focused}`);
    await page.goBack();
    await page.waitForFunction(() => /intervention=family-therapy/.test(location.search));
    await page.waitForFunction(() => document.querySelector('input[name="intervention"][value="family-therapy"]').checked);
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('a shared URL (journey 1) reloads the same filters and finds the same service', async () => {
    const page = await newPage();
    const q = 'intervention=family-therapy&area=hackney&age=12&accepting=yes';
    await page.goto(site + 'search/?' + q);
    await ready(page);
    for (const [name, value] of [['intervention', 'family-therapy'], ['area', 'hackney'], ['accepting', 'yes']]) {
      assert(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked(), `${name}=${value} not ticked from the URL`);
    }
    assert((await page.inputValue('#f-age')) === '12', 'age not set from the URL');
    const names = (await page.locator('#results-list h3').allTextContents()).map((s) => s.trim());
    if (expected) {
      const want = [...expected.journey1].sort();
      assert(JSON.stringify([...names].sort()) === JSON.stringify(want), `journey 1 found ${JSON.stringify(names)}, expected ${JSON.stringify(want)}`);
    }
    assert(names.length > 0, 'journey 1 found nobody');
    const rows = await page.locator('#results-list .result-services li').allTextContents();
    assert(rows.every((r) => /Family therapy/.test(r) && /Accepting referrals/.test(r) && !/Not accepting/.test(r)), `a shown service does not match: ${rows}`);
    const facts = await page.locator('#results-list .result-facts').first().textContent();
    assert(/call-off/.test(facts) || /Not on an active lot/.test(facts), `no lot or call-off shown: ${facts}`);
    assert(/Accreditation today/.test(facts), 'accreditation status not shown');
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('a sub-region filter finds services anywhere in its member authorities', async () => {
    const page = await newPage();
    await page.goto(site + 'search/?area=north-east-london');
    await ready(page);
    const nel = await statusCount(page);
    await page.goto(site + 'search/?area=hackney');
    await ready(page);
    const hackney = await statusCount(page);
    assert(nel >= hackney && hackney > 0, `north-east-london found ${nel}, hackney ${hackney}`);
    if (expected) assert(nel === expected.nel, `area=north-east-london found ${nel} providers, expected ${expected.nel}`);
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('the home page funding link and intervention links land on filtered results', async () => {
    const page = await newPage();
    await page.goto(site + 'search/?funding=asgsf');
    await ready(page);
    assert(await page.locator('input[name="funding"][value="asgsf"]').isChecked(), 'funding=asgsf not ticked');
    assert(await statusCount(page) > 0, 'nobody the fund can pay');
  });

  await check('"On any framework lot" lists the providers on some lot, and only them', async () => {
    const page = await newPage();
    await page.goto(site + 'search/');
    await ready(page);
    const all = await statusCount(page);
    await page.goto(site + 'search/?lot=nel-therapeutic-support/1');
    await ready(page);
    const one = await statusCount(page);
    await page.goto(site + 'search/?lot=any');
    await ready(page);
    assert(await page.locator('input[name="lot"][value="any"]').isChecked(), 'lot=any not ticked from the URL');
    const any = await statusCount(page);
    assert(any >= one && one > 0 && any < all, `on any lot ${any}, on one lot ${one}, all ${all}`);
    const facts = await page.locator('#results-list .result-facts').allTextContents();
    assert(facts.length > 0 && facts.every((f) => /call-off/.test(f) && !/Not on an active lot/.test(f)), `a result on no lot: ${facts.find((f) => !/call-off/.test(f))}`);
  });

  await check('keyboard only: search, open a facet, tick an option, reach a result', async () => {
    const page = await newPage();
    await page.goto(site + 'search/');
    await ready(page);
    const focusId = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? (a.id || a.tagName.toLowerCase() + (a.name ? '[' + a.name + ']' : '') + ':' + (a.textContent || '').trim().slice(0, 30)) : '';
    });
    let found = false;
    for (let i = 0; i < 30 && !found; i++) { await page.keyboard.press('Tab'); found = (await focusId()) === 'q'; }
    assert(found, 'Tab never reached the search box');
    await afterResults(page, () => page.keyboard.type('counselling'));
    const n1 = await statusCount(page);
    // Tab to the "Kind of support" facet, open it with Enter, tick its first option with Space.
    found = false;
    for (let i = 0; i < 40 && !found; i++) { await page.keyboard.press('Tab'); found = /^summary:Kind of support/.test(await focusId()); }
    assert(found, 'Tab never reached the Kind of support facet');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await afterResults(page, () => page.keyboard.press('Space'));
    assert(new URL(page.url()).searchParams.has('group') || new URL(page.url()).searchParams.has('intervention'), `Space did not tick: ${page.url()}`);
    const n2 = await statusCount(page);
    assert(n2 <= n1, `ticking widened the results ${n1} -> ${n2}`);
    found = false;
    for (let i = 0; i < 400 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => !!document.activeElement.closest('#results-list h3'));
    }
    assert(found, 'Tab never reached a result');
    const visible = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
    assert(visible === 'rgb(255, 221, 0)', `focus is not visible on a result link: ${visible}`);
  });

  await check('usable at 320 px wide: nothing scrolls sideways', async () => {
    const page = await newPage({ viewport: { width: 320, height: 640 } });
    for (const path of ['search/?intervention=family-therapy&area=hackney&age=12&accepting=yes', '', 'providers/', 'landscape/']) {
      await page.goto(site + path);
      if (path.startsWith('search')) {
        await ready(page);
        await page.evaluate(() => document.querySelectorAll('details.facet').forEach((d) => { d.open = true; }));
      }
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 320, `/${path} is ${w} px wide at 320 px`);
    }
  });

  await check('at 320 px the filters fold behind a button and the first result shows without scrolling', async () => {
    const page = await newPage({ viewport: { width: 320, height: 640 } });
    for (const path of ['search/', 'search/?area=hackney']) {
      await page.goto(site + path);
      await ready(page);
      assert(await page.isVisible('#filters-toggle'), `${path}: no filter button at 320 px`);
      assert((await page.getAttribute('#filters-toggle', 'aria-expanded')) === 'false', `${path}: filters not folded at 320 px`);
      assert(await page.isHidden('#filter-panel'), `${path}: filter panel shown while folded`);
      assert(await page.isVisible('#results-status'), `${path}: the count of results is hidden`);
      const top = await page.evaluate(() => {
        window.scrollTo(0, 0);
        return document.querySelector('#results-list h3').getBoundingClientRect().top;
      });
      // The first line of the first result's name is on the first screen.
      assert(top + 30 <= 640, `${path}: the first result starts ${Math.round(top)} px down a 640 px screen`);
      if (path.includes('area=')) {
        assert(await page.isVisible('#selected-filters .filter-tag'), 'the selected filters are hidden with the panel');
        const label = await page.textContent('#filters-toggle');
        assert(/Show filters \(1 selected\)/.test(label), `the button says "${label}"`);
      }
    }
    // Wide again: the panel is simply open and the button gone.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(() => !document.getElementById('filter-panel').hidden);
    assert(await page.isHidden('#filters-toggle'), 'the filter button stays on a wide screen');
  });

  await check('the filter button works by keyboard and keeps focus', async () => {
    const page = await newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(site + 'search/?area=hackney');
    await ready(page);
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement.id === 'filters-toggle');
    }
    assert(found, 'Tab never reached the filter button');
    const box = await page.locator('#filters-toggle').boundingBox();
    assert(box.width >= 44 && box.height >= 44, `the button is ${box.width} by ${box.height} px`);
    const bg = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
    assert(bg === 'rgb(255, 221, 0)', `focus is not visible on the filter button: ${bg}`);
    assert(/aria-controls="filter-panel"/.test(await page.evaluate(() => document.getElementById('filters-toggle').outerHTML)), 'no aria-controls');
    await page.keyboard.press('Enter');
    assert((await page.getAttribute('#filters-toggle', 'aria-expanded')) === 'true', 'Enter did not open the filters');
    assert(await page.isVisible('#filter-panel'), 'the panel did not open');
    assert(await page.evaluate(() => document.activeElement.id === 'filters-toggle'), 'focus left the button when the panel opened');
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => !!document.activeElement.closest('#filter-panel')), 'Tab from the open button does not enter the panel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert((await page.getAttribute('#filters-toggle', 'aria-expanded')) === 'false', 'Space did not close the filters');
    assert(await page.isHidden('#filter-panel'), 'the panel did not close');
    assert(await page.evaluate(() => document.activeElement.id === 'filters-toggle'), 'focus was lost when the panel closed');
    // Applying the filters from inside the panel folds it and moves focus to the results.
    await page.keyboard.press('Enter');
    await page.focus('#apply-filters');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'results-title');
    assert(await page.isHidden('#filter-panel'), 'the panel stayed open after applying the filters');
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('without JavaScript the search page says so and links the lists', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(site + 'search/');
    assert(await page.isVisible('#search-nojs'), 'no notice without JavaScript');
    assert(!(await page.isVisible('#search-form')), 'a form that cannot work is shown');
    // Folding the filters is the script's doing: the markup has them open.
    assert((await page.getAttribute('#filter-panel', 'hidden')) === null, 'the filter panel is hidden in the markup');
    assert((await page.getAttribute('#filters-toggle', 'hidden')) !== null, 'the filter button shows without the script');
    for (const href of ['providers/', 'areas/', 'interventions/', 'frameworks/', 'schemes/']) {
      assert(await page.locator(`#search-nojs a[href$="/${href}"]`).count() === 1, `no link to ${href}`);
    }
  });

  await check('axe-core: no WCAG 2.2 AA violations on the directory with filters open', async () => {
    const page = await newPage();
    await page.goto(site + 'search/?intervention=family-therapy&area=hackney&age=12&accepting=yes&q=family');
    await ready(page);
    await page.evaluate(() => document.querySelectorAll('details.facet').forEach((d) => { d.open = true; }));
    await page.waitForTimeout(200);
    await axe(page, 'search');
    const small = await newPage({ viewport: { width: 320, height: 640 } });
    await small.goto(site + 'search/?area=hackney');
    await ready(small);
    await axe(small, 'search at 320 px, filters folded');
    await small.click('#filters-toggle');
    await small.evaluate(() => document.querySelectorAll('details.facet').forEach((d) => { d.open = true; }));
    await small.waitForTimeout(200);
    await axe(small, 'search at 320 px, filters open');
  });

  await check('every page of the example at 320 px: nothing scrolls sideways, no axe violations', async () => {
    // Every page a reader can reach by following links from the home page (the search page
    // with its query strings is checked above).
    const page = await newPage({ viewport: { width: 320, height: 640 } });
    const seen = new Set(['/']), queue = ['/'], problems = [];
    // The privacy page's promise, in the browser: nothing a page loads or sends goes to
    // another host, and no response sets a cookie.
    const origin = new URL(site).origin;
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol !== 'data:' && u.origin !== origin) problems.push(`a page called another host: ${r.url()}`);
    });
    page.on('response', async (r) => {
      if ((await r.allHeaders())['set-cookie']) problems.push(`${r.url()} set a cookie`);
    });
    while (queue.length) {
      const path = queue.shift();
      const r = await page.goto(site + path.slice(1));
      if (!r.ok()) { problems.push(`${path} answered ${r.status()}`); continue; }
      const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href));
      for (const href of links) {
        const u = new URL(href);
        if (u.origin !== new URL(site).origin || u.search || !u.pathname.endsWith('/') || u.pathname === '/search/') continue;
        if (!seen.has(u.pathname)) { seen.add(u.pathname); queue.push(u.pathname); }
      }
      const wide = await page.evaluate(() => {
        const w = document.documentElement.scrollWidth;
        if (w <= window.innerWidth) return null;
        const out = Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1);
        return `${w} px wide: ` + out.slice(-3).map((e) => e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 40) + '"').join(', ');
      });
      if (wide) problems.push(`${path} is ${wide}`);
      try { await axe(page, path); } catch (e) { problems.push(e.message); }
    }
    assert(seen.size >= 100, `only ${seen.size} pages reached from the home page`);
    for (const p of ['/accessibility/', '/privacy/']) assert(seen.has(p), `${p} is not reached from the home page`);
    assert((await page.context().cookies()).length === 0, 'the browser holds a cookie after the walk');
    assert(problems.length === 0, `${problems.length} of ${seen.size} pages:\n  ${problems.join('\n  ')}`);
    console.log(`     ${seen.size} pages at 320 px`);
  });

  await check('tapping plain text does not restyle the page, nor does "Skip to main content"', async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const look = () => page.evaluate(() => {
      const m = document.querySelector('main'), st = getComputedStyle(m);
      const p = getComputedStyle(document.querySelector('main p'));
      return [st.backgroundColor, st.boxShadow, st.outlineStyle, st.color, p.backgroundColor, p.color].join(' | ');
    });
    for (const path of ['', 'providers/riverbend-family-therapy/', 'handbook/standards/01-practice-model/', 'areas/hackney/']) {
      await page.goto(site + path);
      const before = await look();
      // A paragraph with no link in it, tapped near its start.
      const found = await page.evaluate(() => {
        const p = Array.from(document.querySelectorAll('main p')).find((x) => !x.querySelector('a') && x.textContent.trim().length > 10);
        if (p) p.setAttribute('data-tap', '');
        return !!p;
      });
      assert(found, `/${path}: no plain paragraph to tap`);
      await page.tap('main p[data-tap]', { position: { x: 4, y: 4 } });
      const after = await look();
      assert(before === after, `/${path}: tapping text changed the page: ${before} -> ${after}`);
    }
    await page.goto(site + 'areas/hackney/');
    const before = await look();
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement.classList.contains('skip-link')), 'the first Tab does not reach the skip link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
    assert((await look()) === before, 'skipping to the main content painted it');
    // A focused checkbox on the grey filter panel has a dark ring (3:1 or more against it).
    await page.goto(site + 'search/');
    await ready(page);
    await page.click('#filters-toggle');
    await page.click('details[data-facet="delivery"] summary');
    await page.focus('details[data-facet="delivery"] input[type=checkbox]');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
    assert(ring === 'rgb(11, 12, 12)', `the checkbox focus ring is ${ring}`);
  });

  await check('names in many scripts fold the same in the browser as in the index', async () => {
    assert(expected && expected.folding, 'no folding table from the Rust side');
    const page = await newPage();
    await page.goto(site + 'search/');
    await ready(page);
    const got = await page.evaluate(async (rows) => {
      const w = await import(document.querySelector('script[type=module][src$="/search.js"]').src.replace(/search\.js$/, 'search/words.js'));
      return rows.map((r) => ({ name: r.name, terms: w.words(r.name).map(w.stem), finds: r.finds.map((q) => w.words(q).map((x) => [x, w.stem(x)])) }));
    }, expected.folding);
    const bad = [];
    got.forEach((g, i) => {
      const want = expected.folding[i].terms;
      if (JSON.stringify(g.terms) !== JSON.stringify(want)) bad.push(`${g.name}: browser ${JSON.stringify(g.terms)}, index ${JSON.stringify(want)}`);
      g.finds.forEach((ws, k) => {
        if (!ws.length || !ws.every(([x, st]) => want.some((t) => t === st || t.startsWith(x)))) bad.push(`"${expected.folding[i].finds[k]}" would not find ${g.name}`);
      });
    });
    assert(bad.length === 0, bad.join('\n  '));
    // A name typed exactly finds it with no "names close to what you typed"; a slip finds it too.
    await afterResults(page, () => page.type('#q', 'Kestrel'));
    assert(await page.isHidden('#results-note'), 'an exact name also listed close names');
    const names = await page.locator('#results-list h3').allTextContents();
    assert(names.length >= 1 && names.every((x) => /Kestrel/.test(x)), `"Kestrel" found ${names}`);
    await page.fill('#q', '');
    await afterResults(page, () => page.type('#q', 'Kestrl'));
    assert((await page.locator('#results-list h3').allTextContents()).some((x) => /Kestrel/.test(x)), 'a slip in "Kestrel" finds nothing');
    assert(page.errors.length === 0, page.errors.join('\n'));
  });

  await check('axe-core: no WCAG 2.2 AA violations on the other kinds of page', async () => {
    const page = await newPage();
    await page.goto(site + 'providers/');
    const provider = await page.locator('.letters a').first().getAttribute('href');
    await page.goto(new URL(provider, site).href);
    const first = await page.locator('.provider-list h3 a').first().getAttribute('href');
    const pages = ['', new URL(first, site).pathname.slice(1), 'handbook/', 'areas/', 'landscape/', 'frameworks/', 'interventions/', 'schemes/', 'providers/', 'accessibility/', 'privacy/'];
    await page.goto(site + 'areas/');
    pages.push(new URL(await page.locator('main .tree a').first().getAttribute('href'), site).pathname.slice(1));
    await page.goto(site + 'frameworks/');
    const fw = new URL(await page.locator('main a[href*="/frameworks/"]').first().getAttribute('href'), site).pathname.slice(1);
    pages.push(fw);
    await page.goto(site + fw);
    pages.push(new URL(await page.locator('main a[href*="/lot-"]').first().getAttribute('href'), site).pathname.slice(1));
    // A page of numbered standards and one of competencies, not only the section index.
    for (const section of ['handbook/standards/', 'handbook/competencies/']) {
      await page.goto(site + section);
      const href = await page.locator(`main a[href*="/${section}"]:not([href$="/${section}"])`).first().getAttribute('href');
      assert(href, `no page under /${section}`);
      pages.push(new URL(href, site).pathname.slice(1));
    }
    for (const list of ['interventions/', 'schemes/']) {
      await page.goto(site + list);
      pages.push(new URL(await page.locator(`main a[href*="/${list}"]:not([href$="/${list}"])`).first().getAttribute('href'), site).pathname.slice(1));
    }
    for (const p of pages) {
      const r = await page.goto(site + p);
      assert(r.ok(), `/${p} answered ${r.status()}`);
      await axe(page, '/' + p);
    }
    console.log(`     checked ${pages.map((p) => '/' + p).join(' ')}`);
  });
}

// Bytes from opening the directory to the first results of a query, or of a filter change,
// and the time from the last keystroke to visible results. `--repeat N` runs every action
// N times, taking the actions in turn (so a burst of load elsewhere on the machine touches
// each alike), and prints the median.
async function measureFigures() {
  const ri = args.indexOf('--repeat');
  const repeat = ri > 0 ? Math.max(1, +args[ri + 1] || 1) : 1;
  async function scenario(act, detail, start) {
    const page = await newPage();
    const client = await page.context().newCDPSession(page);
    await client.send('Network.setCacheDisabled', { cacheDisabled: true });
    const seen = [];
    page.on('response', async (r) => {
      try {
        const body = await r.body();
        const isGz = body[0] === 0x1f && body[1] === 0x8b;
        seen.push({ url: r.url().replace(site, '/'), raw: body.length, gz: isGz ? body.length : gzipSync(body, { level: 6 }).length });
      } catch { /* redirects have no body */ }
    });
    await page.goto(site + (start || 'search/'));
    await ready(page);
    lastTimes = null;
    await act(page);
    await page.waitForTimeout(300); // let late responses of this step land; they are counted
    const gz = seen.reduce((a, x) => a + x.gz, 0), raw = seen.reduce((a, x) => a + x.raw, 0);
    if (detail) for (const x of seen.sort((a, b) => b.gz - a.gz).slice(0, 8)) console.log(`    ${(x.gz / 1024).toFixed(1).padStart(6)} kB  ${x.url}`);
    await page.context().close();
    return { gz, raw, requests: seen.length, times: lastTimes };
  }
  const actions = [
    ['open the directory', async () => undefined],
    ['type "family therapy"', (page) => afterResults(page, () => page.type('#q', 'family therapy', { delay: 60 }))],
    ['type a name prefix "oakl"', (page) => afterResults(page, () => page.type('#q', 'oakl', { delay: 60 }))],
    ['tick "Family therapy"', async (page) => {
      await page.click('details[data-facet="intervention"] summary');
      return afterResults(page, () => page.check('input[name="intervention"][value="family-therapy"]'));
    }],
    ['choose age 12', (page) => afterResults(page, () => page.selectOption('#f-age', '12'))],
    ['sort by shortest wait', (page) => afterResults(page, () => page.selectOption('#sort', 'wait'))],
    ['journey 1 URL, then sort by shortest wait', (page) => afterResults(page, () => page.selectOption('#sort', 'wait')),
      'search/?intervention=family-therapy&area=hackney&age=12&accepting=yes'],
    // Near a postcode: its area's slice and the positions column, then every service's
    // distance and the nearest-first order.
    ['type a postcode "E8 1DY"', (page) => afterResults(page, () => page.type('#near', 'E8 1DY', { delay: 60 }))],
    ['a postcode, then within 10 miles', (page) => afterResults(page, () => page.selectOption('#within', '10')), 'search/#near=E8+1DY'],
    ['a postcode, then tick "Family therapy"', async (page) => {
      await page.click('details[data-facet="intervention"] summary');
      return afterResults(page, () => page.check('input[name="intervention"][value="family-therapy"]'));
    }, 'search/#near=E8+1DY'],
  ];
  const got = actions.map(() => []);
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < actions.length; i++) {
      if (repeat === 1) console.log(actions[i][0]);
      got[i].push(await scenario(actions[i][1], repeat === 1, actions[i][2]));
    }
  }
  const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
  for (let i = 0; i < actions.length; i++) {
    const runs = got[i];
    const gz = median(runs.map((x) => x.gz)), raw = median(runs.map((x) => x.raw)), req = median(runs.map((x) => x.requests));
    let line = `${actions[i][0]}: ${req} requests, ${(gz / 1024).toFixed(1)} kB compressed (${(raw / 1024).toFixed(1)} kB raw)`;
    if (runs[0].times) {
      const painted = runs.map((x) => x.times.painted), complete = runs.map((x) => x.times.complete);
      line += `; first results painted ${median(painted).toFixed(0)} ms after the last input (${painted.map((x) => x.toFixed(0)).join(', ')})`;
      line += `; whole page ${median(complete).toFixed(0)} ms`;
    }
    console.log(line);
  }
  const cold = [];
  for (let r = 0; r < repeat; r++) {
    const page = await newPage();
    await page.goto(site + 'search/?intervention=family-therapy&area=hackney&age=12&accepting=yes');
    const t = Date.now();
    await ready(page);
    cold.push(Date.now() - t);
    await page.context().close();
  }
  console.log(`journey 1 URL opened cold: whole page of results ${median(cold).toFixed(0)} ms after the load event (${cold.join(', ')})`);
}
