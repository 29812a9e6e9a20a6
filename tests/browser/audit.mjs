// Browser checks for the landscape audit, in Debian's Chromium through playwright-core:
// axe-core on /landscape/ and an area page at 1280 and 320 px, nothing scrolling sideways
// at 320 px, every chart named, and the audit's content visible when printed.
//
//   node audit.mjs <site-url> <area-path>
import { launch, axeSource, axeViolations, fail } from './launch.mjs';

const site = (process.argv[2] || '').replace(/\/?$/, '/');
const areaPath = process.argv[3];
if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+\/$/.test(site) || !areaPath) fail('usage: node audit.mjs http://127.0.0.1:PORT/ areas/<id>/');

const browser = await launch();
const axe = axeSource();
let failures = 0, passes = 0;
async function check(name, fn) {
  try {
    await fn();
    passes++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
async function open(path, width) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
  const page = await ctx.newPage();
  await page.goto(site + path);
  return page;
}
async function axeClean(page, label) {
  const v = await axeViolations(page, axe);
  assert(v.length === 0, `axe on ${label}: ${v.length} violations\n  ${v.join('\n  ')}`);
}

const paths = ['landscape/', areaPath];
// The lists the audit and the register link to: a cell with its online catchments, one
// catchment's online list, the practice models and one model's providers.
const lists = ['areas/hackney/family-therapy/', 'areas/hackney/family-therapy/online/', 'practice-models/', 'practice-models/systemic/'];
for (const path of lists) {
  for (const width of [1280, 320]) {
    await check(`axe-core: no violations on /${path} at ${width} px, and no sideways scroll`, async () => {
      const page = await open(path, width);
      assert((await page.title()).length > 0, `/${path} has a title`);
      await axeClean(page, `/${path} at ${width} px`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= width, `/${path} is ${w} px wide at ${width} px`);
      await page.context().close();
    });
  }
}
for (const path of paths) {
  for (const width of [1280, 320]) {
    await check(`axe-core: no violations on /${path} at ${width} px`, async () => {
      const page = await open(path, width);
      await axeClean(page, `/${path} at ${width} px`);
      await page.context().close();
    });
  }
  await check(`/${path} does not scroll sideways at 320 px`, async () => {
    const page = await open(path, 320);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(w <= 320, `/${path} is ${w} px wide at 320 px`);
    // The matrix is a list per area on a phone: its rows are blocks, its header hidden.
    const display = await page.evaluate(() => getComputedStyle(document.querySelector('table.matrix tr')).display);
    assert(display === 'block', `matrix rows display as ${display} at 320 px`);
    await page.context().close();
  });
  await check(`every chart on /${path} has an accessible name and a text alternative`, async () => {
    const page = await open(path, 1280);
    const charts = await page.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => {
      const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
      const name = ids.map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
      return { role: svg.getAttribute('role'), name, title: svg.querySelector('title')?.textContent || '', desc: svg.querySelector('desc')?.textContent || '' };
    }));
    assert(charts.length >= 2, `only ${charts.length} charts on /${path}`);
    for (const c of charts) {
      assert(c.role === 'img' && c.title && c.desc && c.name.includes(c.title), `a chart lacks a name or text alternative: ${JSON.stringify(c)}`);
    }
    const snapshot = await page.accessibility?.snapshot?.();
    if (snapshot) {
      const names = [];
      (function walk(n) { if (n.role === 'img') names.push(n.name); (n.children || []).forEach(walk); })(snapshot);
      assert(names.filter(Boolean).length >= charts.length, `the accessibility tree names ${names.filter(Boolean).length} of ${charts.length} charts`);
    }
    await page.context().close();
  });
  await check(`/${path} prints: the audit's sections, matrix and charts are visible on paper`, async () => {
    const page = await open(path, 1280);
    await page.emulateMedia({ media: 'print' });
    const seen = await page.evaluate(() => {
      const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
      return {
        sections: [...document.querySelectorAll('section.audit')].map((s) => [s.querySelector('h2').textContent, visible(s)]),
        matrix: visible(document.querySelector('table.matrix')),
        charts: [...document.querySelectorAll('svg.chart')].map(visible),
        width: document.documentElement.scrollWidth,
      };
    });
    assert(seen.sections.length >= 7, `only ${seen.sections.length} audit sections`);
    for (const [h, v] of seen.sections) assert(v, `section "${h}" hidden in print`);
    assert(seen.matrix, 'the matrix is hidden in print');
    assert(seen.charts.every(Boolean), 'a chart is hidden in print');
    const pdf = await page.pdf({ format: 'A4' });
    assert(pdf.length > 10000, `the printed PDF is only ${pdf.length} bytes`);
    await page.context().close();
  });
}
await browser.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
