// Staff layout: a side menu (a drawer on phones and small tablets), a header with the user,
// the language switch and sign-out, and the page below.
import { MenuFoldOutlined, MenuUnfoldOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, theme, Typography, type MenuProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { NAV_GROUP_ICONS, STAFF_NAV, type NavGroup } from './nav';
import { UserBadge } from './UserBadge';

const { Header, Sider, Content } = Layout;

export function StaffLayout() {
  const { user } = useAuth();
  const { t, bi } = useI18n();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Before the first measurement every breakpoint is undefined; treat that as a wide screen.
  const wide = screens.lg !== false;

  const items = STAFF_NAV.filter((i) => user && i.allowed(user));
  const selectedItem = items.find((i) => i.matches.test(location.pathname));
  const selected = selectedItem?.key;
  // Grouped items form a submenu where the group's first item stands; the others stay top-level.
  const menuItems: NonNullable<MenuProps['items']> = [];
  const groups = new Map<NavGroup, { key: string; icon: ReactNode; label: string; children: { key: string; icon: ReactNode; label: string }[] }>();
  for (const i of items) {
    const entry = { key: i.key, icon: i.icon, label: t(`nav.${i.key}`) };
    if (!i.group) {
      menuItems.push(entry);
      continue;
    }
    let g = groups.get(i.group);
    if (!g) {
      g = { key: `group:${i.group}`, icon: NAV_GROUP_ICONS[i.group], label: t(`nav.groups.${i.group}`), children: [] };
      groups.set(i.group, g);
      menuItems.push(g);
    }
    g.children.push(entry);
  }
  // The submenu of the page shown is open; others stay as the user left them.
  const [openKeys, setOpenKeys] = useState<string[]>([]);
  const selectedGroup = selectedItem?.group ? `group:${selectedItem.group}` : undefined;
  useEffect(() => {
    if (selectedGroup) setOpenKeys((k) => (k.includes(selectedGroup) ? k : [...k, selectedGroup]));
  }, [selectedGroup]);
  // A collapsed side menu shows submenus as pop-ups, which it opens itself.
  const inlineOpen = !(wide && collapsed);
  const menu = (
    <Menu
      data-testid="main-menu"
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      {...(inlineOpen ? { openKeys, onOpenChange: setOpenKeys } : {})}
      items={menuItems}
      onClick={({ key }) => {
        const item = items.find((i) => i.key === key);
        if (item) navigate(item.path);
        setDrawerOpen(false);
      }}
    />
  );
  const brand = (small: boolean) => (
    <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: '0 20px', color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
      <span aria-hidden style={{ fontSize: 22, fontWeight: 700, color: '#ffd666' }}>
        惠
      </span>
      {!small && <span style={{ fontSize: 16, fontWeight: 600 }}>{t('app.name')}</span>}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {wide && (
        <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} trigger={null} width={216} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          {brand(collapsed)}
          {menu}
        </Sider>
      )}
      {!wide && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand(false)}
          {user && (
            // On phones the header has no room for the name and role; the menu shows them.
            <div data-testid="drawer-user" style={{ padding: '0 20px 12px', color: 'rgba(255,255,255,0.85)', lineHeight: 1.6 }}>
              <div style={{ fontWeight: 600 }}>{user.displayName}</div>
              <div style={{ fontSize: 12, opacity: 0.75 }}>
                {user.roleLabel ? bi(user.roleLabel) : t(`roles.${user.role}`)} · {user.orgName}
              </div>
            </div>
          )}
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            padding: '0 16px',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Button
            type="text"
            aria-label={t('nav.menu')}
            data-testid="menu-toggle"
            icon={wide ? collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined /> : <MenuOutlined />}
            onClick={() => (wide ? setCollapsed(!collapsed) : setDrawerOpen(true))}
          />
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {screens.md ? t('app.fullName') : t('app.name')}
          </Typography.Text>
          <LangSwitch />
          <UserBadge />
        </Header>
        <Content style={{ padding: screens.md ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
