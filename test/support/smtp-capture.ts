import { createServer, type AddressInfo, type Server } from 'node:net';

export interface CapturedMail {
  to: string[];
  data: string;
}

/** A local SMTP capture: accepts every message and keeps it, speaking just enough SMTP for a client. */
export function smtpCapture(): Promise<{ server: Server; port: number; messages: { to: string[]; data: string }[] }> {
  const messages: { to: string[]; data: string }[] = [];
  const server = createServer((socket) => {
    let to: string[] = [];
    let data: string | undefined;
    let buffer = '';
    socket.write('220 capture ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (data !== undefined) {
          if (line === '.') {
            messages.push({ to, data });
            data = undefined;
            to = [];
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-capture\r\n250 OK\r\n');
        else if (verb === 'RCPT') {
          to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1'));
          socket.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, messages })));
}


export function closeServer(server: { close(callback: () => void): unknown }): Promise<void> {
  return new Promise<void>((resolve) => server.close(() => resolve()));
}
