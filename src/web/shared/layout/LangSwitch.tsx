// 中文 / English switch; the choice is remembered in this browser.
import { Segmented } from 'antd';
import { setLanguage, useI18n, type Lang } from '../i18n';

export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t, lang } = useI18n();
  return (
    <Segmented<Lang>
      data-testid="lang-switch"
      aria-label={t('common.language')}
      size={size}
      value={lang}
      onChange={(v) => setLanguage(v)}
      options={[
        { label: t('lang.zh'), value: 'zh-CN' },
        { label: t('lang.en'), value: 'en' },
      ]}
    />
  );
}
