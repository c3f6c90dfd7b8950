// Real-browser end-to-end test of faktabot's chat page, with Debian's
// Chromium driven by playwright-core.
//
//   node tests/browser/e2e.mjs --url http://127.0.0.1:8930 --out /tmp/shots
//
// Nine checks, each counted once, run in order; a failure does not stop the
// rest. The page keeps its Content-Security-Policy in every context but the
// one that injects axe-core, so the checks prove the page works under it.
// Console errors, page errors, failed requests and CSP violations seen
// during a check fail that check. The last line is
// "browser: N passed, M failed"; the exit code is 0 only when none failed.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

// ----- arguments -----------------------------------------------------------

function usage(message) {
  if (message) console.error(`e2e: ${message}`);
  console.error('usage: node e2e.mjs --url BASE_URL --out DIR [--chromium PATH]');
  process.exit(2);
}

const opts = { url: '', out: '', chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const next = () => process.argv[++i] ?? usage(`${a} needs a value`);
  if (a === '--url') opts.url = next();
  else if (a === '--out') opts.out = next();
  else if (a === '--chromium') opts.chromium = next();
  else if (a === '-h' || a === '--help') usage();
  else usage(`unknown argument ${a}`);
}
if (!opts.url) usage('--url is required');
if (!opts.out) usage('--out is required');
const BASE = opts.url.replace(/\/+$/, '');
const OUT = resolve(opts.out);
mkdirSync(OUT, { recursive: true });

const CHECK_TIMEOUT_MS = 90_000;
const ANSWER_TIMEOUT_MS = 30_000;

const Q_LANEKASSEN = 'Hvem eier Lånekassen?';
const Q_HEALTH = 'Hvordan finansieres digitalisering i helsesektoren?';
const XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

// ----- problems the browser reports ----------------------------------------

const problems = [];
const warnings = [];

// In every page before its own scripts: report CSP violations as console
// errors, which the listener below collects.
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(
      `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || '?'}:${e.lineNumber || 0}`,
    );
  });
}

function watch(page, tag) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`[${tag}] console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`[${tag}] page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText || 'failed';
    // A navigation that replaces the page aborts what it was still loading.
    if (/ERR_ABORTED/.test(failure)) return;
    problems.push(`[${tag}] request failed: ${req.method()} ${req.url()} (${failure})`);
  });
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const url = res.url();
    if (/\/favicon\.(ico|svg)$/.test(url)) warnings.push(`[${tag}] ${res.status()} for ${url}`);
    else problems.push(`[${tag}] HTTP ${res.status()} for ${res.request().method()} ${url}`);
  });
  return page;
}

// ----- the browser -----------------------------------------------------------

let browser;
async function launch() {
  browser = await chromium.launch({
    executablePath: opts.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
}

const contexts = [];
async function newPage(tag, contextOptions = {}) {
  const context = await browser.newContext({
    locale: 'nb-NO',
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    ...contextOptions,
  });
  contexts.push(context);
  await context.addInitScript(reportViolations);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return watch(page, tag);
}

// ----- the page --------------------------------------------------------------

const TURNS = '#log [data-kind="answer"], #log [data-kind="error"]';

async function open(page) {
  const response = await page.goto(`${BASE}/`, { waitUntil: 'load' });
  if (!response) throw new Error('no response for /');
  if (response.status() !== 200) throw new Error(`GET / answered ${response.status()}`);
  await page.locator('#question').waitFor({ state: 'visible' });
  return response;
}

const turnCount = (page) => page.locator(TURNS).count();

// Waits for the turn after `before` answers/errors, and returns it.
async function nextTurn(page, before) {
  await page.waitForFunction(
    ([selector, n]) =>
      document.querySelectorAll(selector).length > n &&
      document.getElementById('log').getAttribute('aria-busy') === 'false',
    [TURNS, before],
    { timeout: ANSWER_TIMEOUT_MS },
  );
  const turn = page.locator(TURNS).nth(before);
  if ((await turn.getAttribute('data-kind')) === 'error') {
    throw new Error(`the page showed an error instead of an answer: ${(await turn.innerText()).trim()}`);
  }
  return turn;
}

// Types into the focused question box and presses Enter.
async function askByKeyboard(page, text) {
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused !== 'question') throw new Error(`focus is on #${focused || '(nothing)'}, not in the question box`);
  const before = await turnCount(page);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  return nextTurn(page, before);
}

// Puts the text in the box and submits it (for contexts that are not about
// the keyboard).
async function ask(page, text) {
  const before = await turnCount(page);
  await page.locator('#question').fill(text);
  await page.locator('#question').press('Enter');
  return nextTurn(page, before);
}

const activeInfo = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} «${(a.textContent || '').trim().slice(0, 40)}»` : '(none)';
  });

async function noHorizontalScroll(page) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (m.scrollWidth > m.innerWidth) {
    throw new Error(`horizontal scroll: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`);
  }
  return m;
}

async function inViewport(page, selector) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not rendered`);
  const vp = await page.evaluate(() => ({ w: window.innerWidth, h: window.innerHeight }));
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.w + 0.5 && box.y + box.height <= vp.h + 0.5;
  if (!inside) {
    throw new Error(
      `${selector} is outside the ${vp.w}×${vp.h} viewport: x=${box.x.toFixed(0)} y=${box.y.toFixed(0)} w=${box.width.toFixed(0)} h=${box.height.toFixed(0)}`,
    );
  }
  if (!(await page.locator(selector).isVisible())) throw new Error(`${selector} is not visible`);
}

// A full-page shot taken from the bottom, where the sticky question box sits
// in its own place rather than over the answers.
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(OUT, name), fullPage: true });
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// ----- running checks --------------------------------------------------------

const results = [];

async function check(name, fn) {
  const n = results.length + 1;
  const seen = problems.length;
  const started = Date.now();
  let error = null;
  let timer;
  try {
    if (!browser) throw new Error('no browser');
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    error = e;
  } finally {
    clearTimeout(timer);
  }
  const fresh = problems.slice(seen);
  if (!error && fresh.length) error = new Error(`the browser reported problems:\n    ${fresh.join('\n    ')}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (error) {
    const message = String(error.message || error).split('\n').slice(0, 12).join('\n    ');
    console.log(`FAIL ${n} - ${name} (${secs} s)\n    ${message}`);
  } else {
    console.log(`ok   ${n} - ${name} (${secs} s)`);
  }
  results.push(!error);
}

// ----- the checks --------------------------------------------------------------

let main; // the keyboard user's page, kept across checks 1–5

async function run() {
  await check('page loads: title, labelled input, <html lang="nb">, CSP, no console errors', async () => {
    main = await newPage('nb');
    const response = await open(main);
    const csp = response.headers()['content-security-policy'] || '';
    expect(/script-src 'self'/.test(csp), `no Content-Security-Policy with script-src 'self' on / (got «${csp}»)`);
    expect(!/unsafe-inline|unsafe-eval/.test(csp), `CSP allows unsafe-inline/unsafe-eval: ${csp}`);
    const html = await response.text();
    expect(!/\{\{\s*lang\s*\}\}/.test(html), 'the {{lang}} placeholder was not replaced');
    expect(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'index.html has an inline <script>');
    expect(!/<style\b|\sstyle=|\son[a-z]+=/i.test(html), 'index.html has inline style or on*= handlers');
    expect((await main.evaluate(() => document.documentElement.lang)) === 'nb', '<html lang> is not nb');
    const title = await main.title();
    expect(/Faktabot/.test(title), `title «${title}» does not name Faktabot`);
    const input = main.getByLabel('Ditt spørsmål', { exact: true });
    expect((await input.count()) === 1, 'no input labelled «Ditt spørsmål»');
    expect((await input.getAttribute('id')) === 'question', 'the labelled input is not #question');
    expect((await input.getAttribute('maxlength')) === '2000', 'the input has no maxlength 2000');
    const log = main.getByRole('log', { name: 'Samtale' });
    expect((await log.count()) === 1, 'no role=log labelled «Samtale»');
    expect((await log.getAttribute('aria-live')) === 'polite', 'the log is not aria-live=polite');
    expect((await main.locator('#examples button').count()) === 6, 'not six example questions');
    const source = main.locator('footer a[href*="digdir.no"]');
    expect((await source.count()) === 1, 'no footer link to the fact sheet on digdir.no');
    expect(/Kilde:\s*Digitaliseringsdirektoratet/.test(await main.locator('footer').innerText()), 'footer lacks «Kilde: Digitaliseringsdirektoratet»');
    await main.waitForTimeout(300); // late console errors
  });

  await check('keyboard only: Tab to the question box, type, Enter; answer names Kunnskapsdepartementet with a «Kilde» line', async () => {
    await main.bringToFront();
    let tabs = 0;
    while ((await main.evaluate(() => document.activeElement?.id)) !== 'question') {
      if (++tabs > 15) throw new Error(`the question box had no focus after 15 Tabs (focus on ${await activeInfo(main)})`);
      await main.keyboard.press('Tab');
    }
    console.log(`    (question box reached with ${tabs} Tab presses)`);
    const answer = await askByKeyboard(main, Q_LANEKASSEN);
    const text = await answer.innerText();
    expect(text.includes('Kunnskapsdepartementet'), `the answer does not name Kunnskapsdepartementet: ${text.slice(0, 300)}`);
    const sources = await answer.locator('.source').allInnerTexts();
    expect(sources.length > 0 && sources.every((s) => /^Kilde\b/.test(s.trim())), `no source line starting with «Kilde»: ${JSON.stringify(sources)}`);
    expect((await answer.locator('.source a').first().getAttribute('href'))?.includes('digdir.no'), 'the source does not link to the sheet');
    const question = main.locator('#log [data-kind="question"]').last();
    expect((await question.innerText()).includes(Q_LANEKASSEN), 'the question is not shown in the log');
    expect((await main.evaluate(() => document.activeElement?.id)) === 'question', `focus left the question box: ${await activeInfo(main)}`);
    expect((await main.locator('#question').inputValue()) === '', 'the question box was not emptied');
  });

  await check('follow-up by keyboard: health funding answer has action buttons; Shift+Tab to the first, Enter gives a new sourced answer', async () => {
    const answer = await askByKeyboard(main, Q_HEALTH);
    const first = await answer.innerText();
    const actions = answer.locator('[data-from="actions"] button');
    const count = await actions.count();
    expect(count > 0, 'the answer has no action buttons');
    const label = (await actions.first().innerText()).trim();
    const query = await actions.first().getAttribute('data-query');
    console.log(`    (${count} action buttons; the first: «${label}» asks «${query}»)`);
    // Walk back from the question box to the first action button.
    let presses = 0;
    while (!(await actions.first().evaluate((b) => b === document.activeElement))) {
      if (++presses > 25) throw new Error(`Shift+Tab never reached the first action button (focus on ${await activeInfo(main)})`);
      await main.keyboard.press('Shift+Tab');
    }
    const focusRing = await actions.first().evaluate((b) => {
      const s = getComputedStyle(b);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(focusRing.style !== 'none' && focusRing.width >= 2, `the focused button shows no focus ring (${JSON.stringify(focusRing)})`);
    const before = await turnCount(main);
    await main.keyboard.press('Enter');
    const next = await nextTurn(main, before);
    const second = await next.innerText();
    expect(second.trim() !== first.trim(), 'the follow-up answer is the same as the previous one');
    const sources = await next.locator('.source').allInnerTexts();
    expect(sources.length > 0 && /^Kilde\b/.test(sources[0].trim()), 'the follow-up answer has no source');
    console.log(`    (follow-up answer: «${(await next.locator('.answer-title').innerText()).trim()}»)`);
    expect((await main.evaluate(() => document.activeElement?.id)) === 'question', `focus is not back in the question box: ${await activeInfo(main)}`);
  });

  await check('markup in a question is shown as text, never run', async () => {
    const before = await turnCount(main);
    await main.keyboard.type(XSS);
    await main.keyboard.press('Enter');
    // Accept an answer or an error turn here: what matters is how the text shows.
    await main.waitForFunction(
      ([selector, n]) =>
        document.querySelectorAll(selector).length > n && document.getElementById('log').getAttribute('aria-busy') === 'false',
      [TURNS, before],
      { timeout: ANSWER_TIMEOUT_MS },
    );
    await main.waitForTimeout(500); // give an injected <img onerror> its chance
    const state = await main.evaluate(() => ({
      pwned: typeof window.__pwned,
      elements: document.querySelectorAll('#log script, #log img').length,
      text: document.getElementById('log').textContent,
    }));
    expect(state.pwned === 'undefined', `window.__pwned was set (${state.pwned})`);
    expect(state.elements === 0, `${state.elements} <script>/<img> elements appeared in the log`);
    expect(state.text.includes('<script>'), 'the log does not show the literal «<script>»');
  });

  await check('reload keeps the conversation (sessionStorage)', async () => {
    const read = () =>
      main.evaluate(() => ({
        turns: document.querySelectorAll('#log .turn').length,
        text: document.getElementById('log').innerText,
        chat: sessionStorage.getItem('faktabot.chat'),
      }));
    const before = await read();
    expect(before.turns >= 8, `expected at least 8 turns before reload, saw ${before.turns}`);
    expect(/^web-[A-Za-z0-9_-]+$/.test(before.chat || ''), `chat id «${before.chat}» is not web-…`);
    await main.reload({ waitUntil: 'load' });
    await main.locator('#question').waitFor({ state: 'visible' });
    const after = await read();
    expect(after.turns === before.turns, `${before.turns} turns before reload, ${after.turns} after`);
    expect(after.text === before.text, 'the log text changed across reload');
    expect(after.chat === before.chat, 'the chat id changed across reload');
    expect(await main.locator('#log button[data-query]').count() > 0, 'the buttons were not restored');
    const pwned = await main.evaluate(() => typeof window.__pwned);
    expect(pwned === 'undefined', 'restoring the log ran injected markup');
    expect((await main.locator('#intro').isHidden()), 'the examples show although a conversation is going on');
  });

  await check('English: locale en-US gives <html lang="en"> and English UI strings', async () => {
    const page = await newPage('en', { locale: 'en-US' });
    await open(page);
    expect((await page.evaluate(() => document.documentElement.lang)) === 'en', '<html lang> is not en');
    const submit = (await page.locator('#submit').innerText()).trim();
    expect(submit === 'Ask', `the submit button says «${submit}», not «Ask»`);
    expect((await page.getByLabel('Your question', { exact: true }).count()) === 1, 'no input labelled «Your question»');
    expect((await page.getByRole('log', { name: 'Conversation' }).count()) === 1, 'the log is not labelled «Conversation»');
    const title = await page.title();
    expect(/fact|coordination/i.test(title) && !/samordning/i.test(title), `the title is not English: «${title}»`);
    const examples = await page.locator('#examples button').allInnerTexts();
    expect(examples.length === 6 && examples.every((t) => /^(Which|How|What|Who|Is|Are|Does|List|Show)\b/.test(t.trim())), `examples are not English: ${JSON.stringify(examples)}`);
    const placeholder = await page.locator('#question').getAttribute('placeholder');
    expect(/^Type your question/.test(placeholder || ''), `placeholder is not English: «${placeholder}»`);
    const footer = await page.locator('footer').innerText();
    expect(/Source:/.test(footer), `footer is not English: «${footer}»`);
    await page.waitForTimeout(200);
  });

  await check('axe-core: no serious or critical violations, at start and with a conversation', async () => {
    // The only context without CSP: axe is injected as a script tag.
    const page = await newPage('axe', { bypassCSP: true });
    await open(page);
    const runAxe = async (when) => {
      await page.addScriptTag({ path: AXE_PATH });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        }));
      });
      return result.map((v) => ({ ...v, when }));
    };
    const found = await runAxe('start');
    await ask(page, Q_LANEKASSEN);
    await ask(page, Q_HEALTH);
    found.push(...(await runAxe('conversation')));
    for (const v of found) console.log(`    axe ${v.impact} ${v.id} (${v.when}): ${v.help} — ${v.targets.join(', ')}`);
    const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.length === 0, `${bad.length} serious/critical violations: ${bad.map((v) => v.id).join(', ')}`);
    if (!found.length) console.log('    (axe found no violations)');
  });

  await check('screenshots: desktop 1280×800 and phone 375×740 after two answers; no horizontal scroll on the phone', async () => {
    const desktop = await newPage('desktop', { viewport: { width: 1280, height: 800 } });
    await open(desktop);
    await ask(desktop, Q_LANEKASSEN);
    await ask(desktop, Q_HEALTH);
    await noHorizontalScroll(desktop);
    await screenshot(desktop, 'desktop.png');

    const phone = await newPage('phone', {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await open(phone);
    await noHorizontalScroll(phone);
    await ask(phone, Q_LANEKASSEN);
    await ask(phone, Q_HEALTH);
    const m = await noHorizontalScroll(phone);
    await inViewport(phone, '#question');
    await screenshot(phone, 'phone.png');
    console.log(`    (saved ${join(OUT, 'desktop.png')} and ${join(OUT, 'phone.png')}; phone scrollWidth ${m.scrollWidth} ≤ ${m.innerWidth})`);
  });

  await check('200 % zoom (640×400 CSS px at scale 2): question box and button visible, no horizontal scroll', async () => {
    const page = await newPage('zoom', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    await open(page);
    await noHorizontalScroll(page);
    await inViewport(page, '#question');
    await inViewport(page, '#submit');
    await ask(page, Q_HEALTH);
    await noHorizontalScroll(page);
    await inViewport(page, '#question');
    await inViewport(page, '#submit');
    await page.screenshot({ path: join(OUT, 'zoom200.png') });
  });
}

// ----- main ----------------------------------------------------------------------

const TOTAL = 9;
let code = 0;
try {
  await launch();
} catch (e) {
  console.log(`e2e: could not start Chromium at ${opts.chromium}: ${String(e.message || e).split('\n')[0]}`);
}
try {
  await run();
} catch (e) {
  console.log(`e2e: stopped early: ${e.stack || e}`);
}
for (const w of warnings) console.log(`    warning: ${w}`);
while (results.length < TOTAL) results.push(false);
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
if (failed) code = 1;
await Promise.allSettled(contexts.map((c) => c.close()));
if (browser) await browser.close().catch(() => {});
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(code);
