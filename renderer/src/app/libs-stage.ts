// A marker with no code of its own: the build puts it in the chunk of the libraries Mantine builds on (floating-ui,
// zustand, the scroll lock…; see vite.renderer.config.ts), so importing it evaluates that chunk, and only that one.
// load-app.ts does so before Mantine itself, so that neither evaluation is a long task.
export const stage = 'libs';
