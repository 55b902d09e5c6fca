import { createTheme, Drawer, Modal, Notification } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  // Keyboard users must always see where they are; Mantine's default hides the ring on mouse focus only.
  focusRing: 'auto',
  // Contrast (axe, WCAG AA 4.5:1 for small text): white on indigo-6 is 4.0:1, so filled buttons use a darker shade,
  // and filled badges (green, yellow) pick dark or light text by their own luminance.
  primaryShade: { light: 8, dark: 9 },
  autoContrast: true,
  luminanceThreshold: 0.35,
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  // Every close "x" is a button a screen reader must be able to name (axe: button-name).
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});
