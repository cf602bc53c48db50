/**
 * The console's area registry. Each area lives in `pages/<area>/` and exports from its
 * `routes.tsx` an `AppRoute[]`; it is registered here with ONE import line and ONE spread below.
 * Pages are `React.lazy` imports, so each area's code (and the antd components it uses) loads only
 * when one of its pages is opened.
 */
import type { ParseKeys } from 'i18next';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Role } from './api/types';
import { routes as admin } from './pages/admin/routes';
import { routes as surveys } from './pages/surveys/routes';
import { routes as complaints } from './pages/complaints/routes';
import { routes as customers } from './pages/customers/routes';
import { routes as appraisal } from './pages/appraisal/routes';
import { routes as rotation } from './pages/rotation/routes';

/** Navigation sections, in menu order (labels: `nav.sections.<section>`). */
export const NAV_SECTIONS = ['workspace', 'service', 'quality', 'people', 'reports', 'admin'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export interface NavEntry {
  section: NavSection;
  /** i18n key of the menu label, e.g. `'admin.nav.users'`. */
  labelKey: ParseKeys;
  icon: ReactNode;
  /** Who sees the entry; defaults to the route's `roles`. Admin sees everything. */
  roles?: readonly Role[];
  /** Position inside its section (smaller first; default 100, then registration order). */
  order?: number;
}

export interface AppRoute {
  /** Absolute path, e.g. `/admin/users` or `/complaints/:id`. */
  path: string;
  /** The page, as `lazy(() => import('./SomePage'))` (the module's default export). */
  element: LazyExoticComponent<ComponentType>;
  /** Roles allowed to open the page (absent = every signed-in user; admin always may). */
  roles?: readonly Role[];
  /** Present when the page has a menu entry. */
  nav?: NavEntry;
  /**
   * Set on a detail page (`path` with `:id`) that shows one record of this audit/notification entity
   * type (e.g. `'complaint'` for `/complaints/:id`): notifications and audit entries about such a
   * record then link to it.
   */
  entityType?: string;
  /**
   * A card for the home page (a lazy component rendering its own antd `Card`), shown to users
   * allowed by `widget.roles ?? roles`. Cards are laid out two per row on wide screens.
   */
  widget?: { element: LazyExoticComponent<ComponentType>; roles?: readonly Role[]; order?: number };
}

export const appRoutes: readonly AppRoute[] = [...admin, ...complaints, ...customers, ...surveys, ...appraisal, ...rotation];

/** The page showing a record of `entityType` with this id, if an area registered one. */
export function entityPath(entityType: string | null | undefined, entityId: string | null | undefined): string | null {
  if (!entityType || !entityId) return null;
  const route = appRoutes.find((r) => r.entityType === entityType);
  return route ? route.path.replace(':id', encodeURIComponent(entityId)) : null;
}
