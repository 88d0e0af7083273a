// The bare-stack ceiling, as its own process: a Socket.IO relay and an HTTP endpoint that each do exactly one
// INSERT per message into the same kind of database the service runs on (a PostgreSQL server through a pool of the
// service's size, or an embedded PGlite in its own directory), and nothing else. The bench loads it exactly the way
// it loads the service, so the ratio between the two is what the service's own work costs.
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { Server } from 'socket.io';

type Insert = (body: string) => Promise<string>;

async function openDatabase(): Promise<Insert> {
  const ddl = 'CREATE TABLE IF NOT EXISTS bench_bare (id bigserial primary key, body text not null, created_at timestamptz not null default now())';
  const insertSql = 'INSERT INTO bench_bare (body) VALUES ($1) RETURNING id';
  if (process.env.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    await pool.query(ddl);
    return async (body) => String((await pool.query(insertSql, [body])).rows[0].id);
  }
  const db = new PGlite(process.env.PGLITE_DIR ?? 'memory://');
  await db.exec(ddl);
  return async (body) => String((await db.query<{ id: string }>(insertSql, [body])).rows[0].id);
}

async function main() {
  const insert = await openDatabase();
  const http = createServer((req, res) => {
    if (req.url === '/ready') { res.end('ok'); return; }
    if (req.method === 'POST' && req.url === '/session') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', async () => {
        const id = await insert(body || 'session');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id }));
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1e6 });
  io.on('connection', (socket) => {
    socket.on('listen', () => socket.join('listener'));
    socket.on('msg', async (m: { key: string; body: string }) => {
      await insert(m.body);
      io.to('listener').emit('relayed', m.key);
    });
  });
  http.listen(Number(process.env.PORT), '127.0.0.1');
  const stop = () => { io.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => { console.error(err); process.exit(1); });
