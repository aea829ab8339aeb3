/** The chair app's English texts: one chunk, fetched only when English is chosen (see i18n.ts). */
import type { ResourceLanguage } from 'i18next';

import auth from '../i18n/locales/en/auth.json';
import chair from '../i18n/locales/en/chair.json';
import common from '../i18n/locales/en/common.json';
import errors from '../i18n/locales/en/errors.json';

const bundle: ResourceLanguage = { common, auth, chair, errors };
export default bundle;
