// npm start: runs the compiled server, building first only the parts that are missing or stale.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPart, isStale, parts, root } from './parts.mjs';

for (const part of parts) if (isStale(part)) buildPart(part);
await import(pathToFileURL(path.join(root, 'dist/server/main.js')).href);
