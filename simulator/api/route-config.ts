/** Who may call a route: anyone, a logged-in user (the default), or another member of the host's link group. */
export type RouteAccess = 'public' | 'session' | 'peer' | 'otp';

export interface RouteConfig {
  access?: RouteAccess;
}
