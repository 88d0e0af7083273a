#!/usr/bin/env node
// `npx switchboard <command>` / `npm run cli -- <command>`: the operator's CLI, run from the compiled build
// (compiled first when missing or stale, like `npm start`). Build progress goes to stderr, so `export` to
// stdout stays clean.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPart, isStale, parts, root } from '../build/parts.mjs';

const server = parts.find((p) => p.name === 'server');
if (isStale(server)) buildPart(server);
await import(pathToFileURL(path.join(root, 'dist/server/cli/main.js')).href);
