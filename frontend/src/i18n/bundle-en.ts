/** Every English namespace in one lazily loaded chunk (see index.ts). */
import type { ResourceLanguage } from 'i18next';

const files = import.meta.glob<{ default: ResourceLanguage }>('./locales/en/*.json', { eager: true });

const bundle: ResourceLanguage = Object.fromEntries(
  Object.entries(files).map(([path, m]) => [path.slice(path.lastIndexOf('/') + 1, -'.json'.length), m.default]),
);

export default bundle;
