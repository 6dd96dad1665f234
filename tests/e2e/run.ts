// Browser journeys in Debian's chromium (playwright-core, never a downloaded browser).
// Starts the built server on a fresh embedded database with a small synthetic city, runs the
// journeys, prints "N passed, N failed" and exits non-zero on any failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  {
    name: 'a policy is run; a citizen confirms on a phone; a batch is approved by a second officer, exported and reconciled; the citizen sees it paid',
    async run(browser) {
      const staff = async (username: string) => {
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
        const page = await ctx.newPage();
        await page.goto(`${BASE}/login`);
        await page.getByTestId('login-username').fill(username);
        await page.getByTestId('login-password').fill('Huimin2023!');
        await page.getByTestId('login-submit').click();
        await page.getByTestId('current-user').waitFor();
        return page;
      };
      // 1. The HR officer runs 职业培训补贴 for January 2027 from the runs page.
      const hrss = await staff('hrss');
      await hrss.goto(`${BASE}/runs`);
      await hrss.getByTestId('run-start').click();
      await hrss.locator('.ant-modal .ant-picker input').fill('2027-01');
      await hrss.locator('.ant-modal .ant-picker input').press('Enter');
      await hrss.getByTestId('run-policies').click();
      await hrss.keyboard.type('职业培训补贴');
      await hrss.keyboard.press('Enter');
      await hrss.keyboard.press('Escape');
      await hrss.getByTestId('run-start-confirm').click();
      await hrss.waitForURL(/\/runs\/\d+$/);
      await hrss.locator('[data-testid=run-header][data-status=completed]').waitFor({ timeout: 60_000 });
      await hrss.screenshot({ path: join(SHOTS, 'journey-run-completed.png') });

      // 2. A citizen found by that run confirms it with the social-security card, on a phone.
      const login = await api<{ csrfToken: string }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'Huimin2023!' }) });
      const found = await api<{ items: { id: number; entityId: number; entityType: string; amountFen: number }[] }>(
        '/api/entitlements?policyId=vocational-training-subsidy&status=awaiting_confirmation&period=2027&pageSize=1',
        { cookie: login.cookie! },
      );
      const ent = found.body.items[0];
      if (!ent || ent.entityType !== 'person') throw new Error('the run found nobody to confirm');
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const citizen = await phone.newPage();
      await citizen.goto(`${BASE}/login`);
      await citizen.evaluate(async (personId) => {
        const r = await fetch('/api/auth/demo-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'citizen', personId }) });
        if (!r.ok) throw new Error(await r.text());
      }, ent.entityId);
      await citizen.goto(`${BASE}/me/benefits`);
      await citizen.getByTestId('section-myBenefits').waitFor();
      await citizen.goto(`${BASE}/me/benefits/${ent.id}`);
      await citizen.getByTestId('account-form').waitFor();
      await citizen.getByTestId('account-kind-card').click();
      await citizen.getByTestId('account-submit').click();
      await citizen.locator('[data-testid=benefit-detail][data-status=ready]').waitFor();
      await citizen.screenshot({ path: join(SHOTS, 'journey-citizen-confirmed.png'), fullPage: true });

      // 3. hrss prepares a batch; the preparer cannot approve it.
      await hrss.goto(`${BASE}/payments`);
      await hrss.getByTestId('batch-create-open').click();
      await hrss.getByTestId('batch-create-policy').click();
      await hrss.keyboard.type('职业培训补贴');
      await hrss.keyboard.press('Enter');
      await hrss.getByTestId('batch-ready-count').waitFor();
      await hrss.getByRole('button', { name: '新建发放批次' }).last().click();
      await hrss.waitForURL(/\/payments\/\d+$/);
      const batchId = Number(new URL(hrss.url()).pathname.split('/').pop());
      await hrss.getByTestId('four-eyes-notice').waitFor();

      // 4. hrss2 approves, downloads the bank file and uploads the bank's result.
      const hrss2 = await staff('hrss2');
      await hrss2.goto(`${BASE}/payments/${batchId}`);
      await hrss2.getByTestId('approve-button').click();
      await hrss2.getByRole('button', { name: '审批通过' }).last().click();
      await hrss2.locator('[data-testid=batch-page][data-status=approved]').waitFor();
      const [download] = await Promise.all([hrss2.waitForEvent('download'), hrss2.getByTestId('bank-file-download').click()]);
      const bankPath = join(SHOTS, download.suggestedFilename());
      await download.saveAs(bankPath);
      const bank = readFileSync(bankPath, 'utf8');
      const details = bank.split('\r\n').filter((l) => l.startsWith('D,'));
      const header = bank.split('\r\n').find((l) => l.startsWith('H,'))!.split(',');
      const total = details.reduce((sum, l) => sum + Number(l.split(',')[6]), 0);
      if (!header.includes(String(details.length)) || !header.includes(String(total))) throw new Error(`the bank file header ${header.join(',')} does not carry ${details.length} lines and ${total} fen`);
      const result = ['reference,status,amount_fen,reason', ...details.map((l) => `${l.split(',')[1]},PAID,${l.split(',')[6]},`)].join('\n') + '\n';
      const resultPath = join(SHOTS, 'result-all-paid.csv');
      writeFileSync(resultPath, result);
      await hrss2.locator('[data-testid=batch-page][data-status=exported]').waitFor();
      await hrss2.locator('.ant-upload input[type=file]').setInputFiles(resultPath);
      await hrss2.getByTestId('reconcile-submit').click();
      await hrss2.locator('[data-testid=batch-page][data-status=reconciled]').waitFor();
      await hrss2.screenshot({ path: join(SHOTS, 'journey-batch-reconciled.png') });

      // 5. The citizen sees 已发放.
      await citizen.goto(`${BASE}/me/benefits/${ent.id}`);
      await citizen.locator('[data-testid=benefit-detail][data-status=paid]').waitFor();
      if (!(await citizen.getByTestId('payment-card').innerText()).includes('已发放')) throw new Error('the payment card does not say 已发放');
      await citizen.screenshot({ path: join(SHOTS, 'journey-citizen-paid.png'), fullPage: true });
      await phone.close();
      await hrss.context().close();
      await hrss2.context().close();
    },
  },
  {
    name: 'a district officer reports the month, the department approves, and the district’s score and rank move',
    async run(browser) {
      const admin = await api<{ csrfToken: string }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'Huimin2023!' }) });
      const plans = (await api<{ year: number }[]>('/api/public/plans')).body;
      const year = plans[0]!.year;
      const period = (await api<{ period: string }>(`/api/public/plans/${year}/progress`)).body.period;
      type League = { rows: { districtCode: string; score: number; rank: number }[] };
      const league = async () => (await api<League>(`/api/plans/${year}/league?period=${period}`, { cookie: admin.cookie! })).body.rows.find((r) => r.districtCode === '500112')!;
      const before = await league();
      type Form = { rows: { indicator: string; unitCode: string; aggregation: string; previous: { value: number | null; numerator: number | null; denominator: number | null } | null }[] };
      const form = (await api<Form>(`/api/plans/${year}/submissions/form?period=${period}&org=500112&department=hrss`, { cookie: admin.cookie! })).body;
      if (form.rows.length === 0) throw new Error('渝北区 reports nothing for hrss');

      // 渝北区 fills in the month: every count well ahead of its pace, every rate at 100%.
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await page.goto(`${BASE}/login`);
      await page.getByTestId('login-username').fill('yubei');
      await page.getByTestId('login-password').fill('Huimin2023!');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
      await page.goto(`${BASE}/plan/submissions/new?year=${year}&period=${period}&org=500112&department=hrss`);
      await page.getByTestId('plan-submission-form').waitFor();
      for (const r of form.rows) {
        const id = (field: string) => page.getByTestId(`value-${field}-${r.indicator}-${r.unitCode}`);
        if (r.aggregation === 'rate') {
          const d = (r.previous?.denominator ?? 0) + 20;
          await id('denominator').fill(String(d));
          await id('numerator').fill(String(d));
        } else {
          await id('value').fill(String(Math.round((r.previous?.value ?? 0) * 3 + 50)));
        }
      }
      await page.getByTestId('submission-save').click();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="submission-submit"]') as HTMLButtonElement | null)?.disabled);
      await page.getByTestId('submission-submit').click();
      await page.locator('[data-testid="plan-submission-detail"][data-status="submitted"]').waitFor();
      const url = page.url();
      await page.screenshot({ path: join(SHOTS, 'plan-submitted.png') });
      await page.close();

      // 市人力社保局 approves it.
      const hrss = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await hrss.goto(`${BASE}/login`);
      await hrss.getByTestId('login-username').fill('hrss');
      await hrss.getByTestId('login-password').fill('Huimin2023!');
      await hrss.getByTestId('login-submit').click();
      await hrss.getByTestId('current-user').waitFor();
      await hrss.goto(url);
      await hrss.getByTestId('submission-approve').click();
      await hrss.getByTestId('decision-comment').fill('数据已与台账核对');
      await hrss.getByTestId('decision-confirm').click();
      await hrss.locator('[data-testid="plan-submission-detail"][data-status="approved"]').waitFor();

      // The league table moves, and the page shows it.
      const after = await league();
      if (!(after.score > before.score)) throw new Error(`渝北区 score did not rise: ${before.score} → ${after.score}`);
      if (before.rank > 1 && !(after.rank < before.rank)) throw new Error(`渝北区 rank did not improve: ${before.rank} → ${after.rank}`);
      await hrss.goto(`${BASE}/plan/league?year=${year}&period=${period}`);
      await hrss.getByTestId('league-table').getByText('渝北区').first().waitFor();
      await hrss.goto(`${BASE}/plan?year=${year}&period=${period}`);
      await hrss.getByTestId('plan-dashboard').getByText('城镇新增就业').first().waitFor();
      await hrss.screenshot({ path: join(SHOTS, 'plan-dashboard.png') });
      await hrss.close();
    },
  },
  {
    name: 'the public progress page opens on a phone without signing in',
    async run(browser) {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const page = await context.newPage();
      const calls: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) calls.push(u.pathname);
      });
      await page.goto(`${BASE}/public`);
      await page.getByTestId('public-plan-name').waitFor();
      await page.getByTestId('public-goals').waitFor();
      const text = await page.getByTestId('public-progress').innerText();
      if (!text.includes('惠民暖心优服行动方案')) throw new Error('the plan name is missing');
      if (/\d{17}[\dX]/.test(text)) throw new Error('an id number is on the public page');
      const private_ = calls.filter((c) => !c.startsWith('/api/public/') && c !== '/api/auth/me');
      if (private_.length > 0) throw new Error(`the public page called ${private_.join(', ')}`);
      if (page.url().includes('/login')) throw new Error('the public page sent us to the login');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page is ${overflow}px wider than the phone`);
      await page.screenshot({ path: join(SHOTS, 'public-progress.png'), fullPage: false });
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
