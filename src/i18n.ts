/**
 * i18next set up from data/locales/<lang>/<area>.json. Each file's keys sit under its file name:
 * `visa.json` with `{ "steps": … }` is reached as `t('visa.steps…')`; `core.json` (the engine's
 * own words) sits at the top level: `t('menu.title')`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type i18n as I18nInstance, type Resource } from 'i18next';
import { LANGS } from './lang.ts';
import type { Lang } from './message.ts';

/** Translates one key for one language; `vars` fill {{placeholders}} and `count` picks plurals. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface I18n {
  t(lang: Lang, key: string, vars?: Record<string, unknown>): string;
  /** A list kept in a locale (words that mean "yes", command synonyms). */
  list(lang: Lang, key: string): string[];
  has(lang: Lang, key: string): boolean;
  fixed(lang: Lang): Translate;
  readonly instance: I18nInstance;
}

export const DEFAULT_LOCALES_DIR = join(import.meta.dirname, '..', 'data', 'locales');

/** Reads every locale file; throws naming the file when one is not valid JSON. */
export function loadResources(dir = DEFAULT_LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lang of LANGS) {
    const translation: Record<string, unknown> = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      const path = join(dir, lang, file);
      try {
        const content = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        // core.json holds the engine's own words at the top level; other files sit under their name.
        if (file === 'core.json') Object.assign(translation, content);
        else translation[basename(file, '.json')] = content;
      } catch (error) {
        throw new Error(`Locale file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
    }
    resources[lang] = { translation } as Resource[string];
  }
  return resources;
}

/** Resources from several locale folders, later folders adding to earlier ones (test fixtures). */
export function loadResourcesFrom(dirs: string[]): Resource {
  const merged: Resource = {};
  for (const dir of dirs) {
    const resources = loadResources(dir);
    for (const lang of LANGS) {
      const into = ((merged[lang] ??= { translation: {} }) as { translation: Record<string, unknown> }).translation;
      Object.assign(into, (resources[lang] as { translation: Record<string, unknown> }).translation);
    }
  }
  return merged;
}

export function createI18n(resources: Resource = loadResources()): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGS],
    nsSeparator: false,
    // Replies are plain text; adapters escape for their own format.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  } as Parameters<I18nInstance['init']>[0]);
  const t = (lang: Lang, key: string, vars?: Record<string, unknown>) => instance.t(key, { lng: lang, ...vars }) as string;
  return {
    instance,
    t,
    list(lang, key) {
      const value = instance.t(key, { lng: lang, returnObjects: true }) as unknown;
      return Array.isArray(value) ? value.map(String) : [];
    },
    has: (lang, key) => instance.exists(key, { lng: lang, fallbackLng: false } as never),
    fixed: (lang) => (key, vars) => t(lang, key, vars),
  };
}
