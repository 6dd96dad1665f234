// Browser journeys in Debian's chromium (playwright-core, never a downloaded browser).
// Starts the built server on a fresh embedded database with a small synthetic city, runs the
// journeys, prints "N passed, N failed" and exits non-zero on any failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

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
      // Why: each criterion, and the citizen's data it was decided on (read from the run's snapshot).
      const shownFacts = await citizen.locator('[data-testid=facts] [role=listitem]').count();
      if (shownFacts === 0) throw new Error('the citizen sees none of the data the benefit was found on');
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
  {
    name: 'a worker reports unpaid wages on a phone without an account; 渝北区 accepts, verifies and concludes, the reviewer returns it once and then approves; the worker sees 已办结 and rates it',
    async run(browser) {
      // 1. The worker, on a phone, from the sign-in page's link: no account.
      const phone = await phoneContext(browser);
      const worker = await phone.newPage();
      await worker.goto(`${BASE}/login`);
      await worker.getByTestId('login-report-link').click();
      await worker.waitForURL(/\/report\/wage-arrears$/);
      await worker.getByTestId('lead-employerName').fill(`重庆渝北欣荣${Date.now() % 100000}商贸有限公司`);
      await worker.getByTestId('lead-construction').getByText('否').click();
      await worker.getByTestId('lead-projectDistrict').click();
      await worker.keyboard.type('渝北');
      await worker.keyboard.press('Enter');
      await noSideways(worker, 'the report form');
      await worker.getByTestId('lead-next').click();
      await worker.getByTestId('lead-step-owed').waitFor({ state: 'visible' });
      // The last three months, in Beijing time (a future month cannot be picked).
      const [from, to] = [monthsAgo(3), monthsAgo(1)];
      for (const [id, month] of [['lead-periodFrom', from], ['lead-periodTo', to]] as const) {
        await worker.getByTestId(id).click();
        await worker.keyboard.type(month);
        await worker.keyboard.press('Enter');
      }
      await worker.getByTestId('lead-amountFen').fill('25800.50');
      await worker.getByTestId('lead-workers').fill('3');
      await worker.getByTestId('lead-description').fill('店里三个服务员三个月工资没发，老板一直说下个月发。');
      await worker.getByTestId('lead-next').click();
      await worker.getByTestId('lead-step-phone').waitFor({ state: 'visible' });
      if (!(await worker.getByTestId('lead-summary').innerText()).includes('25,800.50')) throw new Error('the summary does not repeat the amount in yuan');
      await worker.getByTestId('lead-phone').fill('13800138000');
      await worker.getByTestId('lead-get-code').click();
      // Demo mode: the code stands in for the SMS, on screen and labelled as such.
      const demoCode = (await worker.getByTestId('demo-code-value').innerText()).trim();
      if (!/^\d{6}$/.test(demoCode)) throw new Error(`the demo code is ${demoCode}`);
      if (!(await worker.getByTestId('demo-code').innerText()).includes('演示')) throw new Error('the demo code is not labelled as a demo');
      await worker.getByTestId('lead-phone-code').fill(demoCode);
      await worker.getByTestId('lead-name').fill('刘小工');
      await worker.getByTestId('lead-submit').click();
      const code = (await worker.getByTestId('tracking-code').innerText()).trim();
      if (!/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code)) throw new Error(`the tracking code is ${code}`);
      await noSideways(worker, 'the tracking code');
      await worker.screenshot({ path: join(SHOTS, 'lead-reported-phone.png'), fullPage: true });
      await worker.getByTestId('tracking-link').click();
      await worker.locator('[data-testid=track-result][data-state=received]').waitFor();

      // 2. 渝北区 finds it in the inbox by its code, accepts it, verifies it with evidence and concludes.
      const yubei = await staffPage(browser, 'yubei');
      await yubei.goto(`${BASE}/cases?q=${code}`);
      await yubei.getByTestId('case-table').getByText(code).click();
      await yubei.waitForURL(/\/cases\/\d+$/);
      const caseUrl = yubei.url();
      await act(yubei, 'transition-accept');
      await act(yubei, 'transition-verify', async (m) => m.getByTestId('action-evidence').fill('电话联系反映人并到店核查，考勤表和工资表显示三名服务员三个月工资未发'));
      const conclude = (evidence: string) =>
        act(yubei, 'transition-conclude', async (m) => {
          await m.getByTestId('action-conclusion').click();
          // The options open in a layer of the page, outside the dialog.
          await yubei.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: '已全额支付' }).click();
          await m.getByTestId('action-evidence').fill(evidence);
        });
      await conclude('经约谈，单位已通过银行转账支付全部欠薪');
      await yubei.getByTestId('banner-review').waitFor();
      await yubei.screenshot({ path: join(SHOTS, 'lead-waiting-review.png') });

      // 3. The reviewer returns it once, with a reason.
      const yubei2 = await staffPage(browser, 'yubei2');
      await yubei2.goto(caseUrl);
      await act(yubei2, 'review_return', async (m) => m.getByTestId('action-reason').fill('缺少工人签收记录，请补充'));
      await yubei2.getByTestId('action-review_return').waitFor({ state: 'detached' });

      // 4. The officer concludes again; the reviewer approves.
      await yubei.reload();
      await yubei.getByTestId('event-review_returned').first().waitFor();
      await conclude('补充三名工人签收表和银行转账凭证');
      await yubei2.reload();
      await act(yubei2, 'review_approve');
      await yubei2.getByTestId('case-summary').getByTestId('case-state').filter({ hasText: '已办结' }).waitFor();
      await yubei2.screenshot({ path: join(SHOTS, 'lead-approved.png') });
      await yubei.context().close();
      await yubei2.context().close();

      // 5. The worker tracks it: 已办结, the outcome, and rates it 5.
      await worker.goto(`${BASE}/track/${code}`);
      await worker.locator('[data-testid=track-result][data-final=true]').waitFor();
      const state = await worker.getByTestId('track-state').innerText();
      if (!state.includes('已办结')) throw new Error(`the tracking page says ${state}`);
      if (!(await worker.getByTestId('track-conclusion').innerText()).includes('已全额支付')) throw new Error('the outcome is not shown');
      const shown = await worker.getByTestId('track-page').innerText();
      if (shown.includes('欣荣') || shown.includes('签收')) throw new Error('the tracking page shows the employer or the officers’ notes');
      await worker.getByTestId('rate-card').locator('.ant-rate-star').nth(4).click();
      await worker.getByTestId('rate-comment').fill('很快就拿到了工资，谢谢');
      await worker.getByTestId('rate-submit').click();
      await worker.getByTestId('rating-thanks').waitFor();
      const score = await worker.getByTestId('track-rating').getAttribute('data-score');
      if (score !== '5') throw new Error(`the rating shown is ${score}`);
      if ((await worker.getByTestId('rate-card').count()) > 0) throw new Error('the case can still be rated after rating');
      await noSideways(worker, 'the tracking page');
      await worker.screenshot({ path: join(SHOTS, 'lead-rated-phone.png'), fullPage: true });
      await phone.close();
    },
  },
  {
    name: 'an overdue wage-arrears lead of 渝北区 is red in the district’s inbox and shows, red and escalated, on the city department’s board',
    async run(browser) {
      // The demo data leave some leads of 渝北区 overdue; the escalation loop has flagged them to the city.
      const yubei = await staffPage(browser, 'yubei');
      await yubei.goto(`${BASE}/cases`);
      await yubei.getByTestId('light-count-red').click();
      await yubei.waitForURL(/[?&]light=red/);
      const table = yubei.getByTestId('case-table');
      // Once the filtered page has loaded, every row it shows is red, and there is at least one.
      await yubei
        .waitForFunction(() => {
          const t = document.querySelector('[data-testid=case-table]');
          const rows = t && !t.querySelector('.ant-spin-spinning') ? [...t.querySelectorAll('tr.ant-table-row')] : [];
          return rows.length > 0 && rows.every((r) => r.querySelector('[data-testid=case-light-red]'));
        })
        .catch(() => {
          throw new Error('the inbox filtered by the red light shows no case, or shows cases that are not red');
        });
      const rows = table.locator('tr.ant-table-row');
      const escalated = rows.filter({ has: yubei.getByTestId('flag-escalated') }).filter({ hasText: '欠薪线索' }).first();
      await escalated.waitFor();
      const code = (await escalated.locator('[data-testid^=case-link-]').innerText()).trim();
      await yubei.screenshot({ path: join(SHOTS, 'cases-red-inbox.png') });
      await yubei.context().close();

      const hrss = await staffPage(browser, 'hrss');
      await hrss.goto(`${BASE}/cases/board?kind=wage_arrears`);
      await hrss.getByTestId('board-districts').getByText('渝北区').click();
      await hrss.getByTestId('board-district-filter').waitFor();
      const row = hrss.getByTestId('board-cases').locator('tr.ant-table-row').filter({ hasText: code });
      await row.waitFor();
      await row.getByTestId('case-light-red').waitFor();
      await row.getByTestId('flag-escalated').waitFor();
      await hrss.screenshot({ path: join(SHOTS, 'cases-board-escalated.png') });
      await hrss.context().close();
    },
  },
  {
    name: 'an enterprise posts a job saying "限男性" and is stopped with the phrase, the reason and the law',
    async run(browser) {
      const demo = await api<{ enterprises: { enterpriseId: number; name: string }[] }>('/api/auth/demo');
      const ent = demo.body.enterprises[0];
      if (!ent) throw new Error('the demo offers no enterprise');
      const phone = await phoneContext(browser);
      const page = await phone.newPage();
      await page.goto(`${BASE}/login`);
      await page.getByTestId(`demo-enterprise-${ent.enterpriseId}`).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${BASE}/me/enterprise/jobs/new`);
      await page.getByTestId('job-form').waitFor();
      await page.getByTestId('job-title').fill('仓库搬运工');
      await pickOption(page, 'job-occupation', '交通运输、仓储物流');
      await pickOption(page, 'job-district', '渝中区');
      await page.getByTestId('job-wage-min').fill('4500');
      await page.getByTestId('job-wage-max').fill('6000');
      await page.getByTestId('job-headcount').fill('3');
      await page.getByTestId('job-description').fill('负责仓库货物的装卸、搬运和码放。限男性，能吃苦耐劳，服从班组安排。');
      await page.getByTestId('job-form-submit').click();
      const stopped = page.getByTestId('screening-blocked');
      await stopped.waitFor();
      const finding = stopped.getByTestId('finding').first();
      const phrase = await finding.getByTestId('finding-phrase').innerText();
      if (!phrase.includes('限男性')) throw new Error(`the finding names "${phrase}", not 限男性`);
      const basis = (await finding.getByTestId('finding-basis').allInnerTexts()).join('');
      if (!/就业促进法|妇女权益保障法|性别/.test(basis)) throw new Error(`the finding gives no legal basis: ${basis}`);
      await noSideways(page, 'the screening result');
      await page.screenshot({ path: join(SHOTS, 'job-screening-blocked-phone.png'), fullPage: true });
      // Stopped means not published: the public job list does not show it.
      const id = Number(await stopped.getAttribute('data-job-id'));
      const pub = await fetch(`${BASE}/api/public/jobs/${id}`);
      if (pub.status !== 404) throw new Error(`the stopped posting is public (${pub.status})`);
      await phone.close();
    },
  },
  {
    name: 'a citizen on a phone sets what work they want, finds a recommended job with its reasons and applies',
    async run(browser) {
      const demo = await api<{ citizens: { personId: number; name: string; districtName: string }[] }>('/api/auth/demo');
      const citizen = demo.body.citizens.find((c) => c.districtName) ?? demo.body.citizens[0];
      if (!citizen) throw new Error('the demo offers no citizen');
      const open = await api<{ items: { id: number; occupationName: { zh: string }; districtName: string }[] }>(`/api/public/jobs?pageSize=50`);
      const job = open.body.items.find((j) => j.districtName === citizen.districtName) ?? open.body.items[0];
      if (!job) throw new Error('the demo has no open job');
      const phone = await phoneContext(browser);
      const page = await phone.newPage();
      await page.goto(`${BASE}/login`);
      await page.getByTestId(`demo-citizen-${citizen.personId}`).click();
      await page.getByTestId('my-profile').waitFor();
      await page.goto(`${BASE}/me/job-profile`);
      await page.getByTestId('job-profile-form').waitFor();
      await pickOption(page, 'profile-occupations', job.occupationName.zh);
      await page.keyboard.press('Escape');
      await pickOption(page, 'profile-districts', job.districtName);
      await page.keyboard.press('Escape');
      await page.getByTestId('profile-wage').fill('3000');
      await page.getByTestId('job-profile-save').click();
      await page.getByTestId('job-profile-saved').waitFor();
      await page.goto(`${BASE}/me/jobs`);
      const rec = page.getByTestId('recommended-job').first();
      await rec.waitFor();
      const reasons = await rec.getByTestId('recommendation-reasons').allInnerTexts();
      if (reasons.length === 0) throw new Error('a recommended job shows no reason');
      await noSideways(page, 'the recommended jobs');
      await page.screenshot({ path: join(SHOTS, 'jobs-recommended-phone.png'), fullPage: true });
      const title = (await rec.getByTestId('job-title').first().innerText()).trim();
      await rec.getByTestId('job-title').first().click();
      await page.getByTestId('job-detail').waitFor();
      await page.screenshot({ path: join(SHOTS, 'job-detail-phone.png'), fullPage: true });
      await page.locator('[data-testid=apply-button][data-state=open]').click();
      await page.locator('[data-testid=apply-button][data-state=applied]').waitFor();
      await page.goto(`${BASE}/me/applications`);
      const mine = page.getByTestId('my-applications-list');
      await mine.getByText(title).first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'my-applications-phone.png'), fullPage: true });
      await phone.close();
    },
  },
  {
    name: 'the township worker of 解放碑 clears a zero-employment household by registering a member’s job',
    async run(browser) {
      const page = await staffPage(browser, 'jiefangbei');
      await page.goto(`${BASE}/employment/households`);
      const row = page.getByTestId('household-row').first();
      await row.waitFor();
      await row.click();
      await page.getByTestId('household-clear-form').waitFor();
      const login = await api<{ csrfToken: string }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'Huimin2023!' }) });
      const ents = await api<{ items: { creditCode: string; districtCode: string }[] }>('/api/enterprises?pageSize=20', { cookie: login.cookie! });
      const employer = ents.body.items[0];
      if (!employer) throw new Error('no enterprise to employ the member');
      const form = page.getByTestId('household-clear-form');
      const member = form.locator('#personId');
      await member.click();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await form.locator('#creditCode').fill(employer.creditCode);
      await form.locator('#wageYuan').fill('4200');
      await page.getByTestId('clear-household').click();
      await page.getByTestId('household-cleared').waitFor();
      await page.screenshot({ path: join(SHOTS, 'household-cleared.png'), fullPage: true });
      await page.context().close();
    },
  },
  {
    name: 'a district auditor confirms a risk hit and the overpayment recovery case opens',
    async run(browser) {
      const page = await staffPage(browser, 'yubei');
      // The queue of open hits of 死亡后仍发放待遇 in 渝北区 (the demo plants some there).
      const loaded = page.locator('[data-testid=risk-hit-table][data-loaded=true]');
      await page.goto(`${BASE}/insurance/risk-hits?status=open&rule=risk-paid-after-death`);
      await loaded.waitFor();
      let row = page.locator('[data-testid=risk-hit-row][data-status=open][data-rule=risk-paid-after-death]').first();
      if ((await row.count()) === 0) {
        // None left: any open hit with money at stake will do.
        await page.goto(`${BASE}/insurance/risk-hits?status=open`);
        await loaded.waitFor();
        row = page.locator('[data-testid=risk-hit-row][data-status=open]:not([data-amount="0"])').first();
        if ((await row.count()) === 0) throw new Error('渝北区 has no open risk hit with an amount at stake');
      }
      const hitId = await row.getAttribute('data-hit-id');
      await row.getByTestId('risk-hit-link').click();
      await page.waitForURL(new RegExp(`/insurance/risk-hits/${hitId}$`));
      await page.locator('[data-testid=risk-hit-status][data-status=open]').waitFor();
      // The evidence is on the page: the rule, its criteria, the snapshot and the rule version.
      await page.getByTestId('risk-hit-criteria').waitFor();
      if (!/#\d+/.test(await page.getByTestId('risk-hit-snapshot').innerText())) throw new Error('the data snapshot is not shown');
      if (!/[0-9a-f]{16}/.test(await page.getByTestId('risk-hit-version').innerText())) throw new Error('the rule version hash is not shown');
      await page.screenshot({ path: join(SHOTS, 'risk-hit-evidence.png'), fullPage: true });

      // Confirmed, with what the check found; the amount to recover stays the hit's amount.
      await page.getByTestId('risk-decide-confirm').click();
      await page.getByTestId('risk-decide-evidence').fill('核对公安死亡登记和殡葬火化记录，领取人已死亡，死亡次月起仍在发放待遇，确认多发');
      await page.getByTestId('risk-decide-submit').click();
      const refused = page.locator('[data-testid=risk-decide] .ant-alert-error, [data-testid=risk-decide] .ant-form-item-explain-error').first();
      const outcome = await Promise.race([
        page.locator('[data-testid=risk-hit-status][data-status=confirmed]').waitFor().then(() => 'confirmed' as const),
        refused.waitFor().then(() => 'refused' as const),
      ]);
      if (outcome === 'refused') throw new Error(`the decision was refused: ${(await refused.innerText()).trim()}`);
      const recovery = page.getByTestId('risk-recovery-case');
      await recovery.waitFor();
      const code = (await recovery.getByTestId('risk-recovery-link').innerText()).trim();
      if (!/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code)) throw new Error(`the recovery case tracking code is ${code}`);
      await page.screenshot({ path: join(SHOTS, 'risk-hit-confirmed.png'), fullPage: true });

      // The recovery case opens on the case page, as 多发待遇追回.
      await recovery.getByTestId('risk-recovery-link').click();
      await page.waitForURL(/\/cases\/\d+$/);
      const summary = page.getByTestId('case-summary');
      await summary.waitFor();
      await summary.getByText('多发待遇追回').first().waitFor();
      if (!(await page.getByTestId('case-tracking-code').innerText()).includes(code)) throw new Error(`the case page does not show ${code}`);
      await page.screenshot({ path: join(SHOTS, 'risk-recovery-case.png'), fullPage: true });
      await page.context().close();
    },
  },
];

/** Opens an antd select by its test id, types to filter, and takes the first match. */
async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.press('Enter');
}

/** A phone-sized browser (390 × 844, touch), as a worker would use. */
function phoneContext(browser: Browser) {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
}

const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

/**
 * A staff member signed in through the login page, on a desktop-sized window of their own. A user
 * signed in before keeps their session (sign-in is rate limited per address: 10 a minute); if the
 * limit is hit anyway, the journey waits as long as the message says and signs in again.
 */
async function staffPage(browser: Browser, username: string): Promise<Page> {
  const known = sessions.get(username);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', ...(known ? { storageState: known } : {}) });
  const page = await ctx.newPage();
  if (known) {
    await page.goto(`${BASE}/`);
    await page.getByTestId('current-user').waitFor();
    return page;
  }
  for (let attempt = 0; ; attempt++) {
    await page.goto(`${BASE}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('Huimin2023!');
    await page.getByTestId('login-submit').click();
    const outcome = await Promise.race([
      page.getByTestId('current-user').waitFor().then(() => 'in' as const),
      page.getByTestId('login-error').waitFor().then(() => 'error' as const),
    ]);
    if (outcome === 'in') break;
    const text = await page.getByTestId('login-error').innerText();
    const wait = Number(/(\d+)\s*秒/.exec(text)?.[1] ?? NaN);
    if (attempt >= 2 || !Number.isFinite(wait)) throw new Error(`sign-in of ${username} refused: ${text}`);
    await page.waitForTimeout((wait + 1) * 1000);
  }
  sessions.set(username, await ctx.storageState());
  return page;
}

/** Takes one action of a case's actions panel: opens its form, fills it, sends it, waits for it to close. */
async function act(page: Page, action: string, fill?: (modal: Locator) => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('action-modal') });
  await modal.waitFor();
  if (fill) await fill(modal);
  await modal.getByTestId('action-submit').click();
  // Closed means done; an error or a field message in the form means refused: say which and why.
  const refusal = modal.locator('.ant-alert-error, .ant-form-item-explain-error').first();
  const outcome = await Promise.race([
    modal.waitFor({ state: 'hidden' }).then(() => 'done' as const),
    refusal.waitFor().then(
      () => 'refused' as const,
      () => new Promise<never>(() => {}), // no refusal shown before the wait ended: the other side decides
    ),
  ]);
  if (outcome === 'refused') {
    await page.screenshot({ path: join(SHOTS, `refused-${action}.png`) });
    throw new Error(`the ${action} form was refused: ${(await refusal.innerText()).trim()}`);
  }
}

async function noSideways(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`${what} scrolls sideways by ${overflow}px on a phone`);
}

/** "YYYY-MM" of n months before this one, in Beijing time. */
function monthsAgo(n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) - n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

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
    // E2E_GREP=text runs only the journeys whose name contains it (while working on one).
    for (const j of journeys.filter((x) => !process.env.E2E_GREP || x.name.includes(process.env.E2E_GREP))) {
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
