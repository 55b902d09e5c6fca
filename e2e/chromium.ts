// The headless Chromium that every browser test, benchmark and screenshot run starts: Debian's (Playwright's own
// download does not work on these machines), with one set of flags so that the figures of one compare with another.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium (156) builds the omnibox popups of its toolbar in a WebUI renderer of their own at start, headless too,
  // where no toolbar is ever shown. On two cores that took 0.2 to 0.4 CPU-s beside the page's first load: a cold
  // first render of bench:renderer read 479–565 ms with it, 313–332 ms without (5 fresh browsers each).
  '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxAimPopup,WebUIOmniboxPopup,WebUIOmniboxFullPopup',
];
