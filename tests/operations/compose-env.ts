/**
 * Docker Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`), so tests can read compose.yaml as `docker compose config` would.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (match, name, colon, op, arg, bare) => {
    if (match === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const v = env[name];
    const missing = colon ? !v : v === undefined;
    if (op === '-') return missing ? arg : v!;
    if (op === '?' && missing) throw new Error(`required variable ${name} is missing: ${arg}`);
    return v ?? '';
  });
}

/** Reads KEY=value lines (comments and blanks skipped), as an env file. */
export function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const i = l.indexOf('=');
    return [l.slice(0, i), l.slice(i + 1)];
  }));
}
