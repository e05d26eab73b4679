import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A forward HTTP proxy on loopback (what HTTP_PROXY points at) that records what passes through it. */
export class ProxyStandIn {
  /** Absolute URLs of the requests it forwarded, in order. */
  readonly forwarded: string[] = [];
  url = '';
  private server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '');
    this.forwarded.push(target.href);
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
