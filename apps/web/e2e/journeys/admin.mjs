/**
 * The admin journey: sign in through the login page, create an org unit and a user through the
 * forms, see both listed, and switch the console to English.
 */
import assert from 'node:assert/strict';

export async function login(page, baseUrl, { username, password }) {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login/);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('side-nav').waitFor();
}

const suffix = () => Date.now().toString(36).slice(-5);

export const journeys = [
  {
    name: 'signs in, creates an org unit and a user through the UI and sees both listed',
    run: async ({ page, baseUrl, admin }) => {
      await login(page, baseUrl, admin);
      const nav = page.getByTestId('side-nav');

      // Org unit: select the HQ root in the tree, add a platform under it.
      const unitName = `华东平台${suffix()}`;
      await nav.getByText('组织机构').click();
      await page.waitForURL(/\/admin\/org-units/);
      await page.getByTestId('org-unit-node').first().click();
      await page.getByRole('button', { name: /新建下级机构/ }).click();
      const unitModal = page.locator('.ant-modal').filter({ hasText: '新建机构' });
      await unitModal.locator('#org-unit_name').fill(unitName);
      await unitModal.locator('#org-unit_code').fill(`PF-${suffix()}`);
      await unitModal.getByRole('button', { name: /保\s*存/ }).click();
      await unitModal.waitFor({ state: 'hidden' });
      await page.getByTestId('org-unit-node').filter({ hasText: unitName }).waitFor();
      // The new unit is selected and its details show its kind.
      await page.locator('.ant-descriptions').getByText(unitName).waitFor();

      // User in that unit.
      const username = `agent.${suffix()}`;
      await nav.getByText('用户', { exact: true }).click();
      await page.waitForURL(/\/admin\/users/);
      await page.getByTestId('user-create').click();
      const userModal = page.locator('.ant-modal').filter({ hasText: '新建用户' });
      await userModal.locator('#user_username').fill(username);
      await userModal.locator('#user_displayName').fill('张三');
      await userModal.locator('#user_orgUnitId').click();
      await page.locator('.ant-select-tree-title').filter({ hasText: unitName }).click();
      await userModal.locator('#user_password').fill('Initial-pass-2026');
      await userModal.getByRole('button', { name: /保\s*存/ }).click();
      await userModal.waitFor({ state: 'hidden' });
      const row = page.getByTestId('users-table').locator('tr').filter({ hasText: username });
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(unitName));
      assert.match(await row.innerText(), /受理员/);
    },
  },
  {
    name: 'switches the console to English and sees the English navigation',
    run: async ({ page, baseUrl, admin }) => {
      await login(page, baseUrl, admin);
      const nav = page.getByTestId('side-nav');
      await nav.getByText('组织机构').waitFor();
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await nav.getByText('Org units').waitFor();
      await nav.getByText('Users', { exact: true }).waitFor();
      await nav.getByText('Audit log').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      // The choice survives a reload.
      await page.reload();
      await page.getByTestId('side-nav').getByText('Org units').waitFor();
    },
  },
];
