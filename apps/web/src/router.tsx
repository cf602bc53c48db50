import { lazy, Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth, RoleGate } from './auth/guards';
import { publicRoutes as surveyPublicRoutes } from './pages/surveys/routes';
import { appRoutes } from './routes';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const NotFoundPage = lazy(() => import('./components/ResultPages').then((m) => ({ default: m.NotFoundPage })));
const LazyRouteError = lazy(() => import('./components/RouteErrorPage'));

/** Shown when a page crashes or its chunk fails to load (inside the layout for area pages). */
const routeError = (
  <Suspense fallback={null}>
    <LazyRouteError />
  </Suspense>
);

const areaRoutes: RouteObject[] = appRoutes.map((route) => {
  const Page = route.element;
  return {
    path: route.path,
    errorElement: routeError,
    element: (
      <RoleGate roles={route.roles}>
        <Page />
      </RoleGate>
    ),
  };
});

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: routeError },
  // Login-free pages (the customer's survey link) live outside the signed-in layout.
  ...surveyPublicRoutes.map(({ path, element: Page }) => ({ path, element: <Page />, errorElement: routeError })),
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: routeError,
    children: [{ index: true, element: <HomePage />, errorElement: routeError }, ...areaRoutes, { path: '*', element: <NotFoundPage /> }],
  },
]);
