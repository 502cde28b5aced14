/**
 * The elder-friendly text size (console.md "Beyond the anchors" 9): 标准 / 大 / 特大, remembered in this
 * browser and applied as antd's `fontSize` token, from which antd derives every other text size.
 */
import { useSyncExternalStore } from 'react';

export const FONT_SIZES = ['standard', 'large', 'xlarge'] as const;
export type FontSize = (typeof FONT_SIZES)[number];

/** The base size in CSS pixels for each choice. */
export const FONT_PX: Record<FontSize, number> = { standard: 14, large: 17, xlarge: 20 };

const STORAGE_KEY = 'mediation-console.fontSize';

function stored(): FontSize {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (FONT_SIZES as readonly string[]).includes(v ?? '') ? (v as FontSize) : 'standard';
  } catch {
    return 'standard';
  }
}

let current: FontSize = stored();
const listeners = new Set<() => void>();

export function setFontSize(size: FontSize): void {
  current = size;
  try {
    localStorage.setItem(STORAGE_KEY, size);
  } catch {
    // A browser that refuses storage still switches, for this page only.
  }
  listeners.forEach((l) => l());
}

export function useFontSize(): FontSize {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
