// Pieces the citizen and enterprise insurance pages share, built for a phone's width: a page title
// and a back link (shared/portal's, re-exported here), and an application's one status (in progress
// x/y steps, completed, or not approved).
import { Tag } from 'antd';
import { useI18n } from '../../../shared/i18n';
import type { MyBundle } from '../types';

export { BackButton, PageTitle } from '../../../shared/portal';

/** The one status an applicant sees: in progress with the steps done, completed, or not approved. */
export function BundleStatusTag({ b }: { b: Pick<MyBundle, 'status' | 'done' | 'total'> }) {
  const { t } = useI18n();
  const [color, text] =
    b.status === 'completed'
      ? ['success', t('insurance.portal.completed')]
      : b.status === 'rejected'
        ? ['error', t('insurance.portal.rejected')]
        : ['processing', t('insurance.portal.inProgress', { done: b.done, total: b.total })];
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="bundle-status" data-status={b.status}>
      {text}
    </Tag>
  );
}
