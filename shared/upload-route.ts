// Where the browser console sends a dropped file (electron/bridge/upload-route.ts), shared by page and server.
export const UPLOAD_ROUTE = '/api/upload';
/** The run secret travels in this header; a URL would leave it in logs and history. */
export const UPLOAD_SECRET_HEADER = 'x-fieldlink-secret';
