import { Button, Result, Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { describeError } from '../api/errors';
import type { Role } from '../api/types';
import { ForbiddenPage } from '../components/ResultPages';
import { useAuth } from './auth-context';

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
  const { t } = useTranslation();
  if (status === 'signed-out') {
    const from = location.pathname + location.search;
    return <Navigate to={from === '/' ? '/login' : `/login?from=${encodeURIComponent(from)}`} replace />;
  }
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'error') {
    const { title, detail } = describeError(meError, t);
    return (
      <Result
        status="error"
        title={title}
        subTitle={detail}
        extra={[
          <Button key="retry" type="primary" onClick={reloadMe}>
            {t('common.retry')}
          </Button>,
          <Button key="logout" onClick={() => void logout()}>
            {t('header.logout')}
          </Button>,
        ]}
      />
    );
  }
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

/** A page whose roles the user lacks shows "forbidden" (the API would answer 403 anyway). */
export function RoleGate({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  return hasRole(roles) ? children : <ForbiddenPage />;
}
