// npm run build: compiles the server and channels to dist/ and builds the widget and the agent UI.
import { buildPart, parts } from './parts.mjs';

const only = process.argv.slice(2);
for (const part of parts) if (!only.length || only.includes(part.name)) buildPart(part);
