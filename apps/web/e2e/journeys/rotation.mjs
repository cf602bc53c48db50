/**
 * The rotation journey: a small seeded set (over HTTP) — three regions and three field staff, two
 * of whom must move — then, in the browser: see the must-move flags, generate the plan, see the
 * must-movers moved with their reasons, approve, and work the handover tasks.
 */
import assert from 'node:assert/strict';
import { login } from './admin.mjs';

const suffix = () => Date.now().toString(36).slice(-5);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
function monthsBefore(date, months) {
  const [y, m] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

async function seed(api) {
  const s = suffix();
  const root = await api.root();
  const unit = await api.post('/api/v1/org-units', { kind: 'platform', parentId: root.id, name: `轮换平台${s}` });
  const region = (name, salesUnits) => api.post('/api/v1/regions', { name: `${name}${s}`, salesUnits, orgUnitId: unit.id });
  const hangzhou = await region('杭州', 250_000);
  const ningbo = await region('宁波', 150_000);
  const wenzhou = await region('温州', 120_000);
  const lastMonth = monthsBefore(today(), 1);
  const person = async (name, login, regionId, monthsAgo, score) => {
    const user = await api.post('/api/v1/users', {
      username: `fs.${login}.${s}`,
      displayName: `${name}${s}`,
      password: `Field-pass-${s}-2026`,
      orgUnitId: unit.id,
      roles: ['field_staff'],
    });
    const staff = await api.post('/api/v1/field-staff', { userId: user.id, category: 'customer_manager' });
    await api.post(`/api/v1/field-staff/${staff.id}/assignments`, {
      regionIds: [regionId],
      since: `${monthsBefore(today(), monthsAgo)}-01`,
    });
    await api.post(`/api/v1/field-staff/${staff.id}/monthly-scores`, { month: lastMonth, score });
    return { ...staff, displayName: `${name}${s}`, username: `fs.${login}.${s}`, password: `Field-pass-${s}-2026` };
  };
  const alice = await person('艾丽', 'alice', hangzhou.id, 14, 92); // ≥12 months → must move
  const bob = await person('鲍勃', 'bob', ningbo.id, 8, 55); // score below 60 → must move
  const carol = await person('卡罗', 'carol', wenzhou.id, 2, 85); // under 6 months → must stay
  const round = await api.post('/api/v1/rotation-rounds', { name: `半年轮换${s}`, effectiveOn: today(), orgUnitId: unit.id });
  return { unit, hangzhou, ningbo, wenzhou, alice, bob, carol, round };
}

export const journeys = [
  {
    name: 'generates a plan for a small seeded set, sees the must-move staff moved, approves and sees handover tasks',
    run: async ({ page, baseUrl, admin, api }) => {
      const s = await seed(api);
      await login(page, baseUrl, admin);

      // Field staff list: the must-move flags.
      await page.goto(`${baseUrl}/rotation/field-staff`);
      const staffTable = page.getByTestId('field-staff-table');
      const aliceRow = staffTable.locator('tr').filter({ hasText: s.alice.displayName });
      await aliceRow.waitFor();
      assert.match(await aliceRow.innerText(), /必须轮换/);
      assert.match(await staffTable.locator('tr').filter({ hasText: s.bob.displayName }).innerText(), /必须轮换/);
      assert.match(await staffTable.locator('tr').filter({ hasText: s.carol.displayName }).innerText(), /必须留任/);

      // Regions: classes and who covers them.
      await page.goto(`${baseUrl}/rotation/regions`);
      const hzRow = page.getByTestId('regions-table').locator('tr').filter({ hasText: s.hangzhou.name });
      await hzRow.waitFor();
      assert.match(await hzRow.innerText(), /1 类/);
      assert.match(await hzRow.innerText(), new RegExp(s.alice.displayName));

      // The round: generate the plan.
      await page.goto(`${baseUrl}/rotation/rounds/${s.round.id}`);
      await page.getByTestId('generate-plan').click();
      const lines = page.getByTestId('plan-lines');
      await lines.waitFor();
      await page.getByText('计划符合全部轮换规则').waitFor();
      const aliceLine = lines.locator('tr').filter({ hasText: s.alice.displayName });
      const bobLine = lines.locator('tr').filter({ hasText: s.bob.displayName });
      const carolLine = lines.locator('tr').filter({ hasText: s.carol.displayName });
      // The must-movers swap (fewest moves); the must-stay person keeps her region; each line says why.
      assert.match(await aliceLine.innerText(), new RegExp(`${s.ningbo.name}`));
      assert.match(await aliceLine.innerText(), /rule: ≥12 months/);
      assert.match(await bobLine.innerText(), new RegExp(`${s.hangzhou.name}`));
      assert.match(await bobLine.innerText(), /monthly score 55/);
      assert.match(await carolLine.innerText(), new RegExp(`${s.wenzhou.name}`));
      assert.match(await carolLine.innerText(), /ROT_SETTLING_IN/);

      // Editing a must-mover back into his region shows the violation live and blocks approval.
      await page.getByTestId(`line-to-${s.bob.displayName}`).locator('.ant-select-selection-item-remove').first().click();
      await page.getByTestId(`line-to-${s.bob.displayName}`).click();
      await page.locator('.ant-select-item-option').filter({ hasText: s.ningbo.name }).first().click();
      await page.keyboard.press('Escape');
      await page.getByTestId('violations').getByText('ROT_MUST_MOVE_NOT_MOVED').first().waitFor();
      assert.equal(await page.getByTestId('approve-plan').isDisabled(), true);
      await page.getByRole('button', { name: /放弃修改/ }).click();
      await page.getByText('计划符合全部轮换规则').waitFor();

      // Approve: the effective date is today, so the assignments change at once.
      await page.getByTestId('approve-plan').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await page.getByTestId('round-status').filter({ hasText: '已生效' }).waitFor();

      // Handover tasks: outgoing and incoming for both movers.
      await page.getByTestId('handover-link').click();
      await page.waitForURL(/\/rotation\/handover\?roundId=/);
      const board = page.getByTestId('handover-board');
      await board.waitFor();
      const tasks = board.getByTestId('handover-task');
      await tasks.first().waitFor();
      assert.equal(await tasks.count(), 4);
      const text = await board.innerText();
      assert.match(text, /移交/);
      assert.match(text, /接收/);
      assert.match(text, new RegExp(`${s.alice.displayName} · ${s.hangzhou.name}`));
      assert.match(text, new RegExp(`${s.bob.displayName} · ${s.ningbo.name}`));
      // Tick the first checklist item of a task.
      const first = tasks.first();
      // (The checkbox is controlled: it turns checked once the API has saved the tick.)
      await first.locator('.ant-checkbox-wrapper').first().click();
      await first.locator('.ant-checkbox-wrapper-checked').first().waitFor();

      // The field staff list now shows the new regions.
      await page.goto(`${baseUrl}/rotation/field-staff`);
      const movedRow = page.getByTestId('field-staff-table').locator('tr').filter({ hasText: s.alice.displayName });
      await movedRow.waitFor();
      await movedRow.filter({ hasText: s.ningbo.name }).waitFor();
    },
  },

  {
    name: 'a field staff member submits last week’s report and sees its due-date status',
    run: async ({ page, baseUrl, api }) => {
      const s = await seed(api);
      await login(page, baseUrl, { username: s.alice.username, password: s.alice.password });
      await page.getByTestId('side-nav').getByText('我的周报与报销').click();
      await page.waitForURL(/\/rotation\/my-reports/);
      await page.locator('textarea').first().fill('拜访了三家渠道商，处理两起投诉');
      await page
        .getByRole('button', { name: /提\s*交/ })
        .first()
        .click();
      // Last week's report is on time until this Monday 13:00 (Beijing time), late after.
      const [y, m, d] = today().split('-').map(Number);
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
      const monday = new Date(Date.UTC(y, m - 1, d - weekday)).toISOString().slice(0, 10);
      const expected = Date.now() <= Date.parse(`${monday}T13:00:00+08:00`) ? '按时' : '迟交';
      const row = page.getByTestId('my-weekly-reports').locator('tbody tr').filter({ hasText: expected });
      await row.waitFor();
      const lastMonday = new Date(Date.UTC(y, m - 1, d - weekday - 7)).toISOString().slice(0, 10);
      assert.match(await row.innerText(), new RegExp(lastMonday));
    },
  },
];
