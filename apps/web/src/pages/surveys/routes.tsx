/** The surveys area (满意度调查): questionnaires, campaigns, the agents' call list and the dashboard. */
import { BarChartOutlined, FormOutlined, NotificationOutlined, PhoneOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const DESIGNERS = ['quality_evaluator', 'cs_manager'] as const;
const READERS = ['quality_evaluator', 'cs_manager', 'ops_manager', 'team_leader'] as const;
const CALLERS = ['agent', 'team_leader', 'cs_manager', 'quality_evaluator'] as const;

export const routes: AppRoute[] = [
  {
    path: '/surveys/templates',
    element: lazy(() => import('./TemplatesPage')),
    nav: { section: 'quality', labelKey: 'surveys.nav.templates', icon: <FormOutlined />, roles: DESIGNERS, order: 10 },
  },
  {
    path: '/surveys/campaigns',
    element: lazy(() => import('./CampaignsPage')),
    roles: READERS,
    nav: { section: 'quality', labelKey: 'surveys.nav.campaigns', icon: <NotificationOutlined />, order: 20 },
  },
  {
    path: '/surveys/work',
    element: lazy(() => import('./WorkListPage')),
    roles: CALLERS,
    nav: { section: 'workspace', labelKey: 'surveys.nav.workList', icon: <PhoneOutlined />, order: 40 },
    widget: {
      element: lazy(() => import('./SurveyWidgets').then((m) => ({ default: m.PendingCallsWidget }))),
      roles: ['agent'],
      order: 40,
    },
  },
  {
    path: '/surveys/dashboard',
    element: lazy(() => import('./DashboardPage')),
    roles: READERS,
    nav: { section: 'reports', labelKey: 'surveys.nav.dashboard', icon: <BarChartOutlined />, order: 20 },
    widget: {
      element: lazy(() => import('./SurveyWidgets').then((m) => ({ default: m.QuarterSatisfactionWidget }))),
      roles: ['cs_manager', 'quality_evaluator'],
      order: 40,
    },
  },
];

/** Routes outside the signed-in layout (no login): the customer's survey link. */
export const publicRoutes = [{ path: '/s/:token', element: lazy(() => import('./PublicSurveyPage')) }];
