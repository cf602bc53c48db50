/** The customers area: archives, visit plans, access requests, work list and import. */
import { AuditOutlined, CalendarOutlined, ContactsOutlined, KeyOutlined, UploadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

export const routes: AppRoute[] = [
  {
    path: '/customers',
    element: lazy(() => import('./CustomersListPage')),
    nav: { section: 'service', labelKey: 'customers.nav.customers', icon: <ContactsOutlined />, order: 30 },
  },
  {
    path: '/customers/import',
    element: lazy(() => import('./ImportPage')),
    roles: ['cs_manager'],
    nav: { section: 'service', labelKey: 'customers.nav.import', icon: <UploadOutlined />, order: 38 },
  },
  {
    path: '/customers/work-list',
    element: lazy(() => import('./WorkListPage')),
    widget: { element: lazy(() => import('./WorkListWidget')), roles: ['agent', 'cs_manager', 'team_leader'], order: 40 },
    nav: { section: 'service', labelKey: 'customers.nav.workList', icon: <AuditOutlined />, order: 32 },
  },
  {
    path: '/customers/visit-plans',
    element: lazy(() => import('./VisitPlansPage')),
    nav: { section: 'service', labelKey: 'customers.nav.visitPlans', icon: <CalendarOutlined />, order: 34 },
  },
  {
    path: '/customers/access-requests',
    element: lazy(() => import('./AccessRequestsPage')),
    nav: { section: 'service', labelKey: 'customers.nav.accessRequests', icon: <KeyOutlined />, order: 36 },
  },
  { path: '/customers/:id', element: lazy(() => import('./CustomerDetailPage')), entityType: 'customer' },
];
