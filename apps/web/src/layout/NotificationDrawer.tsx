import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, Flex, List, Segmented, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../api/errors';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotificationList } from '../api/notifications';
import type { NotificationResponse } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadMore } from '../components/LoadMore';
import { useBusinessTime } from '../i18n/time';
import { entityPath } from '../routes';

/** One notification; its title links to the record it is about when an area shows that entity type. */
export function NotificationItem({
  item,
  compact = false,
  onOpen,
}: {
  item: NotificationResponse;
  compact?: boolean;
  onOpen?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { dateTime, fromNow } = useBusinessTime();
  const markRead = useMarkNotificationRead();
  const unread = item.readAt === null;
  const path = entityPath(item.entityType, item.entityId);
  const title = <Typography.Text strong={unread}>{item.title}</Typography.Text>;
  return (
    <List.Item
      data-testid="notification-item"
      actions={
        unread
          ? [
              <Button
                key="read"
                size="small"
                type="link"
                icon={<CheckOutlined />}
                loading={markRead.isPending}
                onClick={() => markRead.mutate(item.id, { onError: (e) => void message.error(errorMessage(e, t)) })}
              >
                {t('notifications.markRead')}
              </Button>,
            ]
          : undefined
      }
    >
      <List.Item.Meta
        title={
          <Flex gap={8} align="center">
            {unread && <Tag color="blue">{t('notifications.unread')}</Tag>}
            {path ? (
              <Link
                to={path}
                onClick={() => {
                  if (unread) markRead.mutate(item.id);
                  onOpen?.();
                }}
              >
                {title}
              </Link>
            ) : (
              title
            )}
          </Flex>
        }
        description={
          <>
            {item.body && !compact && <div style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}>{item.body}</div>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dateTime(item.createdAt)}>
              {dateTime(item.createdAt)} · {fromNow(item.createdAt)}
            </Typography.Text>
          </>
        }
      />
    </List.Item>
  );
}

export default function NotificationDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const list = useNotificationList(unreadOnly);
  const markAll = useMarkAllNotificationsRead();

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('notifications.title')}
      size={420}
      extra={
        <Button
          size="small"
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: (r) => void message.success(t('notifications.markedAll', { count: r.marked })),
              onError: (e) => void message.error(errorMessage(e, t)),
            })
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      <Segmented
        block
        style={{ marginBottom: 12 }}
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => setUnreadOnly(v === 'unread')}
        options={[
          { value: 'unread', label: t('notifications.unreadOnly') },
          { value: 'all', label: t('common.all') },
        ]}
      />
      {list.isPending ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <Empty description={t('notifications.empty')} />
      ) : (
        <>
          <List dataSource={list.items} rowKey="id" renderItem={(item) => <NotificationItem item={item} onOpen={onClose} />} />
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </>
      )}
    </Drawer>
  );
}
