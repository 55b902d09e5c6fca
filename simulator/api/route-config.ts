// Per-route rules the shared onRequest hook (app.ts) applies before a handler runs.

/** Who may call a route: anyone, a logged-in user (the default), or another member of the host's link group. */
export type RouteAccess = 'public' | 'session' | 'peer' | 'otp';

export interface RouteConfig {
  access?: RouteAccess;
  /** Where a spec-only host (api-profile.ts) differs: another access rule, or no such route at all (an extension). */
  spec?: { access?: RouteAccess; absent?: true };
}
