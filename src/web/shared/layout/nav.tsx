// The pages a user can reach, with the permission each needs. The menu and the route guards both
// read this list, so a menu item exists exactly when its page exists and the user may open it.
import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  IdcardOutlined,
  ShopOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { User } from '../types';

export type NavKey = 'home' | 'divisions' | 'persons' | 'enterprises' | 'imports' | 'audit' | 'me' | 'myEnterprise';

export type NavItem = {
  key: NavKey;
  path: string;
  icon: ReactNode;
  allowed: (u: User) => boolean;
  /** Extra path prefixes that highlight this item (detail pages). */
  matches: RegExp;
};

const has = (u: User, p: User['permissions'][number]) => u.permissions.includes(p);

export const STAFF_NAV: readonly NavItem[] = [
  { key: 'home', path: '/', icon: <DashboardOutlined />, allowed: (u) => has(u, 'division.read'), matches: /^\/$/ },
  { key: 'divisions', path: '/divisions', icon: <ApartmentOutlined />, allowed: (u) => has(u, 'division.read'), matches: /^\/divisions(\/|$)/ },
  { key: 'persons', path: '/persons', icon: <IdcardOutlined />, allowed: (u) => has(u, 'person.read'), matches: /^\/persons(\/|$)/ },
  { key: 'enterprises', path: '/enterprises', icon: <BankOutlined />, allowed: (u) => has(u, 'enterprise.read'), matches: /^\/enterprises(\/|$)/ },
  { key: 'imports', path: '/imports', icon: <CloudUploadOutlined />, allowed: (u) => has(u, 'import.read'), matches: /^\/imports(\/|$)/ },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, allowed: (u) => has(u, 'audit.read'), matches: /^\/audit(\/|$)/ },
];

export const SELF_NAV: readonly NavItem[] = [
  { key: 'me', path: '/me', icon: <UserOutlined />, allowed: (u) => has(u, 'self.read') && u.role === 'citizen' && u.personId !== null, matches: /^\/me$/ },
  {
    key: 'myEnterprise',
    path: '/me/enterprise',
    icon: <ShopOutlined />,
    allowed: (u) => has(u, 'self.read') && u.role === 'enterprise' && u.enterpriseId !== null,
    matches: /^\/me\/enterprise$/,
  },
];

export const navItem = (key: NavKey): NavItem => [...STAFF_NAV, ...SELF_NAV].find((i) => i.key === key)!;
