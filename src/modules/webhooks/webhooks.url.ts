// Where deliveries may go. Unless ROSTER_WEBHOOK_ALLOW_PRIVATE is on, an endpoint must be https
// and every address it resolves to must be public: no loopback, private, link-local, carrier-grade
// NAT, multicast or reserved ranges, so a webhook cannot be aimed at Roster's own network.
// The check runs twice: on the URL when an endpoint is saved (IP literals and localhost names),
// and on the resolved addresses when a delivery connects. The connection uses the address that
// was checked, so a name that resolves differently a moment later (DNS rebinding) gains nothing.
import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export const URL_MAX_LENGTH = 2_048;

// IANA's global unicast block. ipaddr.js calls everything it has no name for "unicast", which
// includes the deprecated IPv4-compatible range ::/96 (so [::127.0.0.1] looked public) and the
// unassigned or reserved blocks outside 2000::/3; an IPv6 address must be inside this block too.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/** True for addresses on the public internet (ipaddr.js's "unicast" range, IPv6 within 2000::/3). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ipaddr.js reads any IPv6 literal ending in a dotted quad as IPv4-mapped (::8.8.8.8 as
  // ::ffff:8.8.8.8); the URL parser's canonical form keeps the two apart, as a connection would.
  if (address.includes(':') && address.includes('.')) {
    try {
      address = new URL(`http://[${address}]/`).hostname.slice(1, -1);
    } catch {
      return false;
    }
  }
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (!v6.match(IPV6_GLOBAL_UNICAST)) return false;
  }
  return parsed.range() === 'unicast';
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Why an endpoint URL is refused, or null when it is acceptable. Names other than localhost are
 * not resolved here (they are checked at delivery), so saving an endpoint never waits on DNS.
 */
export function endpointUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://example.com/webhooks';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return allowPrivate
      ? 'must use https or http'
      : 'must use https (http is allowed only with ROSTER_WEBHOOK_ALLOW_PRIVATE=true)';
  }
  if (allowPrivate) return null;
  // A trailing dot names the same host ("localhost." is localhost).
  const host = hostOf(url).toLowerCase().replace(/\.$/, '');
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    ((net.isIP(host) !== 0 || ipaddr.isValid(host)) && !isPublicAddress(host))
  ) {
    return 'points to a private, loopback or link-local address; only public addresses are allowed (set ROSTER_WEBHOOK_ALLOW_PRIVATE=true for local receivers)';
  }
  return null;
}

export class BlockedAddressError extends Error {
  readonly code = 'EROSTERBLOCKED';
  /**
   * The message names only what the tenant wrote: for a name, what it resolved to is the
   * operator's internal DNS, so it stays in `address` for an operator's debug log.
   */
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `refused: ${address} is not a public address`
        : `refused: ${host} does not resolve to a public address`,
    );
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup replacement for http.request that fails when any address of the name is not
 * public. `resolve` is dns.lookup unless a test gives its own.
 */
export function guardedLookup(resolve: typeof dns.lookup = dns.lookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const blocked = list.find((a) => !isPublicAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
      if (list.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, list);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}
