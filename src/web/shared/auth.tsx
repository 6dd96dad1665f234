// Who is signed in, and the guard every page route goes through. The server decides what a user
// may do (user.permissions); the UI only hides what would be refused anyway.
import { Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './api';
import { ForbiddenResult } from './results';
import type { Permission, Session, User } from './types';

export type DemoLogin = { kind: 'citizen'; personId: number } | { kind: 'enterprise'; enterpriseId: number };

type AuthState = {
  user: User | null;
  /** True until the first /api/auth/me answer. */
  checking: boolean;
  /** Set when the session ended under the user's feet (shown on the sign-in page). */
  expired: boolean;
  login(username: string, password: string): Promise<User>;
  demoLogin(body: DemoLogin): Promise<User>;
  logout(): Promise<void>;
  can(perm: Permission): boolean;
};

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);
  const [expired, setExpired] = useState(false);
  const userRef = useRef<User | null>(null);
  useEffect(() => {
    userRef.current = user;
  }, [user]);

  const accept = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    setExpired(false);
    return s.user;
  }, []);

  useEffect(() => {
    let live = true;
    api
      .get<Session>('/api/auth/me')
      .then((s) => live && accept(s))
      .catch((e: unknown) => {
        if (live && !(e instanceof ApiError && e.code === 'UNAUTHENTICATED')) console.warn('session check failed', e);
      })
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, [accept]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        if (userRef.current) setExpired(true);
        setUser(null);
      }),
    [],
  );

  const value = useMemo<AuthState>(
    () => ({
      user,
      checking,
      expired,
      login: async (username, password) => accept(await api.post<Session>('/api/auth/login', { username, password })),
      demoLogin: async (body) => accept(await api.post<Session>('/api/auth/demo-login', body)),
      logout: async () => {
        try {
          await api.post('/api/auth/logout');
        } finally {
          setCsrfToken(null);
          setUser(null);
        }
      },
      can: (perm) => !!user?.permissions.includes(perm),
    }),
    [user, checking, expired, accept],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

const STAFF_PERMISSIONS: readonly Permission[] = ['division.read', 'person.read', 'enterprise.read', 'import.read', 'audit.read'];

/** Staff get the side-menu layout; citizens and enterprises the phone-first one. */
export function isStaff(user: User | null): boolean {
  return !!user && user.permissions.some((p) => STAFF_PERMISSIONS.includes(p));
}

/** Where a user lands after signing in. */
export function homePath(user: User): string {
  if (isStaff(user)) return '/';
  if (user.role === 'enterprise' || user.enterpriseId) return '/me/enterprise';
  return '/me';
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('auth.checking')} />
    </div>
  );
}

/** Renders children only for a signed-in user holding `perm` (and passing `when`). */
export function RequireAuth({ perm, when, children }: { perm?: Permission; when?: (u: User) => boolean; children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <FullPageSpin />;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if ((perm && !user.permissions.includes(perm)) || (when && !when(user))) return <ForbiddenResult />;
  return <>{children}</>;
}
