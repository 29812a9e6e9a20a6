// Highlighted code is visible and readable: on a page with code examples, the highlighted
// spans take colours of their own (not the body text's), and every span's colour has at
// least 4.5:1 contrast (WCAG AA) against its code block, on screen and in print (where the
// block's background may be dropped, so against white paper too).
//
//   node highlight.mjs <built-site> <page-path>
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  fail(`node modules missing (${e.message}): run \`npm ci --prefix tests/browser\``);
}
const [dir, path] = process.argv.slice(2);
if (!dir || !path) fail('usage: node highlight.mjs <built-site> <page-path>');

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };
const server = createServer((req, res) => {
  const p = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  let file = join(dir, p);
  if (p.includes('..') || !existsSync(file)) { res.writeHead(404); res.end(); return; }
  if (statSync(file).isDirectory()) file = join(file, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/${path}`, { waitUntil: 'load' });

let problems = 0;
for (const media of ['screen', 'print']) {
  await page.emulateMedia({ media });
  const r = await page.evaluate(() => {
    const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const body = getComputedStyle(document.body).color;
    const spans = [...document.querySelectorAll('pre.hl span')].filter((s) => s.textContent.trim());
    const colours = new Map();
    for (const s of spans) {
      const pre = s.closest('pre');
      const bg = getComputedStyle(pre).backgroundColor;
      const c = getComputedStyle(s).color;
      const key = `${c} on ${bg}`;
      if (!colours.has(key)) colours.set(key, { colour: c, text: s.textContent.trim().slice(0, 20), block: ratio(c, bg), paper: ratio(c, 'rgb(255, 255, 255)') });
    }
    return { body, spans: spans.length, colours: [...colours.values()] };
  });
  const own = r.colours.filter((c) => c.colour !== r.body);
  console.log(`${media}: ${r.spans} highlighted spans, ${own.length} colours besides the body text's ${r.body}`);
  if (r.spans === 0) { console.log(`FAIL ${media}: no highlighted code on /${path}`); problems++; }
  if (own.length === 0) { console.log(`FAIL ${media}: every highlighted span has the body text's colour`); problems++; }
  for (const c of r.colours) {
    const worst = Math.min(c.block, c.paper);
    console.log(`  ${c.colour} (e.g. ${JSON.stringify(c.text)}): ${c.block.toFixed(2)}:1 on the block, ${c.paper.toFixed(2)}:1 on white`);
    if (worst < 4.5) { console.log(`FAIL ${media}: ${c.colour} is under 4.5:1`); problems++; }
  }
}
await browser.close();
server.close();
process.exit(problems ? 1 : 0);
