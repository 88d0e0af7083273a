import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs a command of the operator CLI (`server/cli/bin.mjs`, the package's `switchboard` bin) as its own process. */
export function cli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'server/cli/bin.mjs'), ...args], {
      cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Builds the server part when stale, once, before the CLI tests (they run the compiled build). */
export async function ensureServerBuilt(): Promise<void> {
  const parts = await import(path.join(root, 'server/build/parts.mjs') as string);
  const server = parts.parts.find((p: { name: string }) => p.name === 'server');
  if (parts.isStale(server)) parts.buildPart(server);
}
