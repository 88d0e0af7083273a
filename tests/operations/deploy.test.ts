import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configVariables, loadConfig } from '../../server/config.js';
import { root } from './cli-kit.js';
import { interpolate, parseEnvFile } from './compose-env.js';

// No container engine with images is available to the test suite: these check what can be checked without one.
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const compose = parse(read('deploy/compose.yaml'), { merge: true });
const sampleEnv = parseEnvFile(read('deploy/switchboard.env.example'));
const readme = read('README.md');
const nodes = Object.entries(compose.services as Record<string, any>).filter(([, s]) => s.image === 'switchboard:latest');
const environmentOf = (service: any, env: Record<string, string>) =>
  Object.fromEntries(Object.entries(service.environment as Record<string, string>).map(([k, v]) => [k, interpolate(String(v), env)]));

describe('deploy/compose.yaml', () => {
  it('has PostgreSQL, Redis, two Switchboard nodes built from the Dockerfile and a proxy', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'proxy']));
    expect(nodes.map(([name]) => name)).toEqual(['switchboard-1', 'switchboard-2']);
    for (const [, node] of nodes) {
      expect(node.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(node.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
  });

  it('gives every node the same valid configuration, naming only variables the service reads', () => {
    const envs = nodes.map(([, node]) => environmentOf(node, sampleEnv));
    expect(envs[1]).toEqual(envs[0]);
    for (const key of Object.keys(envs[0])) expect(configVariables).toContain(key);
    const config = loadConfig(envs[0]);
    expect(new URL(config.DATABASE_URL!).hostname).toBe('postgres');
    expect(new URL(config.DATABASE_URL!).password).toBe(sampleEnv.POSTGRES_PASSWORD);
    expect(new URL(config.REDIS_URL!).hostname).toBe('redis');
    expect(config.publicUrl).toBe(sampleEnv.PUBLIC_URL);
    expect(config.SECRET_KEY).toBe(sampleEnv.SECRET_KEY);
    expect(compose.services.postgres.environment.POSTGRES_DB).toBe(new URL(config.DATABASE_URL!).pathname.slice(1));
  });

  it('names every variable the README requires for several nodes, and refuses to start without the secrets', () => {
    const section = readme.slice(readme.indexOf('### Running on PostgreSQL and Redis (several nodes)'));
    const required = [...section.slice(0, section.indexOf('```', section.indexOf('```') + 3)).matchAll(/^export (\w+)=/gm)].map((m) => m[1]);
    expect(required).toEqual(['DATABASE_URL', 'REDIS_URL', 'SECRET_KEY', 'PUBLIC_URL']);
    for (const [, node] of nodes) for (const name of required) expect(Object.keys(node.environment)).toContain(name);
    for (const secret of ['SECRET_KEY', 'POSTGRES_PASSWORD', 'ADMIN_PASSWORD', 'PUBLIC_URL']) {
      const { [secret]: _left, ...without } = sampleEnv;
      expect(() => environmentOf(nodes[0][1], without)).toThrow(`required variable ${secret} is missing`);
    }
  });

  it('routes through HAProxy to both nodes on their port, sticky per client, checking /readyz', () => {
    const cfg = read('deploy/haproxy.cfg');
    const port = environmentOf(nodes[0][1], sampleEnv).PORT;
    for (const [name] of nodes) expect(cfg).toMatch(new RegExp(`^\\s*server ${name} ${name}:${port} check cookie \\w+$`, 'm'));
    expect(cfg).toMatch(/^\s*cookie SB_NODE insert/m);
    expect(cfg).toMatch(/^\s*balance source$/m);
    expect(cfg).toMatch(/^\s*option httpchk GET \/readyz$/m);
    expect(compose.services.proxy.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs the command the README documents', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]) as string[];
    expect(cmd).toEqual(['node', 'dist/server/main.js']);
    expect(readme).toContain(`\`${cmd.join(' ')}\``);
    // That file is what the build emits for server/main.ts.
    expect(read('server/build/parts.mjs')).toContain(`output: '${cmd[1]}'`);
  });

  it('runs as a non-root user with a health check on /readyz and the embedded database on a volume', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    const dataDir = /DATA_DIR=(\S+)/.exec(runtime)![1];
    expect(runtime).toContain(`VOLUME ${dataDir}`);
    expect(runtime).toContain(`chown node:node ${dataDir}`);
  });

  it('copies into the runtime stage only files that exist or that the build makes', () => {
    const copied = [...runtime.matchAll(/^COPY --from=build \/app\/(\S+) /gm)].map((m) => m[1]);
    const built = ['node_modules', 'dist', 'agent-ui/dist', 'widget/dist'];
    for (const file of copied) {
      if (built.includes(file)) continue;
      expect(() => readFileSync(path.join(root, file === 'server/db/migrations' ? `${file}/meta/_journal.json` : file)), file).not.toThrow();
    }
    expect(copied).toEqual(expect.arrayContaining(built));
  });
});
