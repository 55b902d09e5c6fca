// electron-builder's beforeBuild hook. Resolving to false tells electron-builder that node_modules are handled
// elsewhere, so it neither installs, rebuilds nor copies the production dependencies into app.asar. Vite already
// bundled every one of them into .vite/build (main and preload) and dist/renderer; without this hook React,
// Mantine, Fastify… would be packed a second time beside the bundles (the `files` patterns do not stop that: they
// are matched inside each dependency's own folder).
module.exports = async function beforeBuild() {
  return false;
};
