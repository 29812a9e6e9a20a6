// `landscape serve`'s live reload and error overlay in Debian's Chromium: an open provider
// page reloads with a good edit; a broken edit puts the errors `check` prints over it (a
// modal alert dialog, announced, keyboard dismissable, axe-clean, no sideways scrolling at
// 320 px) with the last good page still underneath; the fix clears it.
//
//   LANDSCAPE=<binary> TODAY=<date> node serve.mjs <site-url> <provider-file> <provider-id>
//
// The provider file is in the site root `landscape serve` watches; this script edits it and
// puts it back as it was. LANDSCAPE and TODAY (serve's --today) run `landscape check` on the
// broken file, to compare its errors with the overlay's.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { launch, axeSource, axeViolations, fail } from './launch.mjs';

const site = (process.argv[2] || '').replace(/\/?$/, '/');
const file = process.argv[3];
const id = process.argv[4];
if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+\/$/.test(site) || !file || !id || !process.env.LANDSCAPE || !process.env.TODAY) {
  fail('usage: LANDSCAPE=target/release/landscape TODAY=YYYY-MM-DD node serve.mjs http://127.0.0.1:PORT/ SITE/providers/orgs/<id>.yaml <id>');
}
const root = dirname(dirname(dirname(file)));

// The errors `landscape check` prints for the site as it is now: each a block from its
// `error:` line to the blank line after it (the warnings are not the overlay's).
function checkErrors() {
  const run = spawnSync(process.env.LANDSCAPE, ['check', '--root', root, '--today', process.env.TODAY], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.stderr.split(/\n\s*\n/).filter((b) => b.startsWith('error'));
}
const original = readFileSync(file, 'utf8');
if (!/^summary: .*$/m.test(original)) fail(`${file} has no one-line summary to edit`);
const withSummary = (words) => original.replace(/^summary: .*$/m, `summary: "${words}"`);

const browser = await launch();
const axe = axeSource();
let failures = 0, passes = 0;
async function check(name, fn) {
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

// Two tabs on the provider's page, as a person with a laptop and a phone-sized window would
// have: the edits below must reach both.
async function open(width) {
  const ctx = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${site}providers/${id}/`);
  // The live script has had the site's state once: it waits for the next change.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/_landscape/state')), null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(300);
  return page;
}
const wide = await open(1280);
const narrow = await open(320);
const tabs = [wide, narrow];
const mainText = (page) => page.evaluate(() => document.querySelector('main')?.innerText || '');
const overlay = (page) => page.locator('#landscape-errors');

const goodWords = `Edited in the browser test ${Date.now()}.`;
await check('a good edit reloads the open pages with the new summary', async () => {
  assert(!(await mainText(wide)).includes(goodWords), 'the new words are on the page before the edit');
  const reloads = tabs.map((p) => p.waitForEvent('load', { timeout: 30000 }));
  writeFileSync(file, withSummary(goodWords));
  await Promise.all(reloads);
  for (const p of tabs) {
    await p.waitForFunction((w) => document.querySelector('main')?.innerText.includes(w), goodWords, { timeout: 10000 });
    assert((await overlay(p).count()) === 0, 'an overlay is shown after a good edit');
  }
});

// An unknown field on the line after the summary: `check` names the file, the line, the
// field and shows the line with a caret under it.
const broken = withSummary(goodWords).replace(/^(summary: .*)$/m, '$1\ncolour: blue');
const brokenLine = broken.split('\n').findIndex((l) => l.startsWith('colour:')) + 1;
const fileName = `providers/orgs/${basename(file)}`;
await check('a broken edit shows check\'s diagnostics over the last good page, without reloading it', async () => {
  for (const p of tabs) await p.evaluate(() => { window.__sameDocument = true; });
  writeFileSync(file, broken);
  const errors = checkErrors();
  assert(errors.length === 1, `check reports ${errors.length} errors for the broken file:\n${errors.join('\n\n')}`);
  for (const p of tabs) {
    await overlay(p).waitFor({ state: 'visible', timeout: 30000 });
    const text = await overlay(p).innerText();
    assert(text.includes(`${fileName}:${brokenLine}`), `the overlay does not name ${fileName}:${brokenLine}:\n${text}`);
    assert(text.includes('colour'), `the overlay does not name the field colour:\n${text}`);
    const lines = text.split('\n');
    const quoted = lines.findIndex((l) => l.includes('colour: blue'));
    assert(quoted >= 0 && lines.slice(quoted + 1, quoted + 3).some((l) => /\^/.test(l)), `no caret line under the quoted line:\n${text}`);
    // Word for word what `check` prints, caret line included.
    const shown = await p.locator('#landscape-errors pre').textContent();
    for (const e of errors) assert(shown.includes(e), `the overlay differs from check's error:\n--- check\n${e}\n--- overlay\n${shown}`);
    assert(await p.evaluate(() => window.__sameDocument === true), 'the page reloaded on a broken edit');
    const under = await mainText(p);
    assert(under.includes(goodWords), 'the last good page is not in the DOM under the overlay');
  }
});

await check('the overlay is an alert dialog that takes focus, so it is announced', async () => {
  for (const p of tabs) {
    const dialog = p.getByRole('alertdialog', { name: /register has errors/ });
    assert((await dialog.count()) === 1, 'no alert dialog named for the errors');
    const a = await p.evaluate(() => {
      const box = document.getElementById('landscape-errors');
      const described = document.getElementById(box.getAttribute('aria-describedby') || '');
      return { modal: box.getAttribute('aria-modal'), described: described?.textContent || '', focusIn: box.contains(document.activeElement) };
    });
    assert(a.modal === 'true', 'the dialog is not aria-modal');
    assert(a.described.includes(fileName), 'the dialog is not described by the errors');
    assert(a.focusIn, 'focus did not move into the overlay');
  }
});

await check('axe-core: no violations with the overlay shown, at 1280 and 320 px', async () => {
  for (const p of tabs) {
    const v = await axeViolations(p, axe);
    const width = p.viewportSize().width;
    assert(v.length === 0, `${v.length} violations at ${width} px:\n  ${v.join('\n  ')}`);
  }
});

await check('at 320 px the overlay fits: no sideways scrolling, the whole message wraps', async () => {
  const m = await narrow.evaluate(() => {
    const box = document.getElementById('landscape-errors');
    const pre = box.querySelector('pre');
    return { doc: document.documentElement.scrollWidth, box: box.scrollWidth, boxClient: box.clientWidth, pre: pre.scrollWidth, preClient: pre.clientWidth, font: parseFloat(getComputedStyle(pre).fontSize) };
  });
  // The page underneath is checked at 320 px by the other browser tests; the overlay must
  // add no width of its own.
  assert(m.box <= m.boxClient && m.pre <= m.preClient, `the overlay scrolls sideways at 320 px: ${JSON.stringify(m)}`);
  assert(m.doc <= 320, `the page is ${m.doc} px wide at 320 px with the overlay shown`);
  assert(m.font >= 14, `the errors are set in ${m.font} px type`);
});

await check('the keyboard reaches the hide button, Escape and the button hide the overlay and give focus back', async () => {
  const p = wide;
  await p.keyboard.press('Tab');
  let focused = await p.evaluate(() => document.activeElement?.textContent);
  assert(focused === 'Hide until the next change', `Tab reached "${focused}", not the hide button`);
  await p.keyboard.press('Tab');
  focused = await p.evaluate(() => document.getElementById('landscape-errors').contains(document.activeElement));
  assert(focused, 'Tab left the open dialog');
  const ring = await p.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(ring !== 'none', 'the focused hide button shows no focus ring');
  await p.keyboard.press('Enter');
  assert(!(await overlay(p).isVisible()), 'Enter on the hide button left the overlay shown');
  // The held request for news comes back with no change after a while: the box stays hidden.
  const n = narrow;
  await n.keyboard.press('Escape');
  assert(!(await overlay(n).isVisible()), 'Escape left the overlay shown');
  assert((await mainText(n)).includes(goodWords), 'the last good page is not readable once the overlay is hidden');
});

await check('a second broken save shows the hidden overlay again', async () => {
  writeFileSync(file, broken.replace('colour: blue', 'colour: green'));
  for (const p of tabs) {
    await overlay(p).waitFor({ state: 'visible', timeout: 30000 });
    assert((await overlay(p).innerText()).includes('colour: green'), 'the overlay shows the older errors');
  }
});

await check('fixing the file clears the overlay and reloads the pages with the fix', async () => {
  const fixedWords = `Fixed in the browser test ${Date.now()}.`;
  const reloads = tabs.map((p) => p.waitForEvent('load', { timeout: 30000 }));
  writeFileSync(file, withSummary(fixedWords));
  await Promise.all(reloads);
  for (const p of tabs) {
    await p.waitForFunction((w) => document.querySelector('main')?.innerText.includes(w), fixedWords, { timeout: 10000 });
    await p.waitForTimeout(200);
    assert((await overlay(p).count()) === 0, 'the overlay is still there after the fix');
    assert(p.errors.length === 0, `script errors: ${p.errors.join('; ')}`);
  }
});

writeFileSync(file, original);
await browser.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
