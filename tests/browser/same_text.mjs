// Two builds of one site must read the same in a browser: every page's rendered text
// (`innerText`, which follows CSS's whitespace rules), its layout width and height at 320 px,
// and the URL every `href`, `src` and `action` on it resolves to, as the browser parsed it.
//
//   node same_text.mjs <dir-a> <dir-b>
//
// tests/e2e/compact.rs uses it to hold the whitespace taken out of the templates against
// minify-html's own rules: one build minified, one not. Each folder is served over HTTP
// here, so the site's own stylesheet applies.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) fail('usage: node same_text.mjs <dir-a> <dir-b>');

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml' };
function serve(root) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.includes('..')) { res.writeHead(400); res.end(); return; }
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function pages(root, rel = '') {
  const out = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(join(root, r)).isDirectory()) out.push(...pages(root, r));
    else if (name === 'index.html') out.push(rel ? `${rel}/` : '');
  }
  return out;
}

const [sa, sb] = await Promise.all([serve(dirA), serve(dirB)]);
const urlA = `http://127.0.0.1:${sa.address().port}/`;
const urlB = `http://127.0.0.1:${sb.address().port}/`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const ctx = await browser.newContext({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false });
const page = await ctx.newPage();
const read = async (url) => {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    // The two folders are served on different ports: a link to the page's own origin is
    // written as `/...` so that the two compare.
    const here = (u) => (u.startsWith(location.origin + '/') ? u.slice(location.origin.length) : u);
    const links = [];
    for (const e of document.querySelectorAll('[href],[src],[action]')) {
      for (const a of ['href', 'src', 'action']) {
        if (e.hasAttribute(a)) links.push(`<${e.localName} ${a}> ${here(new URL(e.getAttribute(a), document.baseURI).href)}`);
      }
    }
    return { text: document.body.innerText, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, links: links.join('\n') };
  });
};

const list = pages(dirA);
let differ = 0;
let links = 0;
const queries = new Set();
for (const p of list) {
  const [a, b] = [await read(urlA + p), await read(urlB + p)];
  links += a.links ? a.links.split('\n').length : 0;
  for (const l of a.links.split('\n')) if (/\?.*&/.test(l)) queries.add(l.split('> ')[1]);
  for (const key of ['text', 'width', 'height', 'links']) {
    if (a[key] !== b[key]) {
      differ++;
      let detail = `${a[key]} against ${b[key]}`;
      if (key === 'text' || key === 'links') {
        const [x, y] = [a[key], b[key]];
        const i = [...x].findIndex((c, k) => c !== y[k]);
        detail = `first difference at character ${i}: ${JSON.stringify(x.slice(Math.max(0, i - 40), i + 40))} against ${JSON.stringify(y.slice(Math.max(0, i - 40), i + 40))}`;
      }
      console.log(`FAIL /${p}: ${key} differs, ${detail}`);
      break;
    }
  }
}
await browser.close();
sa.close();
sb.close();
console.log(`links whose query string holds &: ${[...queries].sort().join(' ')}`);
console.log(`${list.length} pages compared, ${links} links and sources on them, ${differ} differ`);
if (list.length === 0) fail('no pages found');
process.exit(differ ? 1 : 0);
