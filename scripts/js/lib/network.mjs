// Starts real energy-node processes on 127.0.0.1 for end-to-end tests, with the flags and ports
// every test and script uses (test-node.mjs): node `index` listens on each base port (p2p, RPC,
// Prometheus) plus `index`; node key N gives it the N-th well-known peer id of the presets.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { connect, rpc, sleep } from './chain.mjs';
import { nodeArgs, nodePorts } from './test-node.mjs';

export const NODE_BIN = process.env.ENERGY_NODE_BIN;

/** The command-line tool `name` built beside the node (`energy-anchor`, `energy-wallet`, …). */
export const besideNode = (name) => join(dirname(NODE_BIN ?? '.'), name);

/** The runtime built with feature try-runtime, which `energy-node try-runtime` loads. */
export const tryRuntimeWasm = () => besideNode('wbuild/energy-runtime/try_runtime.compact.compressed.wasm');

/** The runtime the chains run, which carries no try-runtime checks. */
export const productionWasm = () => besideNode('wbuild/energy-runtime/energy_runtime.compact.compressed.wasm');

const execFileAsync = promisify(execFile);

/**
 * Run the command-line tool at `path` with `args`, killed after `timeoutMs`; resolves to
 * `{ code, stdout, stderr }` (stdout trimmed) whether or not it succeeds, so tests check refusals.
 */
export async function runTool(path, args, { timeoutMs = 180_000 } = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(path, args, { timeout: timeoutMs });
    return { code: 0, stdout: stdout.trim(), stderr };
  } catch (error) {
    // A killed tool has no exit code: its signal stands in.
    return { code: error.code ?? error.signal, stdout: error.stdout?.trim(), stderr: error.stderr };
  }
}

/**
 * The raw chain spec of `preset` with the genesis storage entries `storage` (hex key to hex
 * value) set, written as `name`.json; returns its path.
 */
export function rawSpecWith(root, preset, storage, name = `${preset}-raw`) {
  const spec = JSON.parse(
    execFileSync(NODE_BIN, ['build-spec', '--chain', preset, '--raw', '--disable-default-bootnode'], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString(),
  );
  Object.assign(spec.genesis.raw.top, storage);
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/**
 * The raw chain spec of `preset`, with sessions of `sessionLength` blocks (the runtime keeps the
 * session length under `:SessionLength:` so that tests need not wait ten minutes).
 */
export function rawSpec(root, preset, sessionLength) {
  const value = Buffer.alloc(4);
  value.writeUInt32LE(sessionLength);
  return rawSpecWith(root, preset, { [xxhashAsHex(':SessionLength:', 128)]: `0x${value.toString('hex')}` });
}

/**
 * The chain spec of `preset` with `patch` merged into its genesis configuration (objects
 * merge key by key; anything else is replaced), e.g. to start a chain with members already
 * admitted; or, if `patch` is a function, the configuration as that function changes it.
 * Returns the spec's path.
 */
export function patchedSpec(root, preset, patch, name = `${preset}-patched`) {
  const spec = JSON.parse(
    execFileSync(NODE_BIN, ['build-spec', '--chain', preset, '--disable-default-bootnode'], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString(),
  );
  const genesis = spec.genesis.runtimeGenesis;
  const target = genesis.patch ?? genesis.config;
  if (!target) throw new Error(`the ${preset} spec has no genesis configuration to patch`);
  const merge = (into, from) => {
    for (const [key, value] of Object.entries(from)) {
      if (value && typeof value === 'object' && !Array.isArray(value)
        && into[key] && typeof into[key] === 'object' && !Array.isArray(into[key])) {
        merge(into[key], value);
      } else {
        into[key] = value;
      }
    }
  };
  if (typeof patch === 'function') patch(target);
  else merge(target, patch);
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/**
 * A running validator node; `stop()` sends SIGINT and waits for it to exit. It listens on the
 * ports of node `index` counted from `basePorts` (test-node.mjs's `BASE_PORTS` unless given), with
 * network key `nodeKey` (a number). `devKeys` (e.g. `alice`) puts that dev account's session keys
 * in its keystore, as `--alice` does; without it the keystore starts empty. `extraArgs` are
 * further node flags (e.g. `--meter-url`).
 */
export class Node {
  constructor({ chain, name, index, nodeKey, root, devKeys, bootnodes = [], extraArgs = [], basePorts }) {
    this.name = name;
    const ports = nodePorts(index, basePorts);
    this.rpcPort = ports.rpc;
    this.p2pPort = ports.p2p;
    this.prometheusPort = ports.prometheus;
    /** The node's WebSocket RPC, for `connect`. */
    this.url = `ws://127.0.0.1:${this.rpcPort}`;
    this.base = join(root, name);
    mkdirSync(this.base, { recursive: true });
    // The log sits in the base path, unless ENERGY_NODE_LOG_DIR (set by scripts/e2e.sh) keeps
    // every node's log of a test together, where it outlives the test's temporary directory.
    this.logPath = process.env.ENERGY_NODE_LOG_DIR
      ? join(process.env.ENERGY_NODE_LOG_DIR, `${basename(root)}-${name}.log`)
      : join(this.base, 'node.log');
    const log = openSync(this.logPath, 'a');
    const args = [
      ...nodeArgs({ chain, basePath: this.base, ports, nodeKey }),
      '--name', name,
      devKeys ? `--${devKeys}` : '--validator',
      ...bootnodes.flatMap((address) => ['--bootnodes', address]),
      ...extraArgs,
    ];
    this.process = spawn(NODE_BIN, args, { stdio: ['ignore', log, log] });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
  }

  rpc(method, params) {
    return rpc(this.rpcPort, method, params);
  }

  // A starting node compiles the runtime's WebAssembly to machine code before it answers: seconds
  // alone, over a minute when scripts/e2e.sh starts the nodes of every test at once on two cores.
  async waitForRpc(timeoutMs = 180_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let health;
      try {
        health = await this.rpc('system_health');
      } catch {
        // Not up yet.
      }
      // A node whose RPC port is taken listens on another one, and whatever holds the port
      // answers in its place: another test's node, on another chain. So the node must also have
      // said where it listens, and it must be its own port.
      const listening = this.rpcAddress();
      if (health && listening) {
        if (listening !== `127.0.0.1:${this.rpcPort}`) {
          throw new Error(`${this.name}: its RPC port ${this.rpcPort} is taken (by another test's node?), `
            + `so it listens on ${listening}: give the test a node index of its own`);
        }
        return health;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} never answered RPC: ${this.logTail()}`);
      await sleep(250);
    }
  }

  /** Where the node last said its JSON-RPC server listens, from its log. */
  rpcAddress() {
    try {
      const servers = [...readFileSync(this.logPath, 'utf8').matchAll(/Running JSON-RPC server: addr=([0-9.]+:\d+)/g)];
      return servers.at(-1)?.[1];
    } catch {
      return undefined;
    }
  }

  async multiaddr() {
    return `/ip4/127.0.0.1/tcp/${this.p2pPort}/p2p/${await this.rpc('system_localPeerId')}`;
  }

  /** The node's Prometheus metric `name` (the sum over its labels), or undefined. */
  async metric(name) {
    const text = await (await fetch(`http://127.0.0.1:${this.prometheusPort}/metrics`)).text();
    const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  }

  async bestNumber() {
    return parseInt((await this.rpc('chain_getHeader')).number, 16);
  }

  async finalizedNumber() {
    const hash = await this.rpc('chain_getFinalizedHead');
    return parseInt((await this.rpc('chain_getHeader', [hash])).number, 16);
  }

  logTail(lines = 30) {
    try {
      return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async stop() {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGINT');
    const timeout = sleep(30_000).then(() => 'timeout');
    if ((await Promise.race([this.exited, timeout])) === 'timeout') this.process.kill('SIGKILL');
  }
}

/**
 * Alice's node alone, the one validator of a dev chain (`chain`: the preset or a patched dev
 * spec): node `index` with node key 1 and Alice's keys. Resolves once it answers RPC, with an API
 * connected to it: `{ node, api }`. A node that does not come up is stopped before the error
 * is thrown.
 */
export async function startAlice({ chain, index, root, extraArgs }) {
  const node = new Node({ chain, name: 'alice', index, nodeKey: 1, root, devKeys: 'alice', extraArgs });
  try {
    await node.waitForRpc();
    return { node, api: await connect(node.url) };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
