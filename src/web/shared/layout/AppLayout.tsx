// Staff get the side-menu layout; citizens and enterprises the phone-first one. Each is loaded
// only by those who use it, so a phone never downloads the staff menu.
import { lazy, Suspense } from 'react';
import { FullPageSpin, isStaff, useAuth } from '../auth';

const StaffLayout = lazy(() => import('./StaffLayout').then((m) => ({ default: m.StaffLayout })));
const SelfLayout = lazy(() => import('./SelfLayout').then((m) => ({ default: m.SelfLayout })));

export function AppLayout() {
  const { user } = useAuth();
  return <Suspense fallback={<FullPageSpin />}>{isStaff(user) ? <StaffLayout /> : <SelfLayout />}</Suspense>;
}
