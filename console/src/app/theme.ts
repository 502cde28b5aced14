/**
 * antd's theme with text contrast of at least 4.5:1 (WCAG AA; console.md "elder-friendly"): the default
 * primary blue #1677ff gives white button text only 4.1:1, so the console uses the next shade, #0958d9
 * (6.0:1), for buttons, links and the info colour; secondary text (45 % black, 3.4:1) is darkened to 62 %
 * black (#606060, 6.3:1); placeholders (25 %, 1.8:1: a Select's is text axe checks) to 56 % (#707070, 4.9:1).
 */
import type { ThemeConfig } from 'antd';

export const CONSOLE_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
};
