// A loopback TCP proxy the reliability tests put between Roster and PostgreSQL, so a test can make
// the database unreachable for one Roster process without touching the shared server.
//   forward:   pipe bytes both ways (normal service)
//   refuse:    new connections are reset as soon as they arrive (a server that is down)
//   blackhole: new connections are accepted and then ignored (packets dropped), which only a
//              client-side timeout can notice
//   stall:     like blackhole, but the connections already open are frozen instead of closed: the
//              bytes on them are dropped, with no FIN or RST, forever (a middlebox that lost the
//              flow); only a client-side timeout can free them
// cut(mode) applies a mode (refuse and blackhole also destroy every open connection);
// restore() forwards new connections again. Frozen connections stay frozen until close().
// freezeNext(pattern) freezes just one connection, the next one to carry a message matching
// `pattern`: at once (that message's answer is lost) or, with afterAnswer, once the answer has
// passed (after a BEGIN: a connection lost in the middle of a transaction).
import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole' | 'stall';

export interface ProxyStats {
  accepted: number;
  forwarded: number;
  refused: number;
  blackholed: number;
  destroyed: number;
  frozen: number;
  /** Sockets open right now, both sides of every connection counted. */
  open: number;
}

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  /** Applies `mode` and returns how many open connections it destroyed or froze. */
  cut(mode: Exclude<ProxyMode, 'forward'>): number;
  restore(): void;
  /** Resolves once the next connection carrying a message matching `pattern` is frozen. */
  freezeNext(pattern: RegExp, afterAnswer?: boolean): Promise<void>;
  stats(): ProxyStats;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

const drop = (socket: net.Socket) => {
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.resume();
};

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const sockets = new Set<net.Socket>();
  const pairs = new Set<Pair>();
  const held = new Set<net.Socket>();
  const counts = { accepted: 0, forwarded: 0, refused: 0, blackholed: 0, destroyed: 0, frozen: 0 };
  let armed: { pattern: RegExp; afterAnswer: boolean; done: () => void } | null = null;

  const freeze = ({ client, upstream }: Pair) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    drop(client);
    drop(upstream);
    counts.frozen++;
  };

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Errors on either side just end that socket; a proxy must never crash the test run.
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer({ noDelay: true }, (client) => {
    counts.accepted++;
    track(client);
    if (mode === 'refuse') {
      counts.refused++;
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole' || mode === 'stall') {
      counts.blackholed++;
      held.add(client);
      client.on('close', () => held.delete(client));
      // Read and drop whatever arrives, so the client's writes succeed and it waits for an answer.
      client.on('data', () => {});
      return;
    }
    counts.forwarded++;
    const upstream = net.connect({ port: targetPort, host: targetHost, noDelay: true });
    track(upstream);
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    // The pipes' listeners run first: a matching message is forwarded before the freeze.
    let matched = false;
    const trigger = () => {
      const { done } = armed!;
      armed = null;
      pairs.delete(pair);
      freeze(pair);
      done();
    };
    client.on('data', (chunk: Buffer) => {
      if (!armed || matched || !pairs.has(pair) || !armed.pattern.test(chunk.toString('latin1'))) return;
      if (armed.afterAnswer) matched = true;
      else trigger();
    });
    upstream.on('data', () => {
      if (matched && armed && pairs.has(pair)) trigger();
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const destroyAll = () => {
    const n = pairs.size + held.size;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    pairs.clear();
    held.clear();
    return n;
  };

  return {
    port,
    mode: () => mode,
    cut(next) {
      mode = next;
      if (next !== 'stall') {
        const n = destroyAll();
        counts.destroyed += n;
        return n;
      }
      for (const pair of pairs) freeze(pair);
      const n = pairs.size;
      // Frozen pairs are no longer forwarding; they stay open (and counted in `sockets`) until close().
      pairs.clear();
      return n;
    },
    restore() {
      mode = 'forward';
    },
    freezeNext(pattern, afterAnswer = false) {
      return new Promise<void>((resolve) => {
        armed = { pattern, afterAnswer, done: resolve };
      });
    },
    stats: () => ({ ...counts, open: sockets.size }),
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
