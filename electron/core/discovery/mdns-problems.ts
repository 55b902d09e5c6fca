// What an mDNS socket error means for the technician, and what to do about it. The operating system's text
// ("send EHOSTUNREACH 224.0.0.251:5353") says nothing to someone on a site; the code and the platform do.

export interface SocketFault {
  code?: string;
  message: string;
}

/** The sentence shown as a discovery problem for a socket error on one interface. */
export function describeMdnsFault(address: string, fault: SocketFault, platform: NodeJS.Platform = process.platform): string {
  const code = fault.code ?? '';
  const byAddress = 'Hosts can still be added by address.';
  if (platform === 'darwin' && (code === 'EHOSTUNREACH' || code === 'EPERM' || code === 'EACCES' || code === 'ENETUNREACH')) {
    // macOS answers sends with "no route to host" while the Local Network prompt is pending or after a denial.
    return (
      `macOS is not letting Fieldlink search the local network on ${address} (${code}). ` +
      'If macOS asked whether Fieldlink may find devices on your local network, choose Allow. Otherwise open ' +
      'System Settings › Privacy & Security › Local Network, turn Fieldlink on, then choose Rescan. ' +
      byAddress
    );
  }
  if (platform === 'win32' && (code === 'EACCES' || code === 'EPERM' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')) {
    return (
      `Windows blocked mDNS on ${address} (${code}). Set this network to Private (Settings › Network & internet › ` +
      'your network › Private network) and allow Fieldlink through Windows Defender Firewall on private networks ' +
      `(UDP port 5353), then choose Rescan. ${byAddress}`
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENODEV' || code === 'ENETDOWN') {
    return `The interface ${address} is gone or down (${code}): reconnect its cable or Wi-Fi, or choose another interface in Settings. ${byAddress}`;
  }
  if (code === 'EADDRINUSE') {
    return `Another program holds the mDNS port on ${address} (${code}); Fieldlink cannot listen there. Close it, or choose another interface. ${byAddress}`;
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `This computer does not let Fieldlink use mDNS on ${address} (${code}): a firewall or security policy blocks UDP port 5353. Allow it, then choose Rescan. ${byAddress}`;
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return `mDNS queries cannot leave by ${address} (${code}): check the cable or Wi-Fi and any firewall, then choose Rescan. ${byAddress}`;
  }
  const what = `${code ? `${code}: ` : ''}${fault.message}`.slice(0, 200);
  return `mDNS on ${address} failed (${what}). Check the network connection and firewall, then choose Rescan. ${byAddress}`;
}
