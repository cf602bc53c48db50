/**
 * Complaints journeys.
 * 1. An agent takes a call through the fast intake (keyboard: phone first — it finds the customer
 *    archive —, Ctrl+Enter), received 5 h ago; the SLA sweep (run over HTTP, as the scheduler does)
 *    escalates it to the platform; the agent sees the escalation on the timeline and an extension with
 *    a bad consent refused (422, rule shown); the platform CS manager finds it under "escalated to me"
 *    and answers; the owner records the return visit and closes it — all in the UI.
 * 2. The reports page shows the numbers of complaints created for a fresh platform (quarterly
 *    totals and charts, monthly closed cases) and exports CSV.
 * 3. A manager assigns the return visit; a responsibility split with computed amounts, approved by
 *    the platform's ops manager.
 * 4. Calendar and business-hours SLA policy admin.
 * 5. An internal complaint (unit against unit) through the intake, with waybill numbers.
 */
import assert from 'node:assert/strict';

const suffix = () => `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3)}`;
const BUSINESS_TZ_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no DST

async function login(page, baseUrl, { username, password }) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('side-nav').waitFor();
}

/** Signs the current user out (drops the stored session) and signs another one in. */
async function switchUser(page, baseUrl, user) {
  await page.evaluate(() => {
    sessionStorage.clear();
    localStorage.removeItem('cs.session');
  });
  await login(page, baseUrl, user);
}

const phoneSuffix = () => Math.random().toString(36).slice(2, 8);

/** A platform with a branch, and a user of the branch with the given roles (password known). */
async function setUpUnits(api, roles) {
  const s = suffix();
  const root = await api.root();
  const platform = await api.post('/api/v1/org-units', { name: `华南平台${s}`, code: `PF-${s}`, kind: 'platform', parentId: root.id });
  const branch = await api.post('/api/v1/org-units', { name: `广州分公司${s}`, code: `BR-${s}`, kind: 'branch', parentId: platform.id });
  const user = { username: `agent.${s}`, password: `Agent-pass-${s}` };
  await api.post('/api/v1/users', { ...user, displayName: `受理员${s}`, orgUnitId: branch.id, roles });
  return { root, platform, branch, user };
}

/** "YYYY-MM-DD HH:mm:ss" wall-clock time in Asia/Shanghai, `hoursAgo` hours before now. */
function businessWallClock(hoursAgo) {
  return new Date(Date.now() - hoursAgo * 3600_000 + BUSINESS_TZ_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Clicks an action button on the detail page, fills its dialog, confirms, waits for it to close. */
async function runAction(page, action, title, fill) {
  await page.getByTestId(`action-${action}`).click();
  const modal = page.locator('.ant-modal').filter({ hasText: title });
  await modal.waitFor();
  if (fill) await fill(modal);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden' });
}

export const journeys = [
  {
    name: 'intake through the UI, escalated by the SLA sweep, answered, return visit and close',
    run: async ({ page, baseUrl, api }) => {
      const { user, branch, platform } = await setUpUnits(api, ['agent', 'cs_manager']);
      const platformManager = { username: `pcsm.${phoneSuffix()}`, password: `Pcsm-pass-${phoneSuffix()}` };
      await api.post('/api/v1/users', { ...platformManager, displayName: '平台客服经理', orgUnitId: platform.id, roles: ['cs_manager'] });
      const phone = `139${String(Date.now()).slice(-8)}`;
      // The caller has a customer archive in the agent's branch.
      const customer = await api.post('/api/v1/customers', {
        name: `甲物流公司${phone.slice(-4)}`,
        kind: 'long_term',
        owningUnitId: branch.id,
        shipmentFrequency: 'weekly',
        annualBusinessVolume: '50000.00',
        phones: [phone],
      });
      await login(page, baseUrl, user);

      // Fast intake: focus starts in the caller phone.
      await page.goto(`${baseUrl}/complaints/new`);
      const phoneInput = page.getByTestId('intake-phone');
      await phoneInput.waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-phone');
      await page.keyboard.type(phone);
      // The phone finds the archive; the caller's history panel answers (no earlier complaints).
      await page.getByTestId('intake-customer').getByText(customer.name).waitFor();
      await page.getByText('没有历史投诉').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.type('王先生');
      await page.keyboard.press('Alt+1'); // kind: complaint (1st)
      await page.getByTestId('intake-subject').fill('快件延误三天未送达');
      await page.getByTestId('intake-description').fill('客户反映快件在中转站滞留三天，要求尽快派送并说明原因。');
      // Received 5 h ago (a backfilled call): tier 1's 4 h deadline has already passed.
      await page.locator('#receivedAt').click();
      await page.locator('#receivedAt').fill(businessWallClock(5));
      await page.keyboard.press('Enter');
      await page.getByTestId('intake-description').click();
      await page.keyboard.press('Control+Enter');
      const numberText = await page.getByTestId('intake-number').innerText();
      assert.match(numberText, /^\d{4}-\d{5}$/);

      // Open it: tier 1, clock overdue.
      await page.getByRole('link', { name: /查看详情/ }).click();
      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop();
      await page.getByTestId('complaint-number').getByText(numberText).waitFor();
      await page.getByTestId('complaint-timeline').locator('[data-event-type=created]').waitFor();

      // The SLA sweep passes tier 1's deadline: escalated to tier 2 (the platform). Run now over HTTP;
      // the scheduler's own tick may have done it already, and a second sweep adds nothing.
      const sweep = await api.post('/api/v1/scheduler/jobs/sla-sweep/run');
      assert.equal(sweep.status, 'ok', JSON.stringify(sweep));
      const complaint = await api.get(`/api/v1/complaints/${id}`);
      assert.equal(complaint.tier, 2);
      assert.equal(complaint.customerId, customer.id);
      await page.reload();
      const escalated = page.getByTestId('complaint-timeline').locator('[data-event-type=escalated]');
      await escalated.waitFor();
      assert.match(await escalated.innerText(), /第 1 级 → 第 2 级/);
      await page.getByText('第 2 级').first().waitFor();

      // An extension whose consent predates the complaint is refused with the rule named, shown
      // inside the dialog, and nothing changes.
      await page.getByTestId('action-extend').click();
      const extendModal = page.locator('.ant-modal').filter({ hasText: '延期（客户同意）' });
      await extendModal.getByTestId('action-reason').fill('客户同意延后处理');
      await extendModal.locator('#newDueAt').click();
      await extendModal.locator('#newDueAt').fill(businessWallClock(-48));
      await page.keyboard.press('Enter');
      await extendModal.locator('#consentBy').fill('王先生');
      await extendModal.locator('#consentAt').click();
      await extendModal.locator('#consentAt').fill(businessWallClock(6));
      await page.keyboard.press('Enter');
      await extendModal.locator('.ant-modal-footer .ant-btn-primary').click();
      const refusal = extendModal.getByTestId('action-error');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /不符合业务规则[\s\S]*extension_consent_before_receipt/);
      await extendModal.locator('.ant-modal-footer .ant-btn').first().click();
      await extendModal.waitFor({ state: 'hidden' });
      assert.equal((await api.get(`/api/v1/complaints/${id}`)).extensionCount, 0);

      // The platform's CS manager finds it under "escalated to me" with its tier-2 countdown, and answers
      // (which stops the clock).
      await switchUser(page, baseUrl, platformManager);
      await page.goto(`${baseUrl}/complaints?queue=escalated_to_me`);
      const queueRow = page.getByTestId('complaint-queue').locator('tr').filter({ hasText: numberText });
      await queueRow.waitFor();
      assert.match(await queueRow.locator('[data-sla-state]').getAttribute('data-sla-state'), /on_track|at_risk/);
      await queueRow.getByRole('link', { name: numberText }).click();
      await page.getByTestId('complaint-number').getByText(numberText).waitFor();
      await runAction(page, 'answer', '答复客户', (modal) =>
        modal.getByTestId('answer-text').fill('已联系中转站加急派送，预计今日送达，并致歉。'),
      );
      await page.getByTestId('complaint-timeline').locator('[data-event-type=answered]').waitFor();
      await page.locator('.ant-tag').filter({ hasText: '已答复' }).first().waitFor();

      // The first-contact owner does the return visit and closes it.
      await switchUser(page, baseUrl, user);
      await page.goto(`${baseUrl}/complaints/${id}`);
      await page.getByTestId('complaint-timeline').locator('[data-event-type=answered]').waitFor();

      // Return visit: satisfied.
      await runAction(page, 'returnVisit', '登记回访', (modal) => modal.getByTestId('visit-notes').fill('客户已收到快件，表示满意。'));
      await page.getByTestId('complaint-timeline').locator('[data-event-type=return_visit]').waitFor();

      // Close (unless the satisfied visit closed it already).
      const afterVisit = await api.get(`/api/v1/complaints/${id}`);
      if (afterVisit.status !== 'closed') {
        await runAction(page, 'close', '结案');
      }
      await page.getByTestId('complaint-timeline').locator('[data-event-type=closed]').waitFor();
      await page.locator('.ant-tag').filter({ hasText: '已结案' }).first().waitFor();
      assert.equal((await api.get(`/api/v1/complaints/${id}`)).status, 'closed');

      // Closed, it has left the open queue "mine" and is found by its number under "all".
      await page.goto(`${baseUrl}/complaints?queue=all&q=${numberText}`);
      await page.getByTestId('complaint-queue').getByText(numberText).waitFor();
      await page.getByTestId('queue-tab-mine').click();
      await page.getByTestId('complaint-queue').getByText('队列中没有投诉').waitFor();
    },
  },
  {
    name: 'the reports page shows the numbers of the complaints created and exports CSV',
    run: async ({ page, baseUrl, api, admin }) => {
      const { platform, branch } = await setUpUnits(api, ['agent']);
      const base = { channel: 'phone', description: '报表测试', callerPhone: '13800000000', receivingUnitId: branch.id };
      const created = [];
      for (const [kind, severity] of [
        ['complaint', 'general'],
        ['complaint', 'batch'],
        ['inquiry', 'general'],
      ]) {
        created.push(
          await api.post(
            '/api/v1/complaints',
            { ...base, kind, severity, subject: `${kind}-${severity}` },
            { 'Idempotency-Key': suffix() },
          ),
        );
      }
      // One of them goes all the way: answered, satisfied return visit, closed.
      const [first] = created;
      await api.post(`/api/v1/complaints/${first.id}/answer`, { answer: '已处理' });
      await api.post(`/api/v1/complaints/${first.id}/return-visits`, { method: 'phone', outcome: 'satisfied', notes: '满意' });
      if ((await api.get(`/api/v1/complaints/${first.id}`)).status !== 'closed') await api.post(`/api/v1/complaints/${first.id}/close`, {});

      await login(page, baseUrl, admin);
      const now = new Date(Date.now() + BUSINESS_TZ_OFFSET_MS);
      const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
      const month = now.toISOString().slice(0, 7);

      await page.goto(`${baseUrl}/complaints/reports?period=quarterly&quarter=${quarter}&unitId=${platform.id}`);
      const value = async (key) => (await page.getByTestId(`total-${key}`).locator('.ant-statistic-content-value').innerText()).trim();
      await page.getByTestId('total-received').waitFor();
      assert.equal(await value('received'), '3');
      assert.equal(await value('answered'), '1');
      assert.equal(await value('unanswered'), '2');
      assert.equal(await value('closed'), '1');
      // The kind chart labels its bars with the counts: 投诉 2, 查询 1.
      const kindChart = page.getByTestId('chart-kind');
      await kindChart.locator('.recharts-label-list').first().waitFor();
      const kindLabels = (await kindChart.locator('.recharts-label-list text').allTextContents()).filter((v) => v.trim() && v !== '0');
      assert.deepEqual(kindLabels.map(Number).sort(), [1, 2]);
      const kindTexts = await kindChart.locator('svg text').allTextContents();
      assert.ok(kindTexts.includes('查询') && kindTexts.includes('投诉'), kindTexts.join(','));

      // Monthly closed-case statistics: the one closed case.
      await page.goto(`${baseUrl}/complaints/reports?period=monthly&month=${month}&unitId=${platform.id}`);
      await page.getByTestId('total-closedCases').waitFor();
      assert.equal(await value('closedCases'), '1');

      // CSV export downloads a file of the report.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      assert.match(download.suggestedFilename(), /\.csv$/);
    },
  },
  {
    name: 'responsibility split recorded with computed amounts by a CS manager and approved by the platform ops manager',
    run: async ({ page, baseUrl, api }) => {
      const s = suffix();
      const root = await api.root();
      const platform = await api.post('/api/v1/org-units', { name: `华北平台${s}`, code: `PN-${s}`, kind: 'platform', parentId: root.id });
      const branch = await api.post('/api/v1/org-units', {
        name: `北京分公司${s}`,
        code: `BN-${s}`,
        kind: 'branch',
        parentId: platform.id,
      });
      const manager = { username: `csm.${s}`, password: `Csm-pass-${s}` };
      const approver = { username: `ops.${s}`, password: `Ops-pass-${s}` };
      await api.post('/api/v1/users', { ...manager, displayName: `客服经理${s}`, orgUnitId: platform.id, roles: ['cs_manager'] });
      await api.post('/api/v1/users', { ...approver, displayName: `运营经理${s}`, orgUnitId: platform.id, roles: ['ops_manager'] });
      const complaint = await api.post(
        '/api/v1/complaints',
        {
          kind: 'complaint',
          channel: 'phone',
          severity: 'general',
          subject: '货物破损',
          description: '外包装破损',
          callerPhone: '13700000000',
          receivingUnitId: branch.id,
        },
        { 'Idempotency-Key': suffix() },
      );
      await api.post(`/api/v1/complaints/${complaint.id}/answer`, { answer: '已安排赔付' });

      // The CS manager records 70 % branch / 30 % platform of ¥100.01: the preview shows 70.01 + 30.00.
      await login(page, baseUrl, manager);
      await page.goto(`${baseUrl}/complaints/${complaint.id}`);
      // First the manager hands the return visit to a colleague (the owner stays the owner).
      await page.getByTestId('action-assign').click();
      const assignModal = page.locator('.ant-modal').filter({ hasText: '分派' });
      await assignModal.locator('#returnVisitAssigneeId').click();
      await page.keyboard.type(approver.username);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: approver.username }).click();
      await assignModal.locator('.ant-modal-footer .ant-btn-primary').click();
      await assignModal.waitFor({ state: 'hidden' });
      await page.getByText(`运营经理${s} (${approver.username})`).waitFor();
      const assigned = await api.get(`/api/v1/complaints/${complaint.id}`);
      assert.ok(assigned.returnVisitAssigneeId);
      assert.equal(assigned.ownerId, complaint.ownerId);

      await page.getByTestId('responsibility-edit').click();
      const card = page.getByTestId('responsibility-card');
      const editor = page.getByTestId('responsibility-editor');
      const row = (i) => editor.locator('tbody tr').nth(i);
      // Units are picked by typing (the select searches) and Enter.
      const pickUnit = async (i, name) => {
        await row(i).locator('.ant-select').click();
        await page.keyboard.type(name);
        await page.keyboard.press('Enter');
        await row(i).locator('.ant-select').getByText(name).waitFor();
      };
      await pickUnit(0, `北京分公司${s}`);
      await row(0).getByTestId('share-percent').fill('70');
      await editor.getByRole('button', { name: /添加责任单位/ }).click();
      await pickUnit(1, `华北平台${s}`);
      await row(1).getByTestId('share-percent').fill('30');
      await editor.getByTestId('compensation').fill('100.01');
      assert.equal((await row(0).getByTestId('share-amount').innerText()).trim(), '70.01');
      assert.equal((await row(1).getByTestId('share-amount').innerText()).trim(), '30.00');
      const modal = page.locator('.ant-modal').filter({ has: editor });
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await modal.waitFor({ state: 'hidden' });
      await card.getByText('待批准').waitFor();
      await page.getByTestId('complaint-timeline').locator('[data-event-type=responsibility_recorded]').waitFor();

      // The platform's ops manager approves it; it is then read-only.
      await switchUser(page, baseUrl, approver);
      await page.goto(`${baseUrl}/complaints/${complaint.id}`);
      await card.getByRole('button', { name: /批\s*准/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await card.getByText('已批准').waitFor();
      const overview = await api.get(`/api/v1/complaints/${complaint.id}/responsibility`);
      assert.equal(overview.effective.status, 'approved');
      assert.deepEqual(overview.effective.shares.map((share) => share.amount).sort(), ['30.00', '70.01']);
    },
  },
  {
    name: 'an admin edits a business calendar and creates a business-hours SLA policy on it',
    run: async ({ page, baseUrl, admin }) => {
      const s = suffix();
      await login(page, baseUrl, admin);
      await page.goto(`${baseUrl}/admin/calendars`);
      await page.getByRole('button', { name: /新建日历/ }).click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '新建日历' });
      await drawer.locator('#name').fill(`华南工作日历${s}`);
      await drawer.locator('#week_6').fill('09:00-12:00');
      await drawer.locator('#holidays').fill('2027-01-01\n2027-01-02');
      await drawer.locator('#adjustedWorkdays').fill('bad-date');
      await drawer.getByRole('button', { name: /保\s*存/ }).click();
      await drawer.getByText('日期格式应为 YYYY-MM-DD').waitFor();
      await drawer.locator('#adjustedWorkdays').fill('2027-01-10');
      await drawer.getByRole('button', { name: /保\s*存/ }).click();
      await drawer.waitFor({ state: 'hidden' });
      const calendarRow = page.locator('tr').filter({ hasText: `华南工作日历${s}` });
      await calendarRow.waitFor();
      assert.match(await calendarRow.innerText(), /六 09:00-12:00/);

      await page.goto(`${baseUrl}/admin/sla-policies`);
      await page.getByRole('button', { name: /新建策略/ }).click();
      const policyDrawer = page.locator('.ant-drawer').filter({ hasText: '新建策略' });
      await policyDrawer.locator('#name').fill(`批量投诉工作时间${s}`);
      await policyDrawer.getByText('工作时间', { exact: true }).click();
      await policyDrawer.locator('#calendarId').click();
      await page.keyboard.type(`华南工作日历${s}`);
      await page.keyboard.press('Enter');
      await policyDrawer.locator('#severities').click();
      await page.keyboard.type('批量');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await policyDrawer.getByRole('button', { name: /保\s*存/ }).click();
      await policyDrawer.waitFor({ state: 'hidden' });
      const policyRow = page.locator('tr').filter({ hasText: `批量投诉工作时间${s}` });
      await policyRow.waitFor();
      const text = await policyRow.innerText();
      assert.match(text, new RegExp(`华南工作日历${s}`));
      assert.match(text, /批量/);
      assert.match(text, /受理单位 4小时/);
    },
  },
  {
    name: 'an internal complaint taken through the intake names the unit complained about and the waybills',
    run: async ({ page, baseUrl, api }) => {
      const { platform, branch } = await setUpUnits(api, ['agent']);
      const manager = { username: `pm.${phoneSuffix()}`, password: `Pm-pass-${phoneSuffix()}` };
      await api.post('/api/v1/users', { ...manager, displayName: '平台受理员', orgUnitId: platform.id, roles: ['agent'] });
      await login(page, baseUrl, manager);
      await page.goto(`${baseUrl}/complaints/new`);
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-phone');
      await page.keyboard.type('02088886666');
      await page.keyboard.press('Alt+4'); // internal
      await page.locator('#respondentUnitId').waitFor();
      // Submitting without the respondent is stopped in the form.
      await page.getByTestId('intake-subject').fill('分公司拒收转运件');
      await page.getByTestId('intake-description').fill('广州分公司连续两天拒收本平台转运的快件。');
      await page.keyboard.press('Control+Enter');
      await page.getByText('请选择被投诉单位').waitFor();
      await page.locator('#respondentUnitId').click();
      await page.keyboard.type(branch.name);
      await page.locator('.ant-select-tree-title').filter({ hasText: branch.name }).click();
      await page.locator('#relatedOrders').fill('SF1001, SF1002');
      await page.getByTestId('intake-description').click();
      await page.keyboard.press('Control+Enter');
      const number = await page.getByTestId('intake-number').innerText();
      const { items } = await api.get(`/api/v1/complaints?q=${encodeURIComponent(number)}`);
      assert.equal(items.length, 1);
      assert.equal(items[0].kind, 'internal');
      assert.equal(items[0].respondentUnitId, branch.id);
      assert.deepEqual(items[0].relatedOrders, ['SF1001', 'SF1002']);
    },
  },
];
