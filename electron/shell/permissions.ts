// Web permission requests (camera, notifications, geolocation, HID, ...) are refused in every session the app
// uses. The one exception: the console page may write text to the clipboard (copying a link token), which Chromium
// routes through the permission handler as 'clipboard-sanitized-write'. Reading the clipboard stays refused.
import { isOnOrigin } from './navigation';

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
}

/** The only permission granted, and only to the app's own origins. */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, appOrigins: readonly string[]): boolean {
  return permission === 'clipboard-sanitized-write' && !!requestingUrl && isOnOrigin(requestingUrl, appOrigins);
}

export function lockDownPermissions(session: PermissionSession, appOrigins: readonly string[], log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details?.requestingUrl, appOrigins);
    if (!allowed) log(`Refused the permission request "${permission}".`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, appOrigins));
  session.setDevicePermissionHandler(() => false);
}
