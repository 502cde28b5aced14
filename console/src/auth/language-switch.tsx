import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { rememberLang, type Lang } from '../i18n/lang';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <Segmented<Lang>
      aria-label={t('language')}
      size="small"
      value={lang}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
      onChange={(next) => {
        rememberLang(next);
        void i18n.changeLanguage(next);
      }}
    />
  );
}
