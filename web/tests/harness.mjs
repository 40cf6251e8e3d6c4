// What the browser tests share (e2e.mjs, hostile.mjs): Debian's Chromium driven by
// playwright-core (no browser download), a tiny test runner, and the waits on the
// page's own measurements (`window.__aac`, see src/main.js).

import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Headless Chromium: $CHROMIUM, else Debian's /usr/bin/chromium. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function assertEq(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)?.slice(0, 300)}, got ${JSON.stringify(actual)?.slice(0, 300)}`);
  }
}

/** A runner that records `{name, ok, error}` in `results` and prints a line per test. */
export function testRunner(results) {
  return async function test(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false, error: String(e.stack || e) });
      console.log(`FAIL ${name}: ${e.stack || e}`);
    }
  };
}

/** Opens the playground and waits for its first manifests and its editor. */
export async function openPlayground(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__aac && window.__aac.firstRenderMs != null && window.__aac.editorMs != null, null, { timeout: 15000 });
}

/** The page's measurements and state (`window.__aac`), as plain data. */
export const aac = (page) => page.evaluate(() => ({
  ...window.__aac, state: window.__aac.state(), shown: window.__aac.shown(), idle: window.__aac.idle(),
}));

/**
 * Waits until the page has applied `n` more renders than `before`. Polls on a
 * timer, not every animation frame, so the waiting adds no work to the frames
 * being measured.
 */
export async function waitRenders(page, before, n = 1) {
  await page.waitForFunction((want) => window.__aac.renders >= want, before + n, { timeout: 10000, polling: 50 });
}

/** Waits until every edit so far is rendered and shown. */
export async function settled(page, timeout = 10000) {
  await page.waitForFunction(() => window.__aac.idle(), null, { timeout, polling: 20 });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
