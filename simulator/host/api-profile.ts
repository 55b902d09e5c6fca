// Two kinds of agent the console must drive: this simulator's own (with its documented extensions) and one that
// speaks only the published spec, like a real Palette Edge host. One place says how they differ.

/** `full`: the simulator's extensions (token state and stop, mDNS, readable tokens). `spec`: the published API only. */
export type ApiProfileName = 'full' | 'spec';

/** Which id a follower's `unlink?peerId=` accepts: the spec does not say whether its own or its leader's. */
export type UnlinkPeerId = 'own' | 'leader' | 'either';

/**
 * Link token bytes on a spec-only host (the spec only says "base64"): `address` holds the leader's IPv4 address as
 * text (as the product page says a token does), `opaque` shows nothing readable (as docs that call it encrypted
 * suggest). Neither carries a port or a certificate fingerprint.
 */
export type SpecTokenFormat = 'address' | 'opaque';

export interface ApiProfile {
  name: ApiProfileName;
  unlinkPeerId: UnlinkPeerId;
  specTokenFormat: SpecTokenFormat;
}

export type SyncStage = 'Pending' | 'InProgress' | 'Completed' | 'Failed';

/** `peers[].contentSyncStatus`: the link status words on the full profile, the Local UI's Content column on spec. */
export function syncWord(profile: ApiProfile, stage: SyncStage, percent: number): string {
  if (profile.name === 'spec') {
    if (stage === 'InProgress') return `Syncing ${percent}%`;
    if (stage === 'Completed') return 'Synced';
    if (stage === 'Failed') return 'Error';
    return 'Pending';
  }
  return stage === 'InProgress' ? `InProgress ${percent}%` : stage;
}
