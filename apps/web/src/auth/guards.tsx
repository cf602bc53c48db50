import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { useAuth } from './auth-context';

// Result screens are rare: loaded on demand so that antd's Result stays out of the entry chunk.
const MeErrorResult = lazy(() => import('../components/MeErrorResult'));
const ForbiddenPage = lazy(() => import('../components/ResultPages').then((m) => ({ default: m.ForbiddenPage })));

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** Signed-out visitors go to /login (and come back to where they were afterwards). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, meError, reloadMe, logout } = useAuth();
  const location = useLocation();
  if (status === 'signed-out') {
    const from = location.pathname + location.search;
    return <Navigate to={from === '/' ? '/login' : `/login?from=${encodeURIComponent(from)}`} replace />;
  }
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'error') {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <MeErrorResult error={meError} onRetry={reloadMe} onLogout={() => void logout()} />
      </Suspense>
    );
  }
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

/** A page whose roles the user lacks shows "forbidden" (the API would answer 403 anyway). */
export function RoleGate({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  return hasRole(roles) ? (
    children
  ) : (
    <Suspense fallback={null}>
      <ForbiddenPage />
    </Suspense>
  );
}
