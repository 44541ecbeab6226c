// `energy-node try-runtime`, the check an operator runs before the consortium votes on a runtime
// upgrade, against a real dev node whose genesis breaks one of the energy token's invariants (its
// recorded total supply is 5 Wh while no account holds any energy): the check downloads the
// node's state over RPC and fails with the pallet's own reason; the production runtime, which
// carries no checks, is refused with a message that names the one to use; a URL that is not a
// WebSocket, an address where no node answers and a missing file are refused with what is wrong.
// The check passing on a sound chain is proven on the state the simulator leaves
// (microgrid.test.mjs). Needs ENERGY_NODE_BIN, with the runtime builds in its wbuild/ directory;
// uses node index 130 (120 to 124 are the Docker test's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { NODE_BIN, rawSpecWith, runTool, startAlice, tryRuntimeWasm, productionWasm } from '../lib/network.mjs';

const INDEX = 130;

const root = mkdtempSync(join(tmpdir(), 'energy-try-runtime-'));
let node;
let api;

/** The raw dev chain spec with the energy token's `TotalSupply` set to 5 Wh. */
function brokenSpec() {
  const key = xxhashAsHex('EnergyToken', 128) + xxhashAsHex('TotalSupply', 128).slice(2);
  const supply = Buffer.alloc(8);
  supply.writeBigUInt64LE(5n);
  return rawSpecWith(root, 'dev', { [key]: `0x${supply.toString('hex')}` }, 'dev-broken-supply');
}

before(async () => {
  ({ node, api } = await startAlice({ chain: brokenSpec(), index: INDEX, root }));
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

const tryRuntime = (...args) => runTool(NODE_BIN, ['try-runtime', ...args], { timeoutMs: 300_000 });

test('the check downloads the live state and fails on a broken invariant, naming it', async () => {
  assert.equal((await api.query.energyToken.totalSupply()).toNumber(), 5);
  const run = await tryRuntime('--runtime', tryRuntimeWasm(), '--uri', node.url);
  assert.notEqual(run.code, 0, `the check passed on a broken chain:\n${run.stdout}`);
  // The state was downloaded (and its root checked against the header) before the checks ran.
  assert.match(run.stdout, /state of block #\d+ \(0x[0-9a-f]{64}\) from ws:\/\/127\.0\.0\.1:\d+: \d+ keys/);
  assert.match(run.stderr, /the upgrade's checks failed on block #\d+/);
  assert.match(run.stderr, /the supply is not every account's energy/);
});

test('the production runtime, which carries no checks, is refused with the one to use', async () => {
  const run = await tryRuntime('--runtime', productionWasm(), '--uri', node.url);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /has no try-runtime checks: use the runtime built with feature try-runtime, .*try_runtime\.compact\.compressed\.wasm/);
});

test('bad arguments are refused with what is wrong', async () => {
  const http = await tryRuntime('--runtime', tryRuntimeWasm(), '--uri', `http://127.0.0.1:${node.rpcPort}`);
  assert.notEqual(http.code, 0);
  assert.match(http.stderr, /give a ws:\/\/ or wss:\/\/ URL/);
  const nobody = await tryRuntime('--runtime', tryRuntimeWasm(), '--uri', 'ws://127.0.0.1:1');
  assert.notEqual(nobody.code, 0);
  assert.match(nobody.stderr, /cannot download the state: no node answers at ws:\/\/127\.0\.0\.1:1/);
  const missing = await tryRuntime('--runtime', join(root, 'no-such.wasm'), '--uri', node.url);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read the runtime .*no-such\.wasm/);
  const notWasm = join(root, 'not.wasm');
  writeFileSync(notWasm, 'not a runtime');
  const garbage = await tryRuntime('--runtime', notWasm, '--uri', node.url);
  assert.notEqual(garbage.code, 0);
  assert.match(garbage.stderr, /not\.wasm is not a runtime/);
});
