/**
 * The appraisal journey: ten team leaders (set up over HTTP) are scored in the cycle page through
 * the UI, the live ranking shows the 30/40/30 split, and finalizing (after a confirmation listing
 * the outcomes) extends the terms of excellent/good leaders and opens vacancies for the fair ones.
 */
import assert from 'node:assert/strict';
import { login } from './admin.mjs';

const suffix = () => Date.now().toString(36).slice(-5);

async function setUpCycle(api) {
  const root = await api.root();
  const year = new Date().getFullYear();
  const tag = suffix();
  const scheme = await api.post('/api/v1/appraisal-schemes', {
    name: `年度班组长考核 ${tag}`,
    dimensions: [
      { key: 'production', name: '生产管理', weight: 40, minimum: 60 },
      { key: 'coaching', name: '辅导与沟通', weight: 30 },
      { key: 'team_building', name: '团队建设', weight: 30 },
    ],
    vetoItems: [{ key: 'major_complaint', name: '重大投诉' }],
  });
  const leaders = [];
  for (let i = 0; i < 10; i += 1) {
    const user = await api.post('/api/v1/users', {
      username: `tl${i}.${tag}`,
      displayName: `班组长${String.fromCharCode(65 + i)}${tag}`,
      orgUnitId: root.id,
      roles: ['team_leader'],
      joinedOn: `${year - 3}-03-01`,
      password: 'Team-leader-2026',
    });
    const team = await api.post('/api/v1/teams', { name: `呼入${i + 1}组 ${tag}`, orgUnitId: root.id, postType: 'inbound' });
    const appointment = await api.post('/api/v1/team-leader-appointments', {
      userId: user.id,
      teamId: team.id,
      postType: 'inbound',
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      monthlyAllowance: '800.00',
    });
    leaders.push({ appointmentId: appointment.id, name: user.displayName });
  }
  const cycle = await api.post('/api/v1/appraisal-cycles', {
    year,
    schemeId: scheme.id,
    appointmentIds: leaders.map((l) => l.appointmentId),
  });
  return { year, cycle, leaders };
}

export const journeys = [
  {
    name: 'enters scores for a cycle of 10 leaders, sees 3/4/3 and finalizes with the outcomes applied',
    run: async ({ page, baseUrl, admin, api }) => {
      const { year, cycle, leaders } = await setUpCycle(api);
      await login(page, baseUrl, admin);
      // The home page carries the appraisal card (terms ending within 30 days, open vacancies).
      await page.getByTestId('appraisal-home-card').waitFor();
      const nav = page.getByTestId('side-nav');
      await nav.getByText('年度考核').click();
      await page.waitForURL(/\/appraisal\/cycles/);
      await page
        .getByTestId('cycles-table')
        .locator('tr')
        .filter({ hasText: String(year) })
        .first()
        .click();
      await page.waitForURL(new RegExp(`/appraisal/cycles/${cycle.id}`));

      // Score entry: leader i gets 95 − 3i on every dimension (distinct final scores 95 … 68).
      for (const [i, leader] of leaders.entries()) {
        const row = page.getByTestId(`score-row-${leader.appointmentId}`);
        const inputs = row.locator('input.ant-input-number-input');
        const value = String(95 - 3 * i);
        for (let d = 0; d < 3; d += 1) await inputs.nth(d).fill(value);
        await row
          .getByTestId('final-score')
          .filter({ hasText: `${value}.00` })
          .waitFor();
      }
      await page.getByTestId('scores-save-all').click();
      await page.getByTestId('ranking-counts').filter({ hasText: '优秀 3 · 良好 4 · 一般 3' }).waitFor();
      const rankingRows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
      assert.equal(await rankingRows.count(), 10);
      await page.getByTestId('score-distribution-chart').locator('.recharts-bar-rectangle').first().waitFor();

      // Finalize: the confirmation lists the outcomes it will apply.
      await page.getByTestId('cycle-finalize').click();
      const confirm = page.getByTestId('finalize-confirm');
      await confirm.waitFor();
      const confirmText = await confirm.innerText();
      assert.match(confirmText, /聘期延长一年 \+ 晋升优先/);
      assert.match(confirmText, /岗位空缺，重新选拔/);
      assert.equal((confirmText.match(/聘期延长一年 \+ 晋升优先/g) ?? []).length, 3);
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /定级并应用结果/ })
        .click();
      await page.getByText('已定级', { exact: true }).first().waitFor();
      await confirm.waitFor({ state: 'detached' });

      // The recorded results: 3/4/3 with their outcomes.
      await page.getByTestId('ranking-counts').filter({ hasText: '优秀 3 · 良好 4 · 一般 3' }).waitFor();
      const resultsText = await page.getByTestId('ranking-table').innerText();
      assert.equal((resultsText.match(/优秀/g) ?? []).length, 3);
      assert.equal((resultsText.match(/一般/g) ?? []).length, 3);
      assert.equal((resultsText.match(/岗位空缺，重新选拔/g) ?? []).length, 3);
      assert.equal((resultsText.match(/聘期延长一年/g) ?? []).length, 7);
      assert.equal(await page.getByTestId('cycle-finalize').count(), 0);

      // Outcomes applied: the best leader's term runs one more year with promotion priority;
      // the three fair posts are open for reselection with their incumbents as candidates.
      const best = await api.get(`/api/v1/team-leader-appointments/${leaders[0].appointmentId}`);
      assert.equal(best.endsOn, `${year + 1}-12-31`);
      assert.equal(best.promotionPriority, true);
      await nav.getByText('班组长空缺').click();
      await page.waitForURL(/\/appraisal\/vacancies/);
      const vacancyRows = page.getByTestId('vacancies-table').locator('tbody tr.ant-table-row').filter({ hasText: '年度考核一般' });
      await vacancyRows.first().waitFor();
      assert.equal(await vacancyRows.count(), 3);
      const vacancyText = await page.getByTestId('vacancies-table').innerText();
      for (const leader of leaders.slice(7)) assert.match(vacancyText, new RegExp(leader.name));
    },
  },
  {
    name: 'ranks service staff for a quarter through the UI: ties share a rank and a reward tier',
    run: async ({ page, baseUrl, admin, api }) => {
      const root = await api.root();
      const tag = suffix();
      const people = [];
      for (const [i, score] of [90, 95, 95, 80].entries()) {
        const user = await api.post('/api/v1/users', {
          username: `staff${i}.${tag}`,
          displayName: `客服${i}号${tag}`,
          orgUnitId: root.id,
          roles: ['agent'],
          password: 'Service-staff-2026',
        });
        people.push({ name: user.displayName, score });
      }
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('季度服务排名').click();
      await page.waitForURL(/\/appraisal\/staff-rankings/);
      await page.getByRole('button', { name: /新建季度排名/ }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建季度排名' });
      await modal.locator('#staff-ranking_title').fill(`季度排名 ${tag}`);
      for (const [i, person] of people.entries()) {
        if (i > 0) await modal.getByRole('button', { name: /添加人员/ }).click();
        await modal.locator(`#staff-ranking_entries_${i}_userId`).click();
        await modal.locator(`#staff-ranking_entries_${i}_userId`).fill(person.name);
        await page.locator('.ant-select-item-option').filter({ hasText: person.name }).click();
        await modal.locator(`#staff-ranking_entries_${i}_score`).fill(String(person.score));
      }
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      const drawer = page.locator('.ant-drawer').filter({ hasText: `季度排名 ${tag}` });
      await drawer.waitFor();
      const rows = drawer.locator('tbody tr.ant-table-row');
      assert.equal(await rows.count(), 4);
      const cells = async (n) => (await rows.nth(n).innerText()).split(/\s+/).filter(Boolean);
      assert.deepEqual((await cells(0))[0], '1');
      assert.deepEqual((await cells(1))[0], '1');
      assert.deepEqual((await cells(2))[0], '3');
      assert.deepEqual((await cells(3))[0], '4');
      assert.match(await rows.nth(2).innerText(), /1-3/);
      assert.match(await rows.nth(3).innerText(), /4-8/);
    },
  },
  {
    name: 'records monthly grades in the grid; a second D in the term terminates the appointment after a warning',
    run: async ({ page, baseUrl, admin, api }) => {
      const root = await api.root();
      const tag = suffix();
      const year = new Date().getFullYear();
      const user = await api.post('/api/v1/users', {
        username: `grid.${tag}`,
        displayName: `月度${tag}`,
        orgUnitId: root.id,
        roles: ['team_leader'],
        joinedOn: `${year - 3}-01-01`,
        password: 'Team-leader-2026',
      });
      const team = await api.post('/api/v1/teams', { name: `呼出组 ${tag}`, orgUnitId: root.id, postType: 'outbound' });
      const appointment = await api.post('/api/v1/team-leader-appointments', {
        userId: user.id,
        teamId: team.id,
        postType: 'outbound',
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
        monthlyAllowance: '600.00',
      });
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('月度绩效').click();
      await page.waitForURL(/\/appraisal\/grades/);
      const row = page.getByTestId('grades-grid').locator('tbody tr.ant-table-row').filter({ hasText: user.displayName });
      await row.waitFor();
      const pick = async (month, grade) => {
        await row.getByLabel(`${user.displayName} ${year}-${month}`).click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: new RegExp(`^${grade}$`) })
          .click();
        // Let the chosen month's list finish closing before the next month's opens (two open lists
        // make the option locator ambiguous).
        await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
      };
      await pick('01', 'D');
      await page.getByText(`${user.displayName} ${year}-01 已记为 D`).waitFor();
      await pick('02', 'B');
      await page.getByText(`${user.displayName} ${year}-02 已记为 B`).waitFor();
      await pick('03', 'D');
      const warning = page.locator('.ant-modal-confirm').filter({ hasText: '第二个 D' });
      await warning.waitFor();
      await warning.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByText('聘任已自动终止').first().waitFor();
      await row.getByText('已终止').waitFor();
      const after = await api.get(`/api/v1/team-leader-appointments/${appointment.id}`);
      assert.equal(after.status, 'terminated');
      assert.equal(after.endReason, 'second_d_grade');
      const vacancies = await api.get(`/api/v1/team-leader-vacancies?teamId=${team.id}`);
      assert.equal(vacancies.items.length, 1);
      assert.equal(vacancies.items[0].reason, 'second_d_grade');
    },
  },
];
