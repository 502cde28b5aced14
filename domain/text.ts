/** A sentence shown to people, in Chinese (the default) and English. */
export interface Text {
  zh: string;
  en: string;
}

export const text = (zh: string, en: string): Text => ({ zh, en });
