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
import { normalize } from './text-match.ts';

/** Translates one key for one language; `vars` fill {{placeholders}} and `count` picks plurals. */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface I18n {
  t(lang: Lang, key: string, vars?: Record<string, unknown>): string;
  /** A list kept in a locale (words that mean "yes", command synonyms). */
  list(lang: Lang, key: string): string[];
  /** The same list folded for matching (`normalize`), as a set: for checks that run on every message. */
  folded(lang: Lang, key: string): ReadonlySet<string>;
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

/** Most translations with variables kept at once. */
const FILLED_LIMIT = 5000;

/** A cache key for a translation with variables, or undefined when a value is not a short plain one. */
function filledKey(lang: Lang, key: string, vars: Record<string, unknown>): string | undefined {
  let id = `${lang}\u0000${key}`;
  for (const name in vars) {
    const value = vars[name];
    if (typeof value === 'string') {
      if (value.length > 120 || value.includes('\u0000')) return undefined;
      id += `\u0000${name}\u0001${value}`;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      id += `\u0000${name}\u0002${String(value)}`;
    } else if (value !== undefined) {
      return undefined;
    }
  }
  return id;
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
  // i18next resolves a key in microseconds, and a message asks for hundreds (command words in
  // every language, labels, "step 2 of 4"): answers are kept until resources change. With
  // variables, only short plain values make a key, and the oldest answers go past a bound.
  const plain = new Map<string, string>();
  const filled = new Map<string, string>();
  const lists = new Map<string, readonly string[]>();
  const foldedLists = new Map<string, ReadonlySet<string>>();
  const known = new Map<string, boolean>();
  const forget = () => {
    plain.clear();
    filled.clear();
    lists.clear();
    foldedLists.clear();
    known.clear();
  };
  instance.store.on('added', forget);
  instance.store.on('removed', forget);
  const t = (lang: Lang, key: string, vars?: Record<string, unknown>): string => {
    if (vars !== undefined) {
      const id = filledKey(lang, key, vars);
      if (id === undefined) return instance.t(key, { lng: lang, ...vars }) as string;
      let text = filled.get(id);
      if (text === undefined) {
        const value: unknown = instance.t(key, { lng: lang, ...vars });
        if (typeof value !== 'string') return value as string;
        filled.set(id, (text = value));
        if (filled.size > FILLED_LIMIT) filled.delete(filled.keys().next().value as string);
      }
      return text;
    }
    const id = `${lang}\u0000${key}`;
    let text = plain.get(id);
    if (text === undefined) plain.set(id, (text = instance.t(key, { lng: lang }) as string));
    return text;
  };
  const fixed = new Map<Lang, Translate>();
  return {
    instance,
    t,
    list(lang, key) {
      const id = `${lang}\u0000${key}`;
      let words = lists.get(id);
      if (words === undefined) {
        const value = instance.t(key, { lng: lang, returnObjects: true }) as unknown;
        lists.set(id, (words = Array.isArray(value) ? value.map(String) : []));
      }
      // A copy: callers may sort or change what they get.
      return [...words];
    },
    folded(lang, key) {
      const id = `${lang}\u0000${key}`;
      let words = foldedLists.get(id);
      if (words === undefined) foldedLists.set(id, (words = new Set(this.list(lang, key).map(normalize))));
      return words;
    },
    has(lang, key) {
      const id = `${lang}\u0000${key}`;
      let exists = known.get(id);
      if (exists === undefined) known.set(id, (exists = instance.exists(key, { lng: lang, fallbackLng: false } as never)));
      return exists;
    },
    fixed(lang) {
      let translate = fixed.get(lang);
      if (!translate) fixed.set(lang, (translate = (key, vars) => t(lang, key, vars)));
      return translate;
    },
  };
}
