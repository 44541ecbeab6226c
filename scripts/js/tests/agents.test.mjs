// The standalone agents across processes on the two validators of a `local-microgrid-10` chain:
// `energy-agent operator` prices the slots, one `energy-agent households --roles seller`
// process runs the ten households' sellers (it publishes their endpoint and answers over JSON-RPC), another
// `--roles buyer` process runs their buyers, which read the offers from the chain and negotiate
// with the other process; the meter simulator serves the households' meters, which the node's
// offchain worker reads. Every agreement is therefore negotiated between two processes over
// the network. Then the chain is checked against what the processes said: the sellers' recorded
// agreements are the chain's `AgreementRecorded` events, and the energy the buyers agreed to
// buy is what was recorded, each at a price between the offer's floor and the slot's import
// price. Two households' agents run inside the validators instead (the market pallet's
// offchain worker, with the household's negotiation key in the keystore as an `agnt` key):
// household 7's buyer in Alice's node, and household 9's seller in Bob's, which offers its
// energy, answers the buyers on Bob's RPC (`agent_deliver`, the address it published) and
// records what it agreed. So all four kinds trade with each other: standalone and in-node
// buyers, standalone and in-node sellers, across two nodes. What each node's log and metrics
// say its agent offered, agreed and recorded is what the chain recorded, and every agreement
// settles against the meters. Needs ENERGY_NODE_BIN, with `energy-agent` and `meter-simulator`
// beside it; uses ports index 53 and 54 (RPC 9997 and 9998) and 8783 to 8785. Takes about seven
// minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { eventually, hex, nextBlock, send } from '../lib/chain.mjs';
import { awaitSlotAfter } from '../lib/market.mjs';
import { besideNode, Node, runTool, startAlice } from '../lib/network.mjs';

const INDEX = 53;
const METER_PORT = 8783;
const SELLERS_PORT = 8784;
const HOUSEHOLDS = 10;
const SLOTS = 3;
/**
 * The household whose buyer runs in Alice's offchain worker, not in the buyers' process: a
 * household without PV (the chain spec's mix makes 1, 4 and 7 of ten such), which imports its
 * load every hour, so the worker's forecast (its last metered import) always has a need.
 */
const NODE_BUYER = 7;
/** The household whose seller runs in Bob's offchain worker: one with PV and a battery. */
const NODE_SELLER = 9;
/**
 * 2026-06-21 11:00 UTC, the model hour of the first delivery slot: the households with PV and a
 * battery (3, 6 and 9 of ten; a battery's charge is what backs energy tokens) have energy to sell.
 */
const FIRST_HOUR = 20_625 * 24 + 11;

const root = mkdtempSync(join(tmpdir(), 'energy-agents-'));
/** Alice's node: the meters' oracle and household 7's buyer. */
let node;
/** Bob's node: household 9's seller. */
let bob;
let api;
let meters;

before(async () => {
  await cryptoWaitReady();
  ({ node, api } = await startAlice({
    chain: `local-microgrid-${HOUSEHOLDS}`,
    index: INDEX,
    root,
    extraArgs: ['--meter-url', `http://127.0.0.1:${METER_PORT}`],
  }));
  bob = new Node({
    chain: `local-microgrid-${HOUSEHOLDS}`, name: 'bob', index: INDEX + 1, nodeKey: 2, root, devKeys: 'bob', bootnodes: [await node.multiaddr()],
  });
  await bob.waitForRpc();
});

after(async () => {
  meters?.kill('SIGINT');
  await api?.disconnect();
  await Promise.all([node?.stop(), bob?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

test('households\' agents in two processes negotiate over JSON-RPC and the chain records what they agreed', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  // The two validators take turns and finalize together.
  await eventually('both validators to finalize block 2', 120_000, async () => (await node.finalizedNumber()) >= 2 && (await bob.finalizedNumber()) >= 2, [node, bob]);
  // Alice's offchain worker reports for the households' meters.
  for (let n = 1; n <= HOUSEHOLDS; n += 1) {
    const meter = keyring.addFromUri(`//Meter${n}`);
    await node.rpc('author_insertKey', ['metr', `//Meter${n}`, hex(meter.publicKey)]);
  }
  // Household 7's buyer runs in Alice's node: its negotiation key into the keystore as an
  // agent key, and the household authorizes the key's account as its agent. (The sellers'
  // process publishes that key as the household's negotiation key.)
  const nodeAgentUri = `//Household${NODE_BUYER}//agent`;
  const nodeAgent = keyring.addFromUri(nodeAgentUri);
  await node.rpc('author_insertKey', ['agnt', nodeAgentUri, hex(nodeAgent.publicKey)]);
  const nodeBuyer = keyring.addFromUri(`//Household${NODE_BUYER}`);
  await send(api, api.tx.market.authorizeAgent(nodeAgent.address), nodeBuyer);
  // Household 9's seller runs in Bob's node: its agent key in the keystore, the household
  // authorizes the key's account, pays it for the fees of its offers and recordings, and
  // publishes the key as its negotiation key, at Bob's RPC address.
  const sellerAgentUri = `//Household${NODE_SELLER}//agent`;
  const sellerAgent = keyring.addFromUri(sellerAgentUri);
  await bob.rpc('author_insertKey', ['agnt', sellerAgentUri, hex(sellerAgent.publicKey)]);
  const nodeSeller = keyring.addFromUri(`//Household${NODE_SELLER}`);
  await send(api, api.tx.market.authorizeAgent(sellerAgent.address), nodeSeller);
  // Ten units, what a meter gets for its fees in the chain spec.
  await send(api, api.tx.balances.transferKeepAlive(sellerAgent.address, 10n ** 13n), nodeSeller);
  const inbox = `http://127.0.0.1:${bob.rpcPort}`;
  await send(api, api.tx.market.publishInfo('Seller', inbox, hex(sellerAgent.publicKey)), nodeSeller);
  // Its offers hold at most 600 Wh a slot (set over RPC, as `--agent-max-offer-wh` would): the
  // node's seller asks the feed-in price at least, less than the standalone sellers' costs, so
  // without a limit every buyer would buy from it alone.
  await bob.rpc('offchain_localStorageSet', ['PERSISTENT', hex(Buffer.from('energy::agent-max-offer-wh')), hex(Buffer.from('600'))]);
  // The slot after next is the first delivery slot of agents started now: it stands for 11:00.
  // (A chain without a block yet has no time: its clock reads slot 0.)
  const { slot } = await awaitSlotAfter(api, 0);
  const hours = ['--chain-slot', String(slot + 2), '--model-slot', String(FIRST_HOUR)];
  meters = spawn(besideNode('meter-simulator'), [
    '--listen', `127.0.0.1:${METER_PORT}`, '--households', String(HOUSEHOLDS), ...hours,
  ], { stdio: 'ignore' });
  const first = (await api.rpc.chain.getHeader()).number.toNumber();

  const agent = (args) => runTool(besideNode('energy-agent'), [...args, '--node', node.url, ...hours], { timeoutMs: 420_000 });
  const common = ['--households', String(HOUSEHOLDS), '--slots', String(SLOTS)];
  const [operator, sellers, buyers] = await Promise.all([
    agent(['operator', '--slots', String(SLOTS + 2)]),
    agent(['households', ...common, '--host', `1-${NODE_SELLER - 1},${NODE_SELLER + 1}-${HOUSEHOLDS}`, '--roles', 'seller', '--listen', `127.0.0.1:${SELLERS_PORT}`]),
    // The buyers' process serves nothing and publishes nothing: it waits for the sellers' one.
    agent(['households', ...common, '--host', `1-${NODE_BUYER - 1},${NODE_BUYER + 1}-${NODE_SELLER - 1},${NODE_SELLER + 1}-${HOUSEHOLDS}`, '--roles', 'buyer', '--listen', `127.0.0.1:${SELLERS_PORT + 1}`]),
  ]);
  for (const [name, run] of [['operator', operator], ['sellers', sellers], ['buyers', buyers]]) {
    assert.equal(run.code, 0, `energy-agent (${name}) failed:\n${run.stderr}\n${run.stdout}`);
    console.log(`${name}: ${run.stdout}`);
  }
  const said = (run) => {
    const match = run.stdout.match(/(\d+) offers, (\d+) agreements recorded \((\d+) Wh\) by its sellers; (\d+) buyers sent (\d+) messages and agreed to buy (\d+) Wh in (\d+) agreements; (\d+) calls refused/);
    assert.ok(match, `no summary in: ${run.stdout}`);
    const [offers, recorded, recordedWh, buyerCount, messages, boughtWh, bought, refused] = match.slice(1).map(Number);
    return { offers, recorded, recordedWh, buyerCount, messages, boughtWh, bought, refused };
  };
  const s = said(sellers);
  const b = said(buyers);
  assert.equal(s.refused + b.refused, 0, 'the chain refused no call');
  assert.ok(s.offers > 0, 'the sellers offered');
  assert.ok(b.messages > 0, 'the buyers negotiated');
  assert.equal(s.buyerCount + b.offers + b.recorded, 0, 'each process ran only its role');
  assert.ok(s.recorded > 0, 'the processes agreed on trades');

  // The processes traded their slots. Once the last one's recording window is over, the two
  // households revoke their node agents, which stop trading: what the node's log says from here
  // on is final, and two blocks later every call the agents sent is in.
  await awaitSlotAfter(api, slot + SLOTS);
  await Promise.all([
    send(api, api.tx.market.revokeAgent(), nodeBuyer),
    send(api, api.tx.market.revokeAgent(), nodeSeller),
  ]);
  await nextBlock(api);
  await nextBlock(api);

  // The node's agent: one line per slot it negotiated in, with what it needed and agreed.
  const nodeRuns = [...readFileSync(node.logPath, 'utf8').matchAll(
    /agent 0x([0-9a-f]{64}): needs (\d+) Wh, agreed (\d+) Wh in (\d+) agreement\(s\), (\d+) message\(s\)/g,
  )];
  console.log(`the node's agent: ${nodeRuns.map((m) => m[0]).join('; ')}`);
  assert.ok(nodeRuns.length > 0, 'the node\'s agent negotiated');
  assert.ok(nodeRuns.every((m) => m[1] === Buffer.from(nodeAgent.publicKey).toString('hex')));
  assert.ok(nodeRuns.some((m) => Number(m[5]) > 0), 'the node\'s agent spoke to the sellers');
  const nodeBought = nodeRuns.reduce((sum, m) => sum + Number(m[4]), 0);
  const nodeBoughtWh = nodeRuns.reduce((sum, m) => sum + Number(m[3]), 0);

  // Bob's seller: what it offered and recorded, slot by slot.
  const sellerLog = readFileSync(bob.logPath, 'utf8');
  const sellerKey = Buffer.from(sellerAgent.publicKey).toString('hex');
  const offered = [...sellerLog.matchAll(/agent 0x([0-9a-f]{64}): offered (\d+) Wh at no less than (\d+) per kWh/g)];
  const recordings = [...sellerLog.matchAll(/agent 0x([0-9a-f]{64}): recording (\d+) agreement\(s\) of offer (\d+), (\d+) Wh/g)];
  console.log(`the node's seller: ${[...offered, ...recordings].map((m) => m[0]).join('; ')}`);
  assert.ok(offered.length > 0, 'the node\'s seller offered');
  assert.ok([...offered, ...recordings].every((m) => m[1] === sellerKey));
  assert.ok(recordings.length > 0, 'the node\'s seller recorded agreements');
  // A recording sent again (it had not landed) is counted once: by offer.
  const recordedByOffer = new Map(recordings.map((m) => [Number(m[3]), { count: Number(m[2]), wh: Number(m[4]) }]));
  const nodeSold = [...recordedByOffer.values()].reduce((sum, r) => sum + r.count, 0);
  const nodeSoldWh = [...recordedByOffer.values()].reduce((sum, r) => sum + r.wh, 0);

  // The nodes' Prometheus metrics say the same.
  assert.equal(await bob.metric('energy_agent_offers_total'), offered.length);
  assert.equal(await bob.metric('energy_agent_agreements_recorded_total'), recordings.reduce((sum, m) => sum + Number(m[2]), 0));
  assert.ok(await bob.metric('energy_agent_inbox_messages_total') > 0, 'the inbox answered the buyers');
  assert.equal(await bob.metric('energy_agent_agreements_bought_total'), 0, 'Bob runs no buyer');
  assert.equal(await node.metric('energy_agent_agreements_bought_total'), nodeBought);
  assert.equal(await node.metric('energy_agent_offers_total'), 0, 'Alice runs no seller');
  assert.notEqual(await bob.metric('energy_agent_negotiations_open'), undefined, 'the gauge is exported');

  // What the buyers agreed to, in their process and in the node, is exactly what the sellers
  // recorded, in their process and in the node.
  assert.equal(b.bought + nodeBought, s.recorded + nodeSold);
  assert.equal(b.boughtWh + nodeBoughtWh, s.recordedWh + nodeSoldWh);

  // The sellers published where they answer.
  const published = (await api.query.market.agents(keyring.addFromUri('//Household1').address)).unwrap();
  assert.equal(published.endpoint.toUtf8(), `http://127.0.0.1:${SELLERS_PORT}`);

  // The chain's record: one AgreementRecorded per recorded agreement, within the price bounds.
  const last = (await api.rpc.chain.getHeader()).number.toNumber();
  const recorded = [];
  const offers = new Map();
  // The node's seller's offers the chain refused: one sent as its household revoked it.
  let refusedNodeOffers = 0;
  for (let n = first + 1; n <= last; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const at = await api.at(hash);
    const { block } = await api.rpc.chain.getBlock(hash);
    for (const { event, phase } of await at.query.system.events()) {
      if (event.section === 'system' && event.method === 'ExtrinsicFailed' && phase.isApplyExtrinsic) {
        const extrinsic = block.extrinsics[phase.asApplyExtrinsic.toNumber()];
        if (extrinsic.signer.toString() === sellerAgent.address && extrinsic.method.method === 'makeOffer') {
          refusedNodeOffers += 1;
        }
      }
      if (event.section !== 'market') continue;
      if (event.method === 'OfferMade') offers.set(event.data.offer.toNumber(), event.data);
      if (event.method === 'AgreementRecorded') recorded.push({ data: event.data, at });
    }
  }
  assert.ok(refusedNodeOffers <= 1, 'only an offer sent as the household revoked its agent is refused');
  assert.equal(offers.size + refusedNodeOffers, s.offers + offered.length, 'every offer the sellers made is on chain');
  assert.equal(recorded.length, s.recorded + nodeSold);
  assert.equal(recorded.reduce((sum, { data }) => sum + data.energy.toNumber(), 0), s.recordedWh + nodeSoldWh);
  const ofNodeSeller = recorded.filter(({ data }) => data.seller.toString() === nodeSeller.address);
  assert.equal(ofNodeSeller.length, nodeSold, 'the node\'s seller\'s agreements are on chain');
  for (const { data } of ofNodeSeller) {
    assert.ok(recordedByOffer.has(data.offer.toNumber()), 'of an offer the node\'s seller recorded');
  }
  // Standalone buyers bought from Bob's seller, over his RPC.
  assert.ok(ofNodeSeller.some(({ data }) => data.buyer.toString() !== nodeBuyer.address), 'a standalone buyer bought from the node');
  console.log(`pairs: ${recorded.map(({ data }) => `${data.seller.toString().slice(0, 6)}->${data.buyer.toString().slice(0, 6)}`).join(' ')}`);
  const ofNodeBuyer = recorded.filter(({ data }) => data.buyer.toString() === nodeBuyer.address);
  assert.equal(ofNodeBuyer.length, nodeBought, 'the node\'s agent\'s agreements are on chain');
  assert.equal(ofNodeBuyer.reduce((sum, { data }) => sum + data.energy.toNumber(), 0), nodeBoughtWh);
  for (const { data, at } of recorded) {
    const offer = offers.get(data.offer.toNumber());
    assert.ok(offer, `agreement ${data.agreement} is of an offer the sellers made`);
    const prices = (await at.query.market.slotGridPrices(data.slot)).unwrap();
    assert.ok(data.price.toBigInt() >= offer.floorPrice.toBigInt(), 'price at least the floor');
    assert.ok(data.price.toBigInt() <= prices.importPrice.toBigInt(), 'price at most the import price');
    assert.notEqual(data.seller.toString(), data.buyer.toString());
  }

  // Every agreement settles against the meters once its delivery slot is read.
  await eventually('every agreement settled', 300_000, async () => (await api.query.market.agreements.entries()).length === 0, [node, bob]);
  const settled = new Set();
  const end = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = first + 1; n <= end; n += 1) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of await at.query.system.events()) {
      if (event.section === 'market' && event.method === 'AgreementSettled') settled.add(event.data.agreement.toNumber());
    }
  }
  for (const { data } of recorded) {
    assert.ok(settled.has(data.agreement.toNumber()), `agreement ${data.agreement} settled`);
  }
});
