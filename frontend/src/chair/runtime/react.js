/**
 * What `react` resolves to in the chair's production build (vite.config.ts, CADRE_BUILD=chair): preact/compat,
 * plus React 19's <Activity>, which Mantine's keep-mounted transitions, tabs and collapses use and Preact lacks.
 * Hidden content stays mounted but is not displayed — what Activity's "hidden" mode shows; the deprioritised
 * rendering behind it is a React scheduler feature with no Preact counterpart.
 * Plain JavaScript: preact/compat's typings (`export =`) cannot be re-exported with `export *` in TypeScript, and
 * the types the app compiles against are React's anyway.
 */
import { createElement, Fragment } from 'preact';

export * from 'preact/compat';
export { default } from 'preact/compat';

/** @param {{ mode?: 'visible' | 'hidden', children?: import('preact').ComponentChildren }} props */
export function Activity({ mode = 'visible', children }) {
  return mode === 'hidden'
    ? createElement('div', { style: { display: 'none' }, 'aria-hidden': 'true' }, children)
    : createElement(Fragment, null, children);
}
