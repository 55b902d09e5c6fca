import { chromium } from 'playwright-core';
const base = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
for (const extra of [[], ['--disable-frame-rate-limit'], ['--disable-frame-rate-limit', '--disable-gpu-vsync'], ['--disable-frame-rate-limit', '--disable-gpu-vsync', '--headless=old']]) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...base, ...extra] });
  const page = await browser.newPage();
  await page.setContent('<div>x</div>');
  const n = await page.evaluate(`new Promise((r) => { let n = 0; const end = performance.now() + 1000; const f = (t) => { n++; if (t < end) requestAnimationFrame(f); else r(n); }; requestAnimationFrame(f); })`);
  console.log(extra.join(' ') || '(none)', n);
  await browser.close();
}
