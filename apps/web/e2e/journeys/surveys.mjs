/**
 * The surveys journey: build a questionnaire (reorder questions with the buttons and by drag and
 * drop, see the preview follow), launch an online campaign over two customers with the wizard
 * (population preview), answer one invitation by phone entry on the call list and the other
 * through the public link without login, and see the campaign metrics move from 0 % to 100 %
 * coverage.
 */
import assert from 'node:assert/strict';
import { login } from './admin.mjs';

const suffix = () => Date.now().toString(36).slice(-5);

async function campaignMetrics(page, campaignName) {
  await page.getByTestId('side-nav').getByText('调查活动').click();
  await page.waitForURL(/\/surveys\/campaigns/);
  const row = page.getByTestId('campaigns-table').locator('tr').filter({ hasText: campaignName });
  await row.getByRole('button', { name: /统\s*计/ }).click();
  await page.waitForURL(/\/surveys\/dashboard\?campaignId=/);
  await page.getByTestId('metric-invitations').waitFor();
}

const metricText = async (page, testId) =>
  (await page.getByTestId(testId).locator('.ant-statistic-content').innerText()).replace(/\s/g, '');

/** Waits until a metric card shows `expected` (the dashboard re-reads the metrics when opened). */
async function expectMetric(page, testId, expected) {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await metricText(page, testId);
    if (last === expected) return;
    await page.waitForTimeout(200);
  }
  assert.equal(last, expected, testId);
}

export const journeys = [
  {
    name: 'builds a questionnaire, launches a campaign, answers by phone entry and by public link, and sees the metrics move',
    run: async ({ page, baseUrl, admin, api }) => {
      const tag = suffix();
      const root = await api.root();
      const platform = await api.post('/api/v1/org-units', { kind: 'platform', parentId: root.id, name: `调查平台${tag}` });
      const customers = [];
      for (const [i, name] of [`甲客户${tag}`, `乙客户${tag}`].entries()) {
        customers.push(
          await api.post('/api/v1/customers', {
            name,
            kind: 'long_term',
            owningUnitId: platform.id,
            phones: [`1390000000${i}`],
            shipmentFrequency: 'weekly',
            annualBusinessVolume: '120000.00',
          }),
        );
      }

      await login(page, baseUrl, admin);
      const nav = page.getByTestId('side-nav');

      // 1. Questionnaire: the default overall question plus a second one, moved above it.
      const templateName = `服务满意度${tag}`;
      await nav.getByText('调查问卷').click();
      await page.waitForURL(/\/surveys\/templates/);
      await page.getByTestId('template-create').click();
      await page.locator('#survey-template_name').fill(templateName);
      await page.locator('#survey-template_questions_0_text').fill('您对本次服务的总体满意度');
      await page.getByTestId('question-add').click();
      await page.locator('#survey-template_questions_1_text').fill('您对处理速度的评价');
      await page.getByTestId('question-card').nth(1).getByRole('button', { name: '上移' }).click();
      const preview = page.getByTestId('template-preview');
      await preview.getByText('1. 您对处理速度的评价').waitFor();
      await preview.getByText('2. 您对本次服务的总体满意度').waitFor();
      // Drag and drop: a third question dragged by its handle onto the upper half of the first card.
      await page.getByTestId('question-add').click();
      await page.locator('#survey-template_questions_2_text').fill('您对服务态度的评价');
      const cards = page.getByTestId('question-card');
      await cards
        .nth(2)
        .getByTestId('question-drag-handle')
        .dragTo(cards.nth(0), { targetPosition: { x: 60, y: 12 } });
      await preview.getByText('1. 您对服务态度的评价').waitFor();
      await preview.getByText('2. 您对处理速度的评价').waitFor();
      await preview.getByText('3. 您对本次服务的总体满意度').waitFor();
      assert.equal(await page.locator('#survey-template_questions_0_text').inputValue(), '您对服务态度的评价');
      // While dragging, the card under the pointer shows where the question would land; dropping it
      // back on its own place changes nothing.
      await cards.nth(0).getByTestId('question-drag-handle').hover();
      await page.mouse.down();
      const middle = await cards.nth(1).boundingBox();
      // Chromium fires dragover only on a second update over the same element (a real drag repeats
      // updates while the pointer rests), hence the extra one-pixel move after each move.
      await page.mouse.move(middle.x + 60, middle.y + middle.height - 30, { steps: 5 });
      await page.mouse.move(middle.x + 61, middle.y + middle.height - 30);
      await page.locator('[data-testid="question-card"][data-drop-indicator="after"]').waitFor();
      assert.equal(await cards.nth(1).getAttribute('data-drop-indicator'), 'after');
      const top = await cards.nth(0).boundingBox();
      await page.mouse.move(top.x + 60, top.y + 12, { steps: 5 });
      await page.mouse.move(top.x + 61, top.y + 12);
      await page.locator('[data-drop-indicator]').waitFor({ state: 'detached' });
      await page.mouse.up();
      await preview.getByText('1. 您对服务态度的评价').waitFor();
      assert.equal(await page.locator('#survey-template_questions_0_text').inputValue(), '您对服务态度的评价');
      await page.getByTestId('template-save').click();
      await page.getByTestId('templates-table').locator('tr').filter({ hasText: templateName }).waitFor();

      // 2. Campaign wizard: online channel, the new platform's customers, preview counts, launch.
      const campaignName = `季度回访${tag}`;
      await nav.getByText('调查活动').click();
      await page.waitForURL(/\/surveys\/campaigns/);
      await page.getByTestId('campaign-create').click();
      const wizard = page.locator('.ant-modal').filter({ hasText: '新建调查活动' });
      await wizard.locator('#campaign_name').fill(campaignName);
      await wizard.locator('#campaign_templateId').click();
      await page.locator('.ant-select-item-option').filter({ hasText: templateName }).click();
      await wizard.getByText('网上', { exact: true }).click();
      await wizard.getByTestId('wizard-next').click();
      await wizard.locator('#campaign_unitIds').click();
      await page
        .locator('.ant-select-tree-title')
        .filter({ hasText: `调查平台${tag}` })
        .click();
      await wizard.getByTestId('population-preview').getByText('共 2 个调查对象').waitFor();
      await wizard.getByTestId('wizard-next').click();
      await wizard.getByTestId('wizard-launch').click();
      await page.getByText('已发布，生成 2 条调查任务').waitFor();

      // 3. Metrics before any answer: 2 invitations, 0 responses, 0 % coverage.
      await campaignMetrics(page, campaignName);
      await expectMetric(page, 'metric-invitations', '2');
      await expectMetric(page, 'metric-responses', '0');
      await expectMetric(page, 'metric-coverage', '0.00%');

      // 4. Call list: enter the first customer's answers heard on the phone.
      await nav.getByText('回访工作单').click();
      await page.waitForURL(/\/surveys\/work/);
      const table = page.getByTestId('work-table');
      const first = table.locator('tr').filter({ hasText: customers[0].name });
      await first.getByTestId('work-answer').click();
      const drawer = page.locator('.ant-drawer');
      await drawer.getByTestId('answer-overall').locator('.ant-rate-star').nth(3).click();
      await drawer.getByTestId('survey-submit').click();
      await page.getByText('回答已录入').waitFor();

      // 5. The second customer answers through the public link, without login.
      const second = table.locator('tr').filter({ hasText: customers[1].name });
      const link = await second.getByTestId('work-copy-link').getAttribute('data-link');
      assert.ok(link && /\/s\/[A-Za-z0-9_-]{43}$/.test(link), `unexpected link ${link}`);
      const visitor = await page
        .context()
        .browser()
        .newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      const phone = await visitor.newPage();
      await phone.goto(link);
      await phone.getByText(templateName).waitFor();
      await phone.getByTestId('answer-overall').locator('.ant-rate-star').nth(4).click();
      await phone.getByTestId('survey-submit').click();
      await phone.getByTestId('public-thanks').waitFor();
      // The link answers once.
      await phone.reload();
      await phone.getByTestId('public-already').waitFor();
      await visitor.close();

      // 6. The metrics moved: 2 responses, 100 % coverage, satisfaction 100 % (4 and 5).
      await campaignMetrics(page, campaignName);
      await expectMetric(page, 'metric-responses', '2');
      await expectMetric(page, 'metric-coverage', '100.00%');
      await expectMetric(page, 'metric-satisfaction', '100.00%');
    },
  },
];
