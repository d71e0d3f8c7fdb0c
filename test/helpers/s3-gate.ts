// A TCP proxy in front of the test's S3 server that can hold back what the server sends: after `hold(n)`, it forwards
// n more bytes of the server's answers and then stops reading from the server until `release()`. A test of a
// streaming download points the app at the proxy: if the app waited for the whole object before answering, nothing
// would reach its reader while the proxy holds the rest back.
import net from "node:net";

export type GateProxy = {
  endpoint: string;
  /** Bytes the server has sent through the proxy so far (headers included). */
  forwarded(): number;
  hold(moreBytes: number): void;
  release(): void;
  close(): Promise<void>;
};

export async function startGateProxy(targetPort: number): Promise<GateProxy> {
  let forwarded = 0;
  let limit = Infinity;
  const held = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      forwarded += chunk.byteLength;
      const flowing = client.write(chunk);
      if (forwarded >= limit) {
        upstream.pause();
        held.add(upstream);
      } else if (!flowing) {
        upstream.pause();
        client.once("drain", () => (forwarded >= limit ? held.add(upstream) : upstream.resume()));
      }
    });
    upstream.on("end", () => client.end());
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    hold(moreBytes) {
      limit = forwarded + moreBytes;
    },
    release() {
      limit = Infinity;
      for (const socket of held) socket.resume();
      held.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
