import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real nats-server with JetStream, for the specs of the NATS delivery: on a free loopback port,
 * its store in a folder of its own, which outlives a stop so that a start again finds its stream as
 * a restarted broker does. The binary is NATS_SERVER_BIN, or nats-server on PATH (Debian installs it
 * in /usr/sbin, which is looked in too).
 */
export class NatsServer {
  private process: ChildProcess | null = null;

  private constructor(
    readonly binary: string,
    readonly port: number,
    readonly storeDir: string,
    private readonly configFile: string | null,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** `maxPayload`: the largest message the server takes, in bytes (its default is 1 MiB). */
  static async start(binary: string, options: { readonly maxPayload?: number } = {}): Promise<NatsServer> {
    const storeDir = await mkdtemp(join(tmpdir(), 'copydesk-nats-'));
    let configFile: string | null = null;
    if (options.maxPayload !== undefined) {
      configFile = join(storeDir, 'nats-server.conf');
      await writeFile(configFile, `max_payload: ${options.maxPayload}\n`);
    }
    const server = new NatsServer(binary, await freePort(), storeDir, configFile);
    await server.start();
    return server;
  }

  /** Starts it again on the same port and store. */
  async start(): Promise<void> {
    if (this.process) return;
    const options = ['-js', '-sd', this.storeDir, '-a', '127.0.0.1', '-p', String(this.port)];
    const child = spawn(this.binary, this.configFile === null ? options : ['-c', this.configFile, ...options], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.process = child;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not start within 10 s:\n${log}`)), 10_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`nats-server (${this.binary}) could not be started: ${error.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${code}) while starting:\n${log}`));
      });
    });
  }

  /** Stops it the way an operator restarting it does (SIGTERM: it writes what it holds, then exits). */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

/** The nats-server to test against, or null when this machine has none. */
export function natsServerBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NATS_SERVER_BIN) return env.NATS_SERVER_BIN;
  const folders = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return folders.map((folder) => join(folder, 'nats-server')).find(isExecutable) ?? null;
}

/**
 * `describe` for specs that need a nats-server. Without one they are skipped, with one line saying
 * so, so that `npm test` passes on a fresh machine; in CI (CI=true) or with NATS_REQUIRED=true a
 * missing nats-server fails them instead.
 */
export function describeWithNatsServer(name: string, specs: (binary: () => string) => void): void {
  const binary = natsServerBinary();
  if (binary !== null) {
    describe(name, () => specs(() => binary));
    return;
  }
  const required = process.env.CI === 'true' || process.env.NATS_REQUIRED === 'true';
  if (!required) {
    process.stderr.write(`nats-server not found (set NATS_SERVER_BIN or install it): skipping "${name}"\n`);
    describe.skip(name, () => specs(() => ''));
    return;
  }
  describe(name, () => {
    it('needs a nats-server', () => {
      throw new Error('nats-server not found on PATH, in /usr/sbin or in NATS_SERVER_BIN, and CI or NATS_REQUIRED asks for it');
    });
  });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
