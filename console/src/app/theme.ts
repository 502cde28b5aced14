/**
 * antd's theme with text contrast of at least 4.5:1 (WCAG AA; console.md "elder-friendly"): the default
 * primary blue #1677ff gives white button text only 4.1:1, so the console uses the next shade, #0958d9
 * (6.0:1), for buttons, links and the info colour; secondary text (45 % black, 3.4:1) is darkened to 62 %
 * black (#606060, 6.3:1); placeholders (25 %, 1.8:1: a Select's is text axe checks) to 56 % (#707070, 4.9:1).
 * The status colours are text too (a deadline tag's 「剩 3 天」 is coloured text on a tinted ground): antd's
 * green #52c41a on #f6ffed is 2.2:1, gold #faad14 on #fffbe6 1.8:1, red #ff4d4f on #fff2f0 3.0:1; the
 * console uses the darker shades of the same hues, 5.4:1 (#237804 on #f6ffed), 5.1:1 (#ad4e00 on
 * #fff7e6) and 5.1:1 (#cf1322 on #fff1f0), each with its own light ground and border.
 * A coloured Tag's text is shade 7 of its hue on shade 1: below 4.5:1 for volcano (4.4), orange (3.3),
 * gold (2.8), yellow (2.1), lime (2.5), green (3.4) and cyan (3.4); those hues' shade 7 is set to a darker
 * shade of the same hue (each ≥ 5.1:1 on its ground), so the org tree's unit kinds, the risk levels and
 * the escalation mark stay legible. A selected table row under the pointer is #add8ff in antd, where a
 * case number link is 4.1:1; the console's is #d6ebff (5.0:1).
 */
import type { ThemeConfig } from 'antd';

type Hue = 'volcano' | 'orange' | 'gold' | 'yellow' | 'lime' | 'green' | 'cyan';

/** Shade 7 of each hue under both of antd's names for it (`green7` and `green-7` are one CSS variable). */
function shade7(colours: Record<Hue, string>): Partial<Record<`${Hue}7` | `${Hue}-7`, string>> {
  return Object.fromEntries(
    Object.entries(colours).flatMap(([hue, colour]) => [
      [`${hue}7`, colour],
      [`${hue}-7`, colour],
    ]),
  );
}

export const CONSOLE_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorError: '#cf1322',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    ...shade7({
      volcano: '#ad2102',
      orange: '#ad4e00',
      gold: '#874d00',
      yellow: '#876800',
      lime: '#3f6600',
      green: '#237804',
      cyan: '#006d75',
    }),
  },
  components: {
    Table: { rowSelectedHoverBg: '#d6ebff' },
  },
};
