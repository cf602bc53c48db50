import 'i18next';
import type { Messages } from './index';

// Typed keys: `t('users.title')` is checked against the Chinese file at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
