// Where deliveries may go: the public/private address classification, the save-time URL check
// and the connect-time DNS guard, with a fake resolver standing in for dns.lookup.
import type { LookupAddress, LookupOptions } from 'node:dns';
import type dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  URL_MAX_LENGTH,
  endpointUrlProblem,
  guardedLookup,
  isPublicAddress,
} from './webhooks.url.js';

describe('isPublicAddress', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:81c::200e',
    '::ffff:8.8.8.8',
  ])('takes %s for public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, far end', '127.255.255.254'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.16.0.1'],
    ['private 172.16/12, far end', '172.31.255.255'],
    ['private 192.168/16', '192.168.1.1'],
    ['link-local (cloud metadata)', '169.254.169.254'],
    ['carrier-grade NAT 100.64/10', '100.64.0.1'],
    ['carrier-grade NAT 100.64/10, far end', '100.127.255.255'],
    ['unspecified', '0.0.0.0'],
    ['"this network" 0/8', '0.1.2.3'],
    ['multicast', '224.0.0.1'],
    ['multicast, far end', '239.255.255.255'],
    ['broadcast', '255.255.255.255'],
    ['documentation range', '192.0.2.10'],
    ['benchmarking range', '198.18.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 unique local', 'fd12:3456:789a::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv6 documentation', '2001:db8::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private (hex form)', '::ffff:a01:203'],
    ['IPv4-mapped metadata address', '::ffff:169.254.169.254'],
    ['IPv4-mapped CGNAT', '::ffff:100.64.0.1'],
    ['NAT64 of a private address', '64:ff9b::a00:1'],
    ['IPv4-compatible loopback (deprecated ::/96)', '::127.0.0.1'],
    ['IPv4-compatible metadata address (hex form)', '::a9fe:a9fe'],
    ['IPv4-compatible private', '::10.0.0.1'],
    ['IPv4-compatible public (deprecated, still refused)', '::8.8.8.8'],
    ['IPv6 discard-only 100::/64', '100::1'],
    ['IPv6 deprecated site-local', 'fec0::1'],
    ['IPv6 reserved, outside 2000::/3', '4000::1'],
    ['IPv6 reserved 0::/8 beyond ::/96', '::1:0:0:1'],
    ['IPv6 6to4 of a private address', '2002:a00:1::1'],
    ['IPv6 Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  ])('takes %s (%s) for not public', (_name, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['', 'localhost', 'example.com', '999.1.1.1', '1.2.3.4.5', 'fe80::1::2'])(
    'takes the non-address %j for not public',
    (text) => {
      expect(isPublicAddress(text)).toBe(false);
    },
  );
});

describe('endpointUrlProblem', () => {
  it.each([
    'https://hooks.example.com/roster',
    'https://hooks.example.com:8443/a/b?c=d#e',
    'https://8.8.8.8/x',
    'https://[2606:4700:4700::1111]/x',
    'HTTPS://Hooks.Example.COM/',
  ])('accepts %s', (url) => {
    expect(endpointUrlProblem(url, false)).toBeNull();
  });

  it.each(['', 'hooks.example.com/x', '/relative', 'https://', 'https://exa mple.com/'])(
    'refuses %j as not an absolute URL',
    (url) => {
      expect(endpointUrlProblem(url, false)).toMatch(/absolute URL/);
      expect(endpointUrlProblem(url, true)).toMatch(/absolute URL/);
    },
  );

  it.each([
    'http://hooks.example.com/',
    'ftp://hooks.example.com/',
    'ws://hooks.example.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
  ])('refuses the scheme of %s, mentioning https', (url) => {
    expect(endpointUrlProblem(url, false)).toMatch(/must use https/);
  });

  it.each([
    'https://127.0.0.1/x',
    'https://10.1.2.3/x',
    'https://[::1]/x',
    'https://169.254.169.254/latest/meta-data',
    'https://localhost/x',
    'https://LOCALHOST:8443/x',
    'https://api.localhost/x',
    'https://0.0.0.0/x',
    'https://100.64.0.1/x',
    'https://224.0.0.1/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:10.0.0.1]/x',
    'https://[fd00::1]/x',
    // Spellings the URL parser turns into 127.0.0.1.
    'https://2130706433/x',
    'https://0x7f.1/x',
    'https://127.1/x',
    'https://127.0.0.1./x',
    // IPv4-compatible IPv6 literals (deprecated ::/96) and other reserved IPv6 blocks.
    'https://[::127.0.0.1]/x',
    'https://[::a9fe:a9fe]/x',
    'https://[::10.0.0.1]/x',
    'https://[fec0::1]/x',
    'https://[100::1]/x',
  ])('refuses %s as a non-public target', (url) => {
    expect(endpointUrlProblem(url, false)).toMatch(/private, loopback or link-local/);
  });

  it('allows http and private targets only with the allowance, and still only http(s)', () => {
    for (const url of ['http://127.0.0.1:9000/hooks', 'https://localhost/x', 'http://[::1]/', 'https://10.1.2.3/']) {
      expect(endpointUrlProblem(url, true)).toBeNull();
    }
    expect(endpointUrlProblem('ftp://127.0.0.1/', true)).toMatch(/https or http/);
  });

  it('exports the length bound the API schema uses', () => {
    expect(URL_MAX_LENGTH).toBe(2048);
  });
});

type Resolver = typeof dns.lookup;

/** A dns.lookup stand-in that answers `addresses` (or `error`) and records the options it got. */
function fakeResolver(addresses: LookupAddress[], error: NodeJS.ErrnoException | null = null) {
  const calls: Array<{ hostname: string; options: LookupOptions }> = [];
  const resolve = ((
    hostname: string,
    options: LookupOptions,
    callback: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void,
  ) => {
    calls.push({ hostname, options });
    queueMicrotask(() => callback(error, error ? [] : addresses));
  }) as unknown as Resolver;
  return { resolve, calls };
}

function lookup(resolve: Resolver, hostname: string, options: LookupOptions) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (done) => {
      guardedLookup(resolve)(hostname, options, (error, address, family) => done({ error, address, family }));
    },
  );
}

describe('guardedLookup', () => {
  const publicPair: LookupAddress[] = [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ];

  it('answers every address with all:true, asking the resolver for all of them', async () => {
    const { resolve, calls } = fakeResolver(publicPair);
    const result = await lookup(resolve, 'hooks.example.com', { all: true });
    expect(result.error).toBeNull();
    expect(result.address).toEqual(publicPair);
    expect(calls).toEqual([{ hostname: 'hooks.example.com', options: { all: true } }]);
  });

  it('answers the first address and its family with all:false, still checking all of them', async () => {
    const { resolve, calls } = fakeResolver(publicPair);
    const result = await lookup(resolve, 'hooks.example.com', { all: false, family: 0 });
    expect(result).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect(calls[0]!.options).toEqual({ all: true, family: 0 });
  });

  it.each([
    ['all:true', { all: true }],
    ['all:false', { all: false }],
  ] as const)('refuses a name with any non-public address (%s)', async (_name, options) => {
    const { resolve } = fakeResolver([publicPair[0]!, { address: '10.0.0.7', family: 4 }]);
    const result = await lookup(resolve, 'rebind.example.com', options);
    expect(result.error).toBeInstanceOf(BlockedAddressError);
    expect(result.error!.code).toBe('EROSTERBLOCKED');
    expect(result.error!.message).toContain('rebind.example.com');
    // The resolved address is internal DNS: kept for the operator's log, never in the message.
    expect(result.error!.message).not.toContain('10.0.0.7');
    expect((result.error as BlockedAddressError).address).toBe('10.0.0.7');
    expect(result.address).toEqual([]);
  });

  it.each(['127.0.0.1', '::1', '169.254.169.254', '::ffff:192.168.0.1', '100.64.0.1', '0.0.0.0'])(
    'refuses a name resolving to %s',
    async (address) => {
      const { resolve } = fakeResolver([{ address, family: address.includes(':') ? 6 : 4 }]);
      expect((await lookup(resolve, 'sneaky.example.com', { all: false })).error).toBeInstanceOf(BlockedAddressError);
    },
  );

  it('passes resolver errors through and reports a name with no address as ENOTFOUND', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
    const failed = await lookup(fakeResolver([], failure).resolve, 'nowhere.example', { all: false });
    expect(failed.error).toBe(failure);
    const empty = await lookup(fakeResolver([]).resolve, 'empty.example', { all: true });
    expect(empty.error?.code).toBe('ENOTFOUND');
    expect(empty.error?.message).toContain('empty.example');
  });
});
