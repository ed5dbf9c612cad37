import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  server: Server;
  url: string;
  requests: ReceivedRequest[];
  /** Per path: status codes to answer with, in order; once used up (or for other paths), `fallback`. */
  script: Record<string, number[]>;
  fallback: number;
  /** The JSON body answered with (e.g. a helpdesk's `{"ticketUrl": …}`). */
  replyBody: string;
  close(): Promise<void>;
}

/** A real HTTP server on a free port of 127.0.0.1 that records every request and answers as scripted. */
export function httpReceiver(): Promise<HttpReceiver> {
  const receiver = { requests: [] as ReceivedRequest[], script: {}, fallback: 200, replyBody: '{}' } as HttpReceiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = receiver.script[req.url ?? '']?.shift() ?? receiver.fallback;
      res.writeHead(status, { 'content-type': 'application/json' }).end(receiver.replyBody);
    });
  });
  receiver.server = server;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(receiver);
    }),
  );
}
