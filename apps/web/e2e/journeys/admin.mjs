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
  {
    name: 'shows an unread notification on the bell and the home page, and marks it read',
    run: async ({ page, baseUrl, admin, api, sql }) => {
      const me = await api.get('/api/v1/auth/me');
      await sql(`INSERT INTO notification (user_id, kind, title, body) VALUES ($1, 'e2e', $2, $3)`, [
        me.id,
        '请处理投诉 C-1',
        '超时前需要回复',
      ]);
      await login(page, baseUrl, admin);
      const bell = page.getByTestId('notification-bell');
      await bell.locator('.ant-badge-count').filter({ hasText: '1' }).waitFor();
      await page.getByTestId('home-unread').getByText('请处理投诉 C-1').waitFor();
      await bell.click();
      const drawer = page.locator('.ant-drawer');
      const item = drawer.getByTestId('notification-item').filter({ hasText: '请处理投诉 C-1' });
      await item.getByText('超时前需要回复').waitFor();
      await item.getByRole('button', { name: /标为已读/ }).click();
      await drawer.getByText('暂无通知').waitFor();
      await bell.locator('.ant-badge-count').waitFor({ state: 'detached' });
      const [row] = await sql(`SELECT read_at FROM notification WHERE user_id = $1`, [me.id]);
      assert.ok(row.read_at, 'the notification is marked read in the database');
    },
  },
  {
    name: 'creates an API key, shows its secret once, and revokes it',
    run: async ({ page, baseUrl, admin }) => {
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('API 密钥').click();
      await page.waitForURL(/\/admin\/api-keys/);
      await page.getByRole('button', { name: /新建密钥/ }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '新建密钥' });
      const name = `订单系统${suffix()}`;
      await modal.locator('#api-key_name').fill(name);
      await modal.locator('#api-key_scopes').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'complaints:read' }).click();
      await modal.locator('#api-key_name').click(); // close the scope list
      await modal.locator('#api-key_orgUnitId').click();
      await page.locator('.ant-select-tree-title').first().click();
      await modal.getByRole('button', { name: /新\s*建/ }).click();
      const secret = page.getByTestId('api-key-secret');
      await secret.waitFor();
      const key = (await secret.innerText()).trim();
      assert.ok(key.length >= 20, `a full key is shown (${key})`);
      const check = await fetch(`${baseUrl}/api/v1/org-units/tree`, { headers: { 'x-api-key': key } });
      assert.equal(check.status, 403, 'the key works but lacks org:read');
      await page.getByRole('button', { name: /我已保存密钥/ }).click();
      await secret.waitFor({ state: 'detached' });
      const row = page.locator('tr').filter({ hasText: name });
      await row.waitFor();
      assert.ok(!(await page.content()).includes(key), 'the secret is not shown again');
      await row.getByRole('button', { name: /吊\s*销/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await row.waitFor({ state: 'detached' }); // the list shows active keys
      const after = await fetch(`${baseUrl}/api/v1/org-units/tree`, { headers: { 'x-api-key': key } });
      assert.equal(after.status, 401, 'a revoked key is refused');
    },
  },
  {
    name: 'renames an org unit and sees the before and after in the audit log',
    run: async ({ page, baseUrl, admin, api }) => {
      const root = await api.root();
      const unit = await api.post('/api/v1/org-units', { name: `西南平台${suffix()}`, kind: 'platform', parentId: root.id });
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('组织机构').click();
      await page.getByTestId('org-unit-node').filter({ hasText: unit.name }).click();
      await page.getByRole('button', { name: /编\s*辑/ }).click();
      const modal = page.locator('.ant-modal').filter({ has: page.locator('#org-unit_name') });
      const renamed = `${unit.name}改`;
      await modal.locator('#org-unit_name').fill(renamed);
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      await page.locator('.ant-descriptions').getByText(renamed).waitFor();

      await page.getByTestId('side-nav').getByText('审计日志').click();
      await page.waitForURL(/\/admin\/audit-log/);
      await page.getByPlaceholder(/对象 ID/).fill(unit.id);
      await page.getByRole('button', { name: /搜\s*索/ }).click();
      const row = page.locator('tr').filter({ hasText: 'org_unit.updated' });
      await row.click();
      const diff = page.getByTestId('audit-diff');
      await diff.getByText(unit.name, { exact: true }).waitFor();
      await diff.getByText(renamed, { exact: true }).waitFor();
    },
  },
  {
    name: 'runs a scheduled job now and shows its result',
    run: async ({ page, baseUrl, admin }) => {
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('定时任务').click();
      await page.waitForURL(/\/admin\/scheduler/);
      const row = page.locator('tr').filter({ hasText: 'idempotency' }).first();
      await row.getByRole('button', { name: /立即运行/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await page
        .locator('.ant-modal-confirm-title')
        .getByText(/运行结果/)
        .waitFor();
      await page.locator('.ant-modal-confirm-content').getByText('成功').waitFor();
      await page.locator('.ant-modal-confirm-btns').getByRole('button').click();
      await row.getByText('成功').waitFor();
    },
  },
  {
    name: 'an agent sees no admin menu, gets "no access" on an admin page, and signs out',
    run: async ({ page, baseUrl, api }) => {
      const root = await api.root();
      const user = { username: `agent.${suffix()}`, password: 'Agent-pass-2026' };
      await api.post('/api/v1/users', { ...user, displayName: '李四', orgUnitId: root.id, roles: ['agent'] });
      await login(page, baseUrl, user);
      await page.getByText('您好，李四').waitFor();
      assert.equal(await page.getByTestId('side-nav').getByText('用户', { exact: true }).count(), 0);
      await page.goto(`${baseUrl}/admin/users`);
      await page.getByText('无权访问').waitFor();
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: /退出登录/ }).click();
      await page.waitForURL(/\/login/);
      await page.goto(`${baseUrl}/admin/users`);
      await page.waitForURL(/\/login\?from=%2Fadmin%2Fusers/);
    },
  },
  {
    name: 'edits a user: sets the joined date and deactivates the account',
    run: async ({ page, baseUrl, admin, api }) => {
      const root = await api.root();
      const user = await api.post('/api/v1/users', {
        username: `hr.${suffix()}`,
        password: 'Hr-pass-2026-x',
        displayName: '王五',
        orgUnitId: root.id,
        roles: ['hr'],
      });
      await login(page, baseUrl, admin);
      await page.getByTestId('side-nav').getByText('用户', { exact: true }).click();
      const row = page.getByTestId('users-table').locator('tr').filter({ hasText: user.username });
      await row.getByRole('button', { name: /编\s*辑/ }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: user.username });
      await modal.locator('#user_joinedOn').click();
      await modal.locator('#user_joinedOn').fill('2023-03-15');
      await modal.locator('#user_joinedOn').press('Enter');
      await modal.locator('#user_active').click();
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await modal.waitFor({ state: 'hidden' });
      await row.getByText('2023-03-15').waitFor();
      await row.getByText('停用').waitFor();
      const saved = await api.get(`/api/v1/users/${user.id}`);
      assert.equal(saved.active, false);
      assert.equal(saved.joinedOn, '2023-03-15');
      assert.equal(saved.version, user.version + 1);
    },
  },
];
