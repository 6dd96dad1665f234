// Browser journeys in Debian's chromium (playwright-core, never a downloaded browser).
// Starts the built server on a fresh embedded database with a small synthetic city, runs the
// journeys, prints "N passed, N failed" and exits non-zero on any failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'huimin-e2e');

type Journey = { name: string; run: (browser: Browser) => Promise<void> };

async function api<T>(path: string, init: RequestInit & { cookie?: string } = {}): Promise<{ body: T; cookie?: string }> {
  const res = await fetch(BASE + path, { ...init, headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  return { body: (await res.json()) as T, ...(setCookie ? { cookie: setCookie.split(';')[0] } : {}) };
}

/** Picks, through the API as the city administrator, a resident of 渝北区 and one of 万州区. */
async function pickResidents() {
  const login = await api<{ csrfToken: string }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'Huimin2023!' }) });
  const find = async (divisionCode: string) => {
    const r = await api<{ items: { id: number; name: string }[] }>(`/api/persons?divisionCode=${divisionCode}&pageSize=1`, { cookie: login.cookie! });
    const p = r.body.items[0];
    if (!p) throw new Error(`no resident in ${divisionCode}`);
    return p;
  };
  return { yubei: await find('500112'), wanzhou: await find('500101') };
}

const journeys: Journey[] = [
  {
    name: 'a district officer finds a person of their district and is refused one of another district',
    async run(browser) {
      const { yubei, wanzhou } = await pickResidents();
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await page.goto(`${BASE}/login`);
      await page.getByTestId('login-username').fill('yubei');
      await page.getByTestId('login-password').fill('Huimin2023!');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
      await page.goto(`${BASE}/persons`);
      await page.getByTestId('person-search-input').fill(yubei.name);
      await page.getByTestId('person-search-input').press('Enter');
      const results = page.getByTestId('person-results');
      await results.getByText(yubei.name).first().waitFor();
      await results.getByText(yubei.name).first().click();
      await page.getByTestId('person-name').waitFor();
      const shown = await page.getByTestId('person-name').innerText();
      if (!shown.includes(yubei.name)) throw new Error(`detail shows ${shown}, expected ${yubei.name}`);
      const body = await page.locator('body').innerText();
      if (!/\d{6}\*{8}[\dX]{4}/.test(body)) throw new Error('the id number is not shown masked');
      await page.screenshot({ path: join(SHOTS, 'district-officer-person.png') });
      // A person of 万州区 is outside 渝北区: the page says not found / not in jurisdiction.
      await page.goto(`${BASE}/persons/${wanzhou.id}`);
      await page.getByTestId('not-found').waitFor();
      if ((await page.locator('body').innerText()).includes(wanzhou.name)) throw new Error('the other district’s person leaked into the page');
      await page.screenshot({ path: join(SHOTS, 'district-officer-refused.png') });
      await page.close();
    },
  },
  {
    name: 'a citizen signs in on a phone-sized screen and sees their profile',
    async run(browser) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const page = await context.newPage();
      const demo = await api<{ citizens: { personId: number; name: string }[] }>('/api/auth/demo');
      const citizen = demo.body.citizens[0];
      if (!citizen) throw new Error('the demo offers no citizen');
      await page.goto(`${BASE}/login`);
      await page.getByTestId(`demo-citizen-${citizen.personId}`).click();
      await page.getByTestId('my-profile').waitFor();
      const text = await page.getByTestId('my-profile').innerText();
      if (!text.includes(citizen.name)) throw new Error(`profile does not show ${citizen.name}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the profile scrolls sideways by ${overflow}px on a 390px screen`);
      await page.screenshot({ path: join(SHOTS, 'citizen-profile-phone.png'), fullPage: true });
      await context.close();
    },
  },
];

async function waitReady(server: ChildProcess) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server was not ready within 180 s');
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'huimin-e2e-data-'));
  rmSync(SHOTS, { recursive: true, force: true });
  await import('node:fs').then((fs) => fs.mkdirSync(SHOTS, { recursive: true }));
  const server = spawn(process.execPath, ['dist/cli/huimin.js', 'start'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', HUIMIN_DATA_DIR: dataDir, HUIMIN_PERSONS: '5000', HUIMIN_LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let passed = 0;
  let failed = 0;
  let browser: Browser | undefined;
  try {
    await waitReady(server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const j of journeys) {
      const t0 = Date.now();
      try {
        await j.run(browser);
        passed++;
        console.log(`✓ ${j.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`✗ ${j.name}\n    ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`screenshots: ${SHOTS}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
