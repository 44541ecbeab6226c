// End-to-end smart meters and data anchors on a real dev node. The node starts with
// `--meter-url` pointing at a meter simulator that is not running yet, so its offchain worker
// finds the meter unreachable and retries; the members admit a household and its meter (whose
// key is in the node's keystore) and register the installation; once the simulator is up, the
// worker reads it over HTTP and submits the reading, which mints energy tokens to the household,
// read back through RPC. Then the anchoring CLI anchors a data batch and verifies files against
// the chain. Needs ENERGY_NODE_BIN, with `meter-simulator` and `energy-anchor` beside it; uses
// ports index 70 (RPC 10014) and 8770.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { admitHousehold, awaitBattery, eventually, hex, installMeter } from '../lib/chain.mjs';
import { besideNode, runTool, startAlice } from '../lib/network.mjs';

const INDEX = 70;
const METER_PORT = 8770;
const METER_URL = `http://127.0.0.1:${METER_PORT}`;

const root = mkdtempSync(join(tmpdir(), 'energy-meters-'));
let node;
let simulator;
let api;
let alice;
let household;
let meter;

/** `energy-anchor` with `args`; resolves to { code, stdout, stderr }. */
const anchorCli = (...args) => runTool(besideNode('energy-anchor'), args);

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice', { name: 'Alice' });
  household = keyring.addFromUri('//Household1', { name: 'Household1' });
  meter = keyring.addFromUri('//Meter1', { name: 'Meter1' });
  ({ node, api } = await startAlice({ chain: 'dev', index: INDEX, root, extraArgs: ['--meter-url', METER_URL] }));
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  simulator?.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });
});

test('the meter offchain worker reads the simulator over HTTP and its reading mints energy', async () => {
  // Alice is the dev chain's only voter: her proposal admits the household at once; from then
  // on both vote. The meter joins as the main command's does: its signing key goes into the
  // node's keystore, as on a household's own node, and a ballot admits it.
  await admitHousehold(api, { candidate: household, funder: alice, proposer: alice, ayes: [] });
  await installMeter(api, { meter, suri: '//Meter1', household, funder: alice, proposer: alice, ayes: [alice, household] });
  assert.equal(await node.rpc('author_hasKey', [hex(meter.publicKey), 'metr']), true);
  assert.deepEqual(
    (await api.query.consortium.members(meter.address)).toJSON(),
    { meterOracle: { household: household.address } },
  );

  // The meter is a member now, but its HTTP endpoint is down: the worker retries every block.
  await eventually('the worker to find the meter unreachable', 60_000, async () =>
    node.logTail(200).includes('Unreachable'), [node]);
  assert.equal((await api.query.meterReadings.batteries(household.address)).isNone, true);

  const log = openSync(join(root, 'simulator.log'), 'a');
  simulator = spawn(besideNode('meter-simulator'), ['--listen', `127.0.0.1:${METER_PORT}`], {
    stdio: ['ignore', log, log],
  });

  const battery = await awaitBattery(api, household, 90_000, [node]);
  const slot = battery.lastSlot.toNumber();
  const reading = (await api.query.meterReadings.readings(household.address, slot)).unwrap();

  // The chain holds exactly what the meter serves for that slot.
  const served = await (await fetch(`${METER_URL}/meters/${hex(meter.publicKey)}/slots/${slot}`)).json();
  assert.equal(reading.importedWh.toNumber(), served.importedWh);
  assert.equal(reading.exportedWh.toNumber(), served.exportedWh);
  assert.equal(reading.stateOfChargeWh.toNumber(), served.stateOfChargeWh);
  // The reading is for a slot that has ended, on the market's clock.
  assert.ok(slot < (await api.call.marketApi.status()).slot.toNumber());

  // The household got one token per watt-hour in its battery, read through the runtime API
  // (in one block: a later slot's reading may land meanwhile).
  const at = await api.at(await api.rpc.chain.getBlockHash());
  const stored = (await at.query.meterReadings.batteries(household.address)).unwrap().storedWh.toNumber();
  const balance = await at.call.energyTokenApi.balanceOf(household.address);
  assert.equal(balance.free.toNumber(), stored);
  assert.equal((await at.call.energyTokenApi.totalSupply()).toNumber(), stored);

  // Only one reading per slot: the worker does not send a slot again. Accepted readings are
  // free and refused ones pay a fee, so the meter's money shows any duplicate.
  const money = (await api.query.system.account(meter.address)).data.free.toBigInt();
  const best = await node.bestNumber();
  await eventually('three more blocks', 60_000, async () => (await node.bestNumber()) >= best + 3, [node], api);
  assert.equal((await api.query.system.account(meter.address)).data.free.toBigInt(), money);
});

test('the anchoring CLI anchors a data batch and verifies files against the chain', async () => {
  const batch = join(root, 'batch.json');
  writeFileSync(batch, JSON.stringify({ household: household.address, readings: [1, 2, 3] }));
  const hashed = await anchorCli('hash', batch);
  assert.equal(hashed.code, 0, hashed.stderr);
  assert.match(hashed.stdout, /^0x[0-9a-f]{64}$/);

  const { url } = node;
  const slotNow = async () => (await api.call.marketApi.status()).slot.toNumber();
  const before = await slotNow();
  const anchored = await anchorCli('anchor', batch, '--suri', '//Household1', '--url', url);
  assert.equal(anchored.code, 0, anchored.stderr);
  const [, hash, slot] = anchored.stdout.match(/anchored (0x[0-9a-f]{64}) for slot (\d+) in block 0x[0-9a-f]{64}/);
  assert.equal(hash, hashed.stdout);
  // Without --slot it anchors the slot now on the market's clock (minutes on this chain), not
  // the hour of the wall clock.
  assert.ok(before <= Number(slot) && Number(slot) <= (await slotNow()), `slot ${slot} is not the market's slot ${before}`);
  const onChain = (await api.query.anchoring.anchors(household.address, slot)).unwrap();
  // Not `onChain.hash`: a polkadot.js codec's own `.hash` is the hash of its encoding.
  assert.equal(onChain.toJSON().hash, hash);

  const verified = await anchorCli('verify', batch, '--account', household.address, '--slot', slot, '--url', url);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(verified.stdout, 'match');

  // A tampered batch does not match, and anchors are immutable.
  writeFileSync(batch, `${readFileSync(batch, 'utf8')} `);
  const tampered = await anchorCli('verify', batch, '--account', household.address, '--slot', slot, '--url', url);
  assert.equal(tampered.code, 1);
  assert.equal(tampered.stdout, `mismatch: chain holds ${hash}`);
  const again = await anchorCli('anchor', batch, '--suri', '//Household1', '--url', url, '--slot', slot);
  assert.equal(again.code, 1);
  assert.match(again.stderr + again.stdout, /AlreadyAnchored/);
});
