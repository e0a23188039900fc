import { createSignal } from 'solid-js';
import type { LocalizedText } from '../../shared/checklist';
import { zhCN, type Catalog, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

// Chinese ships in the app shell; English is fetched when first chosen (and precached
// by the service worker like every chunk, so the switch works offline too).
const [english, setEnglish] = createSignal<Catalog>();
let englishRequested = false;
function loadEnglish(): void {
  if (englishRequested) return;
  englishRequested = true;
  void import('./en').then((m) => setEnglish(() => m.en));
}
const STORAGE_KEY = 'xunjian.locale';

function initialLocale(): Locale {
  // Chinese unless the user chose English: our users write Chinese even on English phones.
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const startLocale = initialLocale();
const [locale, setLocaleSignal] = createSignal<Locale>(startLocale);
export { locale };
if (startLocale === 'en') loadEnglish();

export function setLocale(next: Locale): void {
  if (next === 'en') loadEnglish();
  setLocaleSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this session only.
  }
}

// Chinese strings of lazily loaded screens, registered when their chunk loads.
const [more, setMore] = createSignal<Partial<Catalog>>({});

export function registerMessages(messages: Partial<Catalog>): void {
  setMore((known) => ({ ...known, ...messages }));
}

/** Look up a UI string and fill its {placeholders}. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  // Until the English catalogue has arrived (a few ms), Chinese stands in.
  const text =
    (locale() === 'en' ? english() : undefined)?.[key] ?? (zhCN as Partial<Catalog>)[key] ?? more()[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Pick a template text in the current UI language. */
export function loc(text: LocalizedText): string {
  return locale() === 'en' ? text.en : text.zh;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** "14:05" today, "11-24 14:05" on another day: when something last happened. */
export function formatWhen(at: number, now = Date.now()): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', hour12: false });
  if (new Date(now).toDateString() === d.toDateString()) return time;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
