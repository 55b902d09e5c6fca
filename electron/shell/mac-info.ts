// macOS Info.plist entries. Since macOS 15 an app must say why it uses the local network before the system lets
// it browse mDNS or connect to hosts on the LAN; without these keys discovery fails silently. Used by
// forge.config.ts; electron-builder.yml repeats them and a test keeps the two equal.

export const LOCAL_NETWORK_USAGE = 'Fieldlink looks for Palette Edge hosts on your site network and connects to each host to link it and load content onto it.';

/** The mDNS service type Palette Edge hosts announce. */
export const BONJOUR_SERVICES = ['_palette-edge._tcp'];

export const macInfo = {
  NSLocalNetworkUsageDescription: LOCAL_NETWORK_USAGE,
  NSBonjourServices: BONJOUR_SERVICES,
};
