/**
 * The complaints area: dashboard, fast intake, queues, detail, reports, and the SLA policy and
 * business calendar admin. Registered by one import line in src/routes.tsx.
 */
import {
  BarChartOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FormOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { Role } from '../../api/types';
import type { AppRoute } from '../../routes';

/** Who works with complaints (the API decides per action; these only shape the menu). */
const HANDLERS: readonly Role[] = ['agent', 'cs_manager', 'ops_manager', 'quality_evaluator'];
const MANAGERS: readonly Role[] = ['cs_manager', 'ops_manager', 'quality_evaluator'];

export const routes: AppRoute[] = [
  {
    path: '/complaints/dashboard',
    element: lazy(() => import('./DashboardPage')),
    roles: HANDLERS,
    nav: { section: 'workspace', labelKey: 'complaints.nav.dashboard', icon: <DashboardOutlined />, order: 10 },
    widget: { element: lazy(() => import('./widgets/ComplaintsSummaryWidget')), order: 10 },
  },
  {
    path: '/complaints/new',
    element: lazy(() => import('./IntakePage')),
    roles: ['agent', 'cs_manager'],
    nav: { section: 'service', labelKey: 'complaints.nav.intake', icon: <FormOutlined />, order: 10 },
  },
  {
    path: '/complaints',
    element: lazy(() => import('./QueuesPage')),
    roles: HANDLERS,
    nav: { section: 'service', labelKey: 'complaints.nav.queues', icon: <UnorderedListOutlined />, order: 20 },
    widget: { element: lazy(() => import('./widgets/ComplaintsVolumeWidget')), order: 11 },
  },
  {
    path: '/complaints/reports',
    element: lazy(() => import('./ReportsPage')),
    roles: MANAGERS,
    nav: { section: 'reports', labelKey: 'complaints.nav.reports', icon: <BarChartOutlined />, order: 10 },
  },
  {
    path: '/complaints/:id',
    element: lazy(() => import('./ComplaintDetailPage')),
    roles: HANDLERS,
    entityType: 'complaint',
  },
  {
    path: '/admin/sla-policies',
    element: lazy(() => import('./SlaPoliciesPage')),
    roles: ['admin', 'cs_manager'],
    nav: { section: 'admin', labelKey: 'complaints.nav.policies', icon: <FieldTimeOutlined />, order: 60 },
  },
  {
    path: '/admin/calendars',
    element: lazy(() => import('./CalendarsPage')),
    roles: ['admin', 'cs_manager'],
    nav: { section: 'admin', labelKey: 'complaints.nav.calendars', icon: <CalendarOutlined />, order: 70 },
  },
];
