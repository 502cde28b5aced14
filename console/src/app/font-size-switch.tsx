import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../i18n/messages';
import { FONT_SIZES, setFontSize, useFontSize, type FontSize } from './font-size';

const LABEL: Record<FontSize, MessageKey> = { standard: 'fontStandard', large: 'fontLarge', xlarge: 'fontXLarge' };

/** 标准 / 大 / 特大, beside the language switch. */
export function FontSizeSwitch() {
  const { t } = useTranslation();
  const size = useFontSize();
  return (
    <Segmented<FontSize>
      aria-label={t('fontSize')}
      size="small"
      value={size}
      data-testid="font-size"
      options={FONT_SIZES.map((s) => ({ value: s, label: t(LABEL[s]) }))}
      onChange={setFontSize}
    />
  );
}
