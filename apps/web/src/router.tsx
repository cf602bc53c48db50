import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth, RoleGate } from './auth/guards';
import { NotFoundPage } from './components/ResultPages';
import { RouteErrorPage } from './components/RouteErrorPage';
import { appRoutes } from './routes';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const HomePage = lazy(() => import('./pages/home/HomePage'));

const areaRoutes: RouteObject[] = appRoutes.map((route) => {
  const Page = route.element;
  return {
    path: route.path,
    errorElement: <RouteErrorPage />,
    element: (
      <RoleGate roles={route.roles}>
        <Page />
      </RoleGate>
    ),
  };
});

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage />, errorElement: <RouteErrorPage /> },
      ...areaRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
