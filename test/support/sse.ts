/** A minimal server-sent-events client for tests (the WHATWG format: `id:`, `event:`, `data:` lines, a
 * blank line ends an event; `:` lines are comments). */
import http from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  contentType: string;
  events: SseEvent[];
  comments: string[];
  /** What a browser would send as `Last-Event-ID` on reconnecting (WHATWG: the last `id:` seen). */
  lastEventId(): string | null;
  /** Resolves with the first event (already received or to come) that matches. */
  next(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: Array<{ match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }> = [];
      let buffer = '';
      let current: SseEvent = { id: null, event: 'message', data: '' };
      let lastId: string | null = null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            // An `id:` line sets the stream's last event id even when no event follows (a heartbeat's).
            if (current.id !== null) lastId = current.id;
            if (current.data !== '' || current.event !== 'message') {
              const e = { ...current, id: lastId, data: current.data.replace(/\n$/, '') };
              events.push(e);
              for (const w of waiters.splice(0)) {
                if (w.match(e)) w.done(e);
                else waiters.push(w);
              }
            }
            current = { id: null, event: 'message', data: '' };
          } else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'id') current.id = value;
            else if (field === 'event') current.event = value;
            else if (field === 'data') current.data += `${value}\n`;
          }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        events,
        comments,
        lastEventId: () => lastId,
        next: (match, ms = 10_000) =>
          new Promise((done, fail) => {
            const found = events.find(match);
            if (found) return done(found);
            const timer = setTimeout(
              () =>
                fail(
                  new Error(
                    `no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => [e.event, e.data]))}`,
                  ),
                ),
              ms,
            );
            waiters.push({ match, done: (e) => (clearTimeout(timer), done(e)) });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
