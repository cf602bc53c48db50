import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from '../api/notifications';

const NotificationDrawer = lazy(() => import('./NotificationDrawer'));

/** The bell polls the unread count (every 30 s while the tab is visible) and opens the drawer. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { data } = useUnreadCount();
  const unread = data?.unread ?? 0;
  return (
    <>
      <Tooltip title={t('header.notifications')}>
        <Button type="text" aria-label={t('header.notifications')} onClick={() => setOpen(true)} data-testid="notification-bell">
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        </Button>
      </Tooltip>
      {open && (
        <Suspense fallback={null}>
          <NotificationDrawer open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
