// How the browser tests start Debian's Chromium through playwright-core, in one place: the
// same path, the same flags, and the same failure (never a skip) when Chromium or the node
// modules are missing.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Headless, and nothing the browser would fetch or update on its own during a test.
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function fail(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}

// Chromium, started; fails the run when it or playwright-core is missing.
export async function launch() {
  if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    fail(`node modules missing (${e.message}): run \`npm ci --prefix tests/browser\``);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

// axe-core's source, to inject into a page.
export function axeSource() {
  try {
    return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (e) {
    fail(`node modules missing (${e.message}): run \`npm ci --prefix tests/browser\``);
  }
}

// axe-core's WCAG 2.2 A and AA rules on `page`: the violations, one line each.
export async function axeViolations(page, source = axeSource()) {
  await page.addScriptTag({ content: source });
  const res = await page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
  return res.violations.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
