/**
 * The admin area — the model for every other area: an `AppRoute[]` with lazy pages and nav
 * entries, registered by one import line in src/routes.tsx.
 */
import { ApartmentOutlined, AuditOutlined, ClockCircleOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

export const routes: AppRoute[] = [
  {
    path: '/admin/org-units',
    element: lazy(() => import('./OrgUnitsPage')),
    roles: ['admin'],
    nav: { section: 'admin', labelKey: 'admin.nav.orgUnits', icon: <ApartmentOutlined />, order: 10 },
  },
  {
    path: '/admin/users',
    element: lazy(() => import('./UsersPage')),
    roles: ['admin'],
    nav: { section: 'admin', labelKey: 'admin.nav.users', icon: <TeamOutlined />, order: 20 },
  },
  {
    path: '/admin/api-keys',
    element: lazy(() => import('./ApiKeysPage')),
    roles: ['admin'],
    nav: { section: 'admin', labelKey: 'admin.nav.apiKeys', icon: <KeyOutlined />, order: 30 },
  },
  {
    path: '/admin/audit-log',
    element: lazy(() => import('./AuditLogPage')),
    roles: ['admin'],
    nav: { section: 'admin', labelKey: 'admin.nav.auditLog', icon: <AuditOutlined />, order: 40 },
  },
  {
    path: '/admin/scheduler',
    element: lazy(() => import('./SchedulerJobsPage')),
    // The API lets these managers watch the jobs; only admin may run one.
    roles: ['admin', 'cs_manager', 'ops_manager'],
    nav: { section: 'admin', labelKey: 'admin.nav.schedulerJobs', icon: <ClockCircleOutlined />, order: 50 },
  },
];
