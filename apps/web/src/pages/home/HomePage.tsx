import { Card, Col, Descriptions, Empty, Flex, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNotificationList } from '../../api/notifications';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useBusinessTime } from '../../i18n/time';
import { NotificationItem } from '../../layout/NotificationDrawer';
import { appRoutes } from '../../routes';

/** The landing page: who I am, what needs me (unread notifications), where I can go. */
export default function HomePage() {
  const { t } = useTranslation();
  const { me, hasRole } = useAuth();
  const { timeZone } = useBusinessTime();
  const unread = useNotificationList(true, 5);
  const links = appRoutes.filter((r) => r.nav && hasRole(r.nav.roles ?? r.roles));
  // Cards the areas add to the home page (AppRoute.widget).
  const widgets = appRoutes
    .filter((r) => r.widget && hasRole(r.widget.roles ?? r.roles))
    .sort((a, b) => (a.widget?.order ?? 100) - (b.widget?.order ?? 100));

  if (!me) return null;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.greeting', { name: me.displayName })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('home.unread')} data-testid="home-unread">
            {unread.isPending ? (
              <Flex justify="center" style={{ padding: 24 }}>
                <Spin />
              </Flex>
            ) : unread.isError ? (
              <ErrorAlert error={unread.error} onRetry={() => void unread.refetch()} />
            ) : unread.items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noUnread')} />
            ) : (
              <List dataSource={unread.items} rowKey="id" renderItem={(item) => <NotificationItem item={item} compact />} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('home.profile')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('home.username')}>{me.username}</Descriptions.Item>
                <Descriptions.Item label={t('home.displayName')}>{me.displayName}</Descriptions.Item>
                <Descriptions.Item label={t('home.roles')}>
                  <Flex wrap gap={4}>
                    {me.roles.map((role) => (
                      <Tag key={role}>{t(`roles.${role}`)}</Tag>
                    ))}
                  </Flex>
                </Descriptions.Item>
                <Descriptions.Item label={t('home.unit')}>
                  {me.orgUnit.name} · {t(`kinds.${me.orgUnit.kind}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('home.timeZone')}>{timeZone}</Descriptions.Item>
              </Descriptions>
            </Card>
            {links.length > 0 && (
              <Card title={t('home.links')}>
                <Flex wrap gap={8}>
                  {links.map((route) => (
                    <Link key={route.path} to={route.path}>
                      <Tag icon={route.nav?.icon} style={{ padding: '4px 10px', fontSize: 14, cursor: 'pointer' }}>
                        {t(route.nav!.labelKey) as string}
                      </Tag>
                    </Link>
                  ))}
                </Flex>
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      {widgets.length > 0 && (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          {widgets.map((route) => {
            const Widget = route.widget!.element;
            return (
              <Col xs={24} xl={12} key={route.path}>
                <ErrorBoundary
                  fallback={(error) => (
                    <Card>
                      <ErrorAlert error={error} />
                    </Card>
                  )}
                >
                  <Suspense fallback={<Card loading />}>
                    <Widget />
                  </Suspense>
                </ErrorBoundary>
              </Col>
            );
          })}
        </Row>
      )}
    </>
  );
}
