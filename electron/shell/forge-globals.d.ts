// Defined by @electron-forge/plugin-vite in the main-process bundle for the renderer named "main_window":
// the Vite dev server's URL under `electron-forge start`, undefined in packaged builds.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
