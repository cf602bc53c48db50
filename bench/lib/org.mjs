/** The benchmark organisation: HQ → 2 platforms → 3 branches each; an agent and a CS manager per platform. */
import { ApiClient } from './api.mjs';

const PASSWORD = 'bench-user-password-1';

export async function ensureOrg(ctx) {
  if (ctx.shared.org) return ctx.shared.org;
  const { admin, api } = ctx;
  const me = await admin.call('GET', '/api/v1/auth/me');
  const hqId = me.orgUnit.id;
  const platforms = [];
  const branches = [];
  for (const p of ['A', 'B']) {
    const platform = await admin.call('POST', '/api/v1/org-units', { kind: 'platform', parentId: hqId, name: `Bench platform ${p}` });
    platforms.push(platform.id);
    for (const b of [1, 2, 3]) {
      const branch = await admin.call('POST', '/api/v1/org-units', { kind: 'branch', parentId: platform.id, name: `Bench branch ${p}${b}` });
      branches.push(branch.id);
    }
  }
  const user = async (username, orgUnitId, roles) => {
    await admin.call('POST', '/api/v1/users', { username, displayName: username, orgUnitId, roles, password: PASSWORD, joinedOn: '2020-01-01' });
    return new ApiClient(api.baseUrl).login(username, PASSWORD);
  };
  const agent = await user('bench.agent', branches[0], ['agent']);
  const managerA = await user('bench.manager.a', platforms[0], ['cs_manager']);
  ctx.shared.org = { hqId, platforms, branches, agent, managerA };
  return ctx.shared.org;
}
