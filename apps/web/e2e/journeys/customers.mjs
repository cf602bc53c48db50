/**
 * The customers journey: an agent creates a confidential customer archive and adds a contact,
 * sees the contact's birthday masked (no clearance), requests access; a CS manager approves the
 * request; the agent then sees the birthday.
 */
import assert from 'node:assert/strict';
import { login } from './admin.mjs';

const suffix = () => Date.now().toString(36).slice(-5);

async function signOut(page, baseUrl) {
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.goto(`${baseUrl}/`);
}

async function pickOption(page, text) {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

export const journeys = [
  {
    name: 'creates a customer, adds a contact, sees the birthday masked, requests access, a manager approves, sees it unmasked',
    run: async ({ page, baseUrl, api }) => {
      const tag = suffix();
      const root = await api.root();
      const platform = await api.post('/api/v1/org-units', {
        kind: 'platform',
        parentId: root.id,
        name: `华南平台${tag}`,
        code: `PF-S${tag}`,
      });
      const agent = { username: `agent.${tag}`, password: `Agent-pass-${tag}-2026` };
      const manager = { username: `manager.${tag}`, password: `Manager-pass-${tag}-2026` };
      await api.post('/api/v1/users', { ...agent, displayName: '王受理', orgUnitId: platform.id, roles: ['agent'] });
      await api.post('/api/v1/users', { ...manager, displayName: '李经理', orgUnitId: platform.id, roles: ['cs_manager'] });

      // The agent creates a confidential archive through the form.
      await login(page, baseUrl, agent);
      // The home page carries the visit / re-verification work list card.
      await page.getByTestId('customers-work-list-widget').waitFor();
      await page.getByTestId('side-nav').getByText('客户档案').click();
      await page.waitForURL(/\/customers$/);
      await page.getByTestId('customer-create').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建客户档案' });
      const name = `广州机电${tag}`;
      await modal.locator('#customer_name').fill(name);
      await modal.locator('#customer_owningUnitId').click();
      await page
        .locator('.ant-select-tree-title')
        .filter({ hasText: `华南平台${tag}` })
        .click();
      await modal.locator('#customer_annualBusinessVolume').fill('1250000.00');
      await modal.locator('#customer_confidentiality').click();
      await pickOption(page, '机密');
      await modal.locator('#customer_phones').fill('020-8888 1234');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
      await page.getByTestId('customer-name').filter({ hasText: name }).waitFor();
      // ≥ 1,000,000 yuan: filed with HQ automatically.
      await page.getByText('总公司备案').first().waitFor();

      // The agent adds a contact with a birthday, and sees it masked (no clearance for a confidential archive).
      await page.getByTestId('contact-add').click();
      const contactModal = page.locator('.ant-modal').filter({ hasText: '添加联系人' });
      await contactModal.locator('#contact_name').fill('陈总');
      await contactModal.locator('#contact_title').fill('物流总监');
      await contactModal.locator('#contact_birthday').fill('1978-09-12');
      await contactModal.locator('#contact_birthday').press('Enter');
      await contactModal.locator('#contact_hobbies').fill('围棋');
      await contactModal.getByRole('button', { name: /保\s*存/ }).click();
      await contactModal.waitFor({ state: 'hidden' });
      const birthday = page.getByTestId('contacts-table').getByTestId('contact-birthday').first();
      await birthday.getByTestId('masked').waitFor();
      assert.doesNotMatch(await page.getByTestId('contacts-table').innerText(), /1978-09-12/);

      // The agent requests access.
      await page.getByTestId('request-access').click();
      const requestModal = page.locator('.ant-modal').filter({ hasText: '申请查阅客户档案' });
      await requestModal.locator('#access-request_reason').fill('准备客户周年回访');
      await requestModal.getByRole('button', { name: /保\s*存/ }).click();
      await requestModal.waitFor({ state: 'hidden' });
      await page.getByTestId('access-pending').waitFor();
      const customerUrl = page.url();

      // The manager approves it.
      await signOut(page, baseUrl);
      await login(page, baseUrl, manager);
      await page.getByTestId('side-nav').getByText('查阅申请').click();
      await page.waitForURL(/\/customers\/access-requests/);
      const row = page.getByTestId('access-requests-table').locator('tr').filter({ hasText: name });
      await row.waitFor();
      await row.getByTestId('approve-access').click();
      const decide = page.locator('.ant-modal').filter({ hasText: '批准' });
      await decide.getByRole('button', { name: /确\s*定/ }).click();
      await decide.waitFor({ state: 'hidden' });
      await page.getByTestId('access-requests-table').locator('tr').filter({ hasText: name }).waitFor({ state: 'detached' });

      // The agent now sees the birthday.
      await signOut(page, baseUrl);
      await login(page, baseUrl, agent);
      await page.goto(customerUrl);
      await page.getByTestId('access-cleared').waitFor();
      await page.getByTestId('contacts-table').getByText('1978-09-12').waitFor();
      assert.match(await page.getByTestId('contacts-table').innerText(), /围棋/);
    },
  },
];

journeys.push(
  {
    name: 'imports archives with the wizard: the dry run shows row errors, a fixed file imports',
    run: async ({ page, baseUrl, api }) => {
      const tag = suffix();
      const root = await api.root();
      const code = `PF-I${tag}`;
      const platform = await api.post('/api/v1/org-units', { kind: 'platform', parentId: root.id, name: `导入平台${tag}`, code });
      const manager = { username: `importer.${tag}`, password: `Import-pass-${tag}-2026` };
      await api.post('/api/v1/users', { ...manager, displayName: '导入经理', orgUnitId: platform.id, roles: ['cs_manager'] });
      const header = 'name,kind,owningUnit,address,phones,monthlyShipmentVolume,shipmentFrequency,annualBusinessVolume';
      const bad = [
        header,
        `甲公司${tag},long_term,${code},,13800001111,10,weekly,1000.00`,
        `乙公司${tag},long_term,${code},,,5,weekly,12.345`,
      ].join('\n');
      const good = [
        header,
        `甲公司${tag},long_term,${code},,13800001111,10,weekly,1000.00`,
        `乙公司${tag},long_term,${code},,,5,weekly,2000000.00`,
      ].join('\n');

      await login(page, baseUrl, manager);
      await page.getByTestId('side-nav').getByText('导入档案').click();
      await page.waitForURL(/\/customers\/import/);
      const input = page.locator('input[type=file]');
      await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('import-summary').filter({ hasText: '1 行有错误' }).waitFor();
      const errors = await page.getByTestId('import-errors').innerText();
      assert.match(errors, /3/);
      assert.match(errors, /annualBusinessVolume/);
      assert.equal(await page.getByTestId('import-run').isDisabled(), true);

      await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByTestId('import-summary').filter({ hasText: '2 行有效' }).waitFor();
      await page.getByTestId('import-run').click();
      await page.getByText(/已导入 2 个客户档案/).waitFor();
      await page.getByRole('button', { name: '查看客户列表' }).click();
      await page.getByTestId('customers-table').getByText(`乙公司${tag}`).waitFor();
    },
  },
  {
    name: 'drafts a visit plan, submits it, the ops manager approves it and the visit is scheduled',
    run: async ({ page, baseUrl, api }) => {
      const tag = suffix();
      const root = await api.root();
      const platform = await api.post('/api/v1/org-units', {
        kind: 'platform',
        parentId: root.id,
        name: `计划平台${tag}`,
        code: `PF-P${tag}`,
      });
      const agent = { username: `planner.${tag}`, password: `Plan-pass-${tag}-2026` };
      const ops = { username: `ops.${tag}`, password: `Ops-pass-${tag}-2026` };
      await api.post('/api/v1/users', { ...agent, displayName: '计划员', orgUnitId: platform.id, roles: ['agent'] });
      await api.post('/api/v1/users', { ...ops, displayName: '运营经理', orgUnitId: platform.id, roles: ['ops_manager'] });
      const customer = await api.post('/api/v1/customers', {
        name: `丙公司${tag}`,
        kind: 'long_term',
        owningUnitId: platform.id,
        shipmentFrequency: 'weekly',
        annualBusinessVolume: '50000.00',
      });

      await login(page, baseUrl, agent);
      await page.getByTestId('side-nav').getByText('访问计划').click();
      await page.waitForURL(/\/customers\/visit-plans/);
      await page.getByTestId('plan-create').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建访问计划' });
      await modal.locator('#visit-plan_title').fill(`十二月回访${tag}`);
      await modal.locator('#visit-plan_visits_0_customerId').click();
      await modal.locator('#visit-plan_visits_0_customerId').fill(`丙公司${tag}`);
      await pickOption(page, customer.name);
      const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      await modal.locator('#visit-plan_visits_0_plannedOn').fill(day);
      await modal.locator('#visit-plan_visits_0_plannedOn').press('Enter');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      const drawer = page.locator('.ant-drawer');
      await drawer.getByText('草稿', { exact: true }).waitFor();
      await drawer.getByTestId('plan-submit').click();
      await drawer.getByText('待审批').first().waitFor();

      await signOut(page, baseUrl);
      await login(page, baseUrl, ops);
      await page.getByTestId('side-nav').getByText('访问计划').click();
      await page.getByTestId('plan-column-submitted').getByText(`十二月回访${tag}`).click();
      await page.locator('.ant-drawer').getByTestId('plan-approve').click();
      await page.locator('.ant-drawer').getByText('已排期').waitFor();
      await page.getByTestId('plan-column-approved').getByText(`十二月回访${tag}`).waitFor();
    },
  },
);
