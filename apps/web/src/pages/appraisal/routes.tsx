/** The team-leader appraisal area: leaders, monthly grades, year-end cycles, vacancies. */
import { CalendarOutlined, CrownOutlined, OrderedListOutlined, SolutionOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';
import { MANAGER_ROLES, READER_ROLES, RESULT_READER_ROLES } from './types';

export const routes: AppRoute[] = [
  {
    path: '/appraisal/team-leaders',
    element: lazy(() => import('./TeamLeadersPage')),
    roles: READER_ROLES,
    nav: { section: 'quality', labelKey: 'appraisal.nav.leaders', icon: <CrownOutlined />, order: 50 },
    widget: { element: lazy(() => import('./TermsExpiringCard')), roles: [...MANAGER_ROLES], order: 50 },
  },
  {
    path: '/appraisal/grades',
    element: lazy(() => import('./MonthlyGradesPage')),
    roles: RESULT_READER_ROLES,
    nav: { section: 'quality', labelKey: 'appraisal.nav.grades', icon: <CalendarOutlined />, order: 51 },
  },
  {
    path: '/appraisal/cycles',
    element: lazy(() => import('./CyclesPage')),
    roles: RESULT_READER_ROLES,
    nav: { section: 'quality', labelKey: 'appraisal.nav.cycles', icon: <TrophyOutlined />, order: 52 },
  },
  {
    path: '/appraisal/cycles/:id',
    element: lazy(() => import('./CyclePage')),
    roles: RESULT_READER_ROLES,
    entityType: 'appraisal_cycle',
  },
  {
    path: '/appraisal/vacancies',
    element: lazy(() => import('./VacanciesPage')),
    roles: READER_ROLES,
    nav: {
      section: 'quality',
      labelKey: 'appraisal.nav.vacancies',
      icon: <SolutionOutlined />,
      order: 53,
      roles: [...MANAGER_ROLES, 'ops_manager'],
    },
  },
  {
    path: '/appraisal/staff-rankings',
    element: lazy(() => import('./StaffRankingsPage')),
    roles: READER_ROLES,
    nav: { section: 'quality', labelKey: 'appraisal.nav.staff', icon: <OrderedListOutlined />, order: 54 },
  },
];
