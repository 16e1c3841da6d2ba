// Loads every page of the site `wslsp catalog` wrote in Debian's Chromium (headless, through
// playwright-core over the DevTools protocol) and fails on the first of: a console error or
// page error, a request that fails or leaves the file system, an internal link to a file that
// does not exist, a page whose `lang` is not its locale, a filter box that does not narrow its
// index, or a locale's pair page without that locale's text (from $WSLSP_EXPECT, which the Rust
// test writes from the library). With $WSLSP_SCREENSHOTS, saves the pair page in fr and ja there.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const site = path.resolve(process.env.WSLSP_SITE);
const expected = JSON.parse(fs.readFileSync(process.env.WSLSP_EXPECT, 'utf8'));
const require = createRequire(path.join(path.resolve(process.env.WSLSP_WORK), 'package.json'));
const { chromium } = require('playwright-core');

const problems = [];
function fail(message) {
  problems.push(message);
}

function htmlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wslsp-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let current = '';
try {
  // The site must not need the network: any request outside the file system fails the test.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    fail(`${current}: requested ${url}`);
    return route.abort();
  });
  // Each tab reports its errors with the page it is on.
  const watch = (page, where) => {
    page.on('console', (message) => {
      if (message.type() === 'error') fail(`${where()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => fail(`${where()}: page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      fail(`${where()}: ${request.url()} failed: ${request.failure()?.errorText}`);
    });
    return page;
  };
  const page = watch(context.pages()[0] ?? await context.newPage(), () => current);

  // Every page, in a few tabs at once.
  const files = htmlFiles(site);
  let links = 0;
  let next = 0;
  const started = Date.now();
  async function loadAll() {
    let here = '';
    const tab = watch(await context.newPage(), () => here);
    while (next < files.length) {
      const file = files[next++];
      here = path.relative(site, file);
      const response = await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      if (!response || !response.ok()) fail(`${here}: did not load`);
      const locale = here.includes(path.sep) ? here.split(path.sep)[0] : 'en';
      const { lang, targets } = await tab.evaluate(() => ({
        lang: document.documentElement.lang,
        targets: [...document.querySelectorAll('a[href], link[href], script[src]')]
          .map((e) => e.href || e.src),
      }));
      if (lang !== locale) fail(`${here}: lang="${lang}", expected "${locale}"`);
      for (const target of targets.filter((t) => t.startsWith('file:'))) {
        links += 1;
        if (!fs.existsSync(fileURLToPath(target.split('#')[0]))) {
          fail(`${here}: broken link to ${target}`);
        }
      }
    }
    await tab.close();
  }
  await Promise.all([loadAll(), loadAll(), loadAll(), loadAll()]);
  console.error(`loaded ${files.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s, ${links} internal links resolve`);

  const visible = () => page.$$eval('section[data-filter] li', (items) =>
    items.filter((item) => item.offsetParent !== null).map((item) => item.textContent));
  for (const [locale, want] of Object.entries(expected)) {
    current = `${locale}/index.html`;
    await page.goto(pathToFileURL(path.join(site, locale, 'index.html')).href);
    const all = (await visible()).length;
    await page.fill('#filter', '1008');
    const narrowed = await visible();
    if (!(narrowed.length > 0 && narrowed.length < all)) {
      fail(`${current}: filter "1008" shows ${narrowed.length} of ${all} items`);
    }
    if (narrowed.some((text) => !text.includes('1008'))) fail(`${current}: filter "1008" kept other items`);
    await page.fill('#filter', want.filter_word);
    const found = await visible();
    if (!found.some((text) => text.includes(want.filter_word))) {
      fail(`${current}: filter "${want.filter_word}" finds nothing`);
    }
    await page.fill('#filter', 'zzqxj');
    if ((await visible()).length !== 0 || !(await page.isVisible('#filter-none'))) {
      fail(`${current}: a filter matching nothing does not say so`);
    }
    await page.fill('#filter', '');
    if ((await visible()).length !== all) fail(`${current}: clearing the filter does not restore the index`);

    current = `${locale}/1008-vs-1010.html`;
    await page.goto(pathToFileURL(path.join(site, locale, '1008-vs-1010.html')).href);
    const h1 = (await page.textContent('h1')).trim();
    if (h1 !== want.title) fail(`${current}: h1 is "${h1}", expected "${want.title}"`);
    const text = await page.innerText('main');
    for (const part of want.texts) {
      if (!text.includes(part)) fail(`${current}: lacks "${part}"`);
    }
    for (const part of want.absent) {
      if (text.includes(part)) fail(`${current}: shows another locale's "${part}"`);
    }
    if (process.env.WSLSP_SCREENSHOTS && ['fr', 'ja'].includes(locale)) {
      await page.screenshot({ path: path.join(process.env.WSLSP_SCREENSHOTS, `catalog-1008-vs-1010-${locale}.png`) });
    }
  }
  console.error(`filter and locale text checked in ${Object.keys(expected).length} locales`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(problems.slice(0, 40).join('\n'));
  console.error(`${problems.length} problems`);
  process.exit(1);
}
console.error('catalog site: every page loads without errors in Chromium');
