/** The field-staff rotation area: regions, field staff, rotation rounds, handovers, weekly reports. */
import { AimOutlined, CheckSquareOutlined, EnvironmentOutlined, FormOutlined, IdcardOutlined, SwapOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Role } from '../../api/types';
import type { AppRoute } from '../../routes';

const READERS: Role[] = ['channel_engineer', 'channel_manager', 'cs_manager', 'ops_manager', 'hr'];
const PLANNERS: Role[] = ['channel_engineer', 'channel_manager'];

export const routes: AppRoute[] = [
  {
    path: '/rotation/regions',
    element: lazy(() => import('./RegionsPage')),
    roles: READERS,
    nav: { section: 'people', labelKey: 'rotation.nav.regions', icon: <EnvironmentOutlined />, order: 50 },
  },
  {
    path: '/rotation/field-staff',
    element: lazy(() => import('./FieldStaffPage')),
    roles: READERS,
    nav: { section: 'people', labelKey: 'rotation.nav.fieldStaff', icon: <IdcardOutlined />, order: 51 },
  },
  {
    path: '/rotation/rounds',
    element: lazy(() => import('./RoundsPage')),
    roles: READERS,
    nav: { section: 'people', labelKey: 'rotation.nav.rounds', icon: <SwapOutlined />, roles: PLANNERS, order: 52 },
  },
  { path: '/rotation/rounds/:id', element: lazy(() => import('./RoundPage')), roles: READERS, entityType: 'rotation_round' },
  {
    path: '/rotation/handover',
    element: lazy(() => import('./HandoverPage')),
    roles: [...READERS, 'field_staff'],
    nav: { section: 'people', labelKey: 'rotation.nav.handover', icon: <CheckSquareOutlined />, order: 53 },
  },
  {
    path: '/rotation/weekly-reports',
    element: lazy(() => import('./WeeklyReportsPage')),
    roles: READERS,
    nav: { section: 'people', labelKey: 'rotation.nav.weeklyReports', icon: <AimOutlined />, order: 54 },
  },

  {
    path: '/rotation/my-reports',
    element: lazy(() => import('./MyReportsPage')),
    roles: ['field_staff'],
    nav: { section: 'people', labelKey: 'rotation.nav.myReports', icon: <FormOutlined />, order: 55 },
  },
];
