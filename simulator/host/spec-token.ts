// Link tokens of the spec-only profile. The spec says only "base64"; real tokens hold the leader's address and a
// one-time password, possibly encrypted. These carry no port and no fingerprint, so a console cannot lean on them.
import { createHmac } from 'node:crypto';
import net from 'node:net';
import type { SpecTokenFormat } from './api-profile';

/** First byte of each layout, so a token of one layout is never read as the other. */
const WITH_ADDRESS = 0x02;
const OPAQUE = 0x03;
/** OtpClock passwords are 16 hex digits. */
const OTP_BYTES = 8;
/** Filler after the password, derived from it so the same password always gives the same token. */
const FILLER_BYTES = 16;

export interface SpecToken {
  otp: string;
  /** The leader's IPv4 address, when the token shows it. */
  address?: string;
}

/**
 * `address`: 0x02, the IPv4 address as ASCII, a NUL (so no byte after it reads as part of the address or as a port),
 * the password, filler. `opaque`: 0x03, the password, filler. An IPv6 address is never shown (tokens of this
 * layout only ever showed IPv4), so such a host's token is opaque.
 */
export function encodeSpecToken(format: SpecTokenFormat, otp: string, address: string): string {
  const otpBytes = Buffer.from(otp, 'hex');
  const filler = createHmac('sha256', otpBytes).update('filler').digest().subarray(0, FILLER_BYTES);
  const parts =
    format === 'address' && net.isIPv4(address)
      ? [Buffer.from([WITH_ADDRESS]), Buffer.from(address, 'latin1'), Buffer.from([0]), otpBytes, filler]
      : [Buffer.from([OPAQUE]), otpBytes, filler];
  return Buffer.concat(parts).toString('base64');
}

/** The token's password and address, or null when the text is not a token of this layout. */
export function decodeSpecToken(text: string): SpecToken | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes[0] === OPAQUE && bytes.length === 1 + OTP_BYTES + FILLER_BYTES) {
    return { otp: bytes.subarray(1, 1 + OTP_BYTES).toString('hex') };
  }
  if (bytes[0] === WITH_ADDRESS) {
    const end = bytes.indexOf(0, 1);
    if (end < 0 || bytes.length !== end + 1 + OTP_BYTES + FILLER_BYTES) return null;
    const address = bytes.subarray(1, end).toString('latin1');
    if (!net.isIPv4(address)) return null;
    return { otp: bytes.subarray(end + 1, end + 1 + OTP_BYTES).toString('hex'), address };
  }
  return null;
}
