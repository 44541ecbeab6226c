// End-to-end governance on a real four-validator consortium (sessions of a few blocks): a
// newcomer's node cannot sync until the members authorize it; the members vote the newcomer in
// as a validator and it authors blocks after the session change; then they vote a founder out
// and finality keeps advancing. Needs ENERGY_NODE_BIN; starts its own nodes on ports 60-64.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { base58Decode, cryptoWaitReady } from '@polkadot/util-crypto';
import { admitHousehold, ballot, connect, eventually, findEvent, hex, send } from '../lib/chain.mjs';
import { Node, rawSpec } from '../lib/network.mjs';

const SESSION_LENGTH = 5;
const FIRST_INDEX = 60;
const UNIT = 10n ** 12n;

const root = mkdtempSync(join(tmpdir(), 'energy-governance-'));
const nodes = [];
let api;
let chain;
let keyring;
let accounts;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  accounts = Object.fromEntries(
    ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Household1', 'Newcomer'].map((name) => [
      name.toLowerCase(),
      keyring.addFromUri(`//${name}`, { name }),
    ]),
  );
  chain = rawSpec(root, 'consortium', SESSION_LENGTH);
  const founders = ['alice', 'bob', 'charlie', 'dave'];
  const first = new Node({ chain, name: 'alice', index: FIRST_INDEX, nodeKey: 1, root, devKeys: 'alice' });
  nodes.push(first);
  await first.waitForRpc();
  const bootnodes = [await first.multiaddr()];
  for (const [i, name] of founders.entries()) {
    if (i === 0) continue;
    nodes.push(new Node({ chain, name, index: FIRST_INDEX + i, nodeKey: i + 1, root, devKeys: name, bootnodes }));
  }
  for (const node of nodes) await node.waitForRpc();
  api = await connect(first.url);
});

after(async () => {
  await api?.disconnect();
  await Promise.all(nodes.map((node) => node.stop()));
  rmSync(root, { recursive: true, force: true });
});

/** The account that authored the block with `hash`, from its Aura slot and the session validators. */
async function author(hash) {
  const header = await api.derive.chain.getHeader(hash);
  return header?.author?.toString();
}

test('members vote a household in, a validator in and out; an unauthorized node cannot sync', async () => {
  const [alice] = nodes;
  const { alice: a, bob, charlie, dave, eve, ferdie, household1, newcomer } = accounts;
  await eventually('the founders to finalize block 2', 120_000, async () => (await alice.finalizedNumber()) >= 2, nodes);

  // The main command's demonstration: a household applies and six voters admit it with four ayes.
  const admittedHousehold = await admitHousehold(api, { candidate: household1, funder: ferdie, proposer: eve, ayes: [a, bob, charlie, eve] });
  assert.equal(admittedHousehold.data.who.toString(), household1.address);
  assert.ok((await api.query.council.members()).some((v) => v.eq(household1.address)), 'the household votes');
  const held = await api.query.balances.holds(household1.address);
  assert.equal(held.length, 0, 'the deposit is released');

  // A newcomer starts its node. Its peer id is not well known, so the consortium's nodes keep it
  // out of their block-announce protocol: it cannot sync.
  const bootnodes = [await alice.multiaddr()];
  const outsider = new Node({ chain, name: 'newcomer', index: FIRST_INDEX + 4, nodeKey: 6, root, bootnodes });
  nodes.push(outsider);
  await outsider.waitForRpc();
  const peerId = await outsider.rpc('system_localPeerId');

  // Meanwhile the newcomer gets money, session keys from its own node, and applies.
  await send(api, api.tx.balances.transferKeepAlive(newcomer.address, 1_000n * UNIT), ferdie);
  const generated = await outsider.rpc('author_rotateKeysWithOwner', [hex(newcomer.publicKey)]);
  await send(api, api.tx.session.setKeys(generated.keys, generated.proof), newcomer);
  const applied = await send(api, api.tx.consortium.apply('Validator'), newcomer);
  assert.ok(findEvent(applied.events, 'consortium', 'Applied'), 'the application is recorded');

  const consortiumBest = await alice.bestNumber();
  assert.ok(consortiumBest >= 5, `the consortium is at block ${consortiumBest}`);
  assert.equal(await outsider.bestNumber(), 0, 'an unauthorized node has not synced a single block');

  // Admit the newcomer as a validator and authorize its node, in one motion: seven voters now,
  // so four ayes pass it.
  const admit = api.tx.utility.batchAll([
    api.tx.consortium.admit(newcomer.address),
    api.tx.nodeAuthorization.addWellKnownNode(hex(base58Decode(peerId)), newcomer.address),
  ]);
  const admitted = await ballot(api, admit, { proposer: a, ayes: [a, bob, charlie, dave] });
  assert.ok(findEvent(admitted, 'consortium', 'MemberAdmitted'));
  assert.ok(findEvent(admitted, 'nodeAuthorization', 'NodeAdded'));
  assert.ok((await api.query.validatorSet.validators()).some((v) => v.eq(newcomer.address)));

  // Now authorized, the newcomer's node syncs, and after the session change it authors blocks.
  await eventually('the newcomer to sync', 120_000, async () => (await outsider.bestNumber()) >= (await alice.finalizedNumber()), nodes);
  await eventually('a block authored by the newcomer', 240_000, async () => {
    const hash = await api.rpc.chain.getBlockHash();
    return (await author(hash)) === newcomer.address;
  }, nodes, api);

  // Remove a founding validator: eight voters now, so it takes five ayes.
  const removed = await ballot(api, api.tx.consortium.removeMember(dave.address), {
    proposer: a,
    ayes: [a, bob, charlie, eve, newcomer],
  });
  assert.ok(findEvent(removed, 'consortium', 'MemberRemoved'));
  await eventually('Dave to leave the session validators', 240_000, async () => {
    const validators = await api.query.session.validators();
    return !validators.some((v) => v.eq(dave.address));
  }, nodes, api);
  const finalizedThen = await alice.finalizedNumber();
  await eventually('finality to keep advancing without Dave', 120_000, async () => (
    (await alice.finalizedNumber()) >= finalizedThen + 3 && (await outsider.finalizedNumber()) >= finalizedThen + 3
  ), nodes);
});
