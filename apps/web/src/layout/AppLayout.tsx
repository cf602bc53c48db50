import { HomeOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown, Flex, Layout, Menu, type MenuProps, Spin, theme, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useBusinessTime } from '../i18n/time';
import { appRoutes, NAV_SECTIONS } from '../routes';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

const { Sider, Header, Content } = Layout;
const COLLAPSE_KEY = 'cs.nav.collapsed';

function useNavItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  return useMemo(() => {
    const items: NonNullable<MenuProps['items']> = [{ key: '/', icon: <HomeOutlined />, label: t('nav.home') }];
    for (const section of NAV_SECTIONS) {
      const entries = appRoutes
        .map((route, index) => ({ route, index }))
        .filter(({ route }) => route.nav?.section === section && hasRole(route.nav.roles ?? route.roles))
        .sort((a, b) => (a.route.nav?.order ?? 100) - (b.route.nav?.order ?? 100) || a.index - b.index);
      if (entries.length === 0) continue;
      items.push({
        type: 'group',
        key: `section:${section}`,
        label: t(`nav.sections.${section}`),
        children: entries.map(({ route }) => ({ key: route.path, icon: route.nav?.icon, label: t(route.nav!.labelKey) as string })),
      });
    }
    return items;
  }, [t, hasRole]);
}

/** The menu entry of the current page: the nav route whose path is the longest prefix match. */
function useSelectedKey(): string {
  const { pathname } = useLocation();
  return useMemo(() => {
    let best = '/';
    for (const route of appRoutes) {
      if (!route.nav) continue;
      const matches = matchPath({ path: route.path, end: false }, pathname);
      if (matches && route.path.length > best.length) best = route.path;
    }
    return best;
  }, [pathname]);
}

export default function AppLayout() {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const { timeZone } = useBusinessTime();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSE_KEY) === '1');
  const items = useNavItems();
  const selected = useSelectedKey();

  const toggle = () => {
    setCollapsed((c) => {
      localStorage.setItem(COLLAPSE_KEY, c ? '0' : '1');
      return !c;
    });
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'who', label: me ? `${me.displayName} (${me.username})` : '', disabled: true },
      { key: 'unit', label: me?.orgUnit.name ?? '', disabled: true },
      { key: 'tz', label: t('header.timeZone', { tz: timeZone }), disabled: true },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
    },
  };

  return (
    <AntApp component={false}>
      <Layout style={{ minHeight: '100vh' }}>
        <Sider
          collapsible
          collapsed={collapsed}
          trigger={null}
          width={216}
          theme="light"
          style={{ borderRight: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <div
            style={{
              height: 56,
              display: 'flex',
              alignItems: 'center',
              padding: '0 20px',
              fontWeight: 600,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {collapsed ? 'CS' : t('app.shortTitle')}
          </div>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={[selected]}
            onClick={({ key }) => void navigate(key)}
            style={{ borderInlineEnd: 'none' }}
            data-testid="side-nav"
          />
        </Sider>
        <Layout>
          <Header
            style={{
              background: token.colorBgContainer,
              padding: '0 16px',
              height: 56,
              lineHeight: '56px',
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
          >
            <Flex justify="space-between" align="center" style={{ height: '100%' }}>
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={toggle}
                aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              />
              <Flex align="center" gap={4}>
                <NotificationBell />
                <LanguageSwitch />
                <Dropdown menu={userMenu} trigger={['click']}>
                  <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                    <Typography.Text ellipsis style={{ maxWidth: 160 }}>
                      {me?.displayName}
                    </Typography.Text>
                  </Button>
                </Dropdown>
              </Flex>
            </Flex>
          </Header>
          <Content style={{ padding: 20, minWidth: 0 }}>
            <Suspense
              fallback={
                <Flex justify="center" style={{ padding: 64 }}>
                  <Spin size="large" />
                </Flex>
              }
            >
              <Outlet />
            </Suspense>
          </Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
