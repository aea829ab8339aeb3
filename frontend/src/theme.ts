import { createTheme, type CSSVariablesResolver, type TableScrollContainerProps } from '@mantine/core';

/**
 * Mantine theme. Shades are chosen for WCAG 2.2 AA contrast on white (the default `blue.6` and the
 * default dimmed grey are below 4.5:1).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  autoContrast: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    // A table wider than a phone scrolls sideways: the native scroller, focusable so keyboard users can
    // scroll it too (axe `scrollable-region-focusable`). A plain object, not `TableScrollContainer.extend`: importing
    // the component here would put Table, ScrollArea and floating-ui into every page's first load.
    TableScrollContainer: { defaultProps: { type: 'native', tabIndex: 0 } satisfies Partial<TableScrollContainerProps> & { tabIndex: number } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
    // Light buttons and the active menu entry under the pointer: blue.9 on the default hover (blue.2) is 4.0:1;
    // this shade between blue.1 and blue.2 keeps 4.7:1 and still shows the hover.
    '--mantine-color-blue-light-hover': '#c3e4ff',
    '--mantine-color-gray-light-color': 'var(--mantine-color-gray-8)',
    '--mantine-color-red-light-color': 'var(--mantine-color-red-9)',
    '--mantine-color-yellow-light-color': 'var(--mantine-color-yellow-9)',
    '--mantine-color-orange-light-color': 'var(--mantine-color-orange-9)',
    '--mantine-color-green-light-color': 'var(--mantine-color-green-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    // Error texts and invalid inputs: red.6 is 3.3:1 on white; red.9 passes AA.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-teal-light-color': 'var(--mantine-color-teal-9)',
  },
  dark: {},
});
