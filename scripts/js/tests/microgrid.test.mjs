// The main job on a real dev node: `energy-microgrid trade` runs the agents of the six
// households a `dev-microgrid-6` chain spec admits, and the grid operator (Eve), over two
// compressed market hours; the first three households' agents run in the node's offchain worker
// instead (`--ocw-households 3`: a consumer, a PV roof and a PV roof with a battery, as the other
// three), which trade among themselves; the node's offchain worker reads every meter from the
// tool over HTTP (the real oracle path) and the chain settles. Then everything the report says is checked
// against what the chain recorded: offers, agreements and energy per hour, deliveries, payments
// and penalties from the settlement events; and the chain's own invariants hold: prices between
// the offer's floor and the grid import price, money conserved among the participants but for
// fees, penalties as the operator's income, no offer or agreement left, every household's energy
// tokens equal to its battery. On the state the trading left, `energy-node try-runtime` (the
// check before an upgrade ballot) passes every pallet's invariants. Needs ENERGY_NODE_BIN, with `energy-microgrid` beside it; uses
// ports index 100 (RPC 10044) and 8781 for the meters. Takes about five minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hex } from '../lib/chain.mjs';
import { NODE_BIN, besideNode, runTool, startAlice, tryRuntimeWasm } from '../lib/network.mjs';

const INDEX = 100;
const METER_PORT = 8781;
const HOUSEHOLDS = 6;
/** The households whose agents run in the node: the first three. */
const IN_NODE = 3;
const HOURS = 2;
/** 2026-06-21 11:00 UTC, the model hour of the first delivery slot: a sunny late morning. */
const FIRST_HOUR = 20_625 * 24 + 11;
const UNIT = 10 ** 12;

const root = mkdtempSync(join(tmpdir(), 'energy-microgrid-'));
let node;
let api;

before(async () => {
  await cryptoWaitReady();
  ({ node, api } = await startAlice({
    chain: `dev-microgrid-${HOUSEHOLDS}`,
    index: INDEX,
    root,
    extraArgs: ['--meter-url', `http://127.0.0.1:${METER_PORT}`],
  }));
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The market and fee events of blocks `from` to `to`. */
async function eventsBetween(from, to) {
  const found = [];
  for (let n = from; n <= to; n += 1) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (event.section === 'market' || (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid')) {
        found.push({ block: n, section: event.section, method: event.method, data: event.data });
      }
    }
  }
  return found;
}

/** The rows of the CSV file at `path` as objects, by the header's names. */
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value])));
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
const sumBig = (values) => values.reduce((a, b) => a + b, 0n);

test('the simulator trades through the chain and its report is what the chain recorded and settled', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const eve = keyring.addFromUri('//Eve');
  const households = Array.from({ length: HOUSEHOLDS }, (_, i) => ({
    account: keyring.addFromUri(`//Household${i + 1}`),
    meter: keyring.addFromUri(`//Meter${i + 1}`),
  }));
  const participants = [...households.flatMap((h) => [h.account.address, h.meter.address]), eve.address];
  const moneyAt = async (hash) => {
    const at = await api.at(hash);
    const money = new Map();
    for (const who of participants) {
      const { data } = await at.query.system.account(who);
      money.set(who, data.free.toBigInt() + data.reserved.toBigInt());
    }
    return money;
  };
  const first = await api.rpc.chain.getFinalizedHead();
  const firstNumber = (await api.rpc.chain.getHeader(first)).number.toNumber();
  const before = await moneyAt(first);

  const out = join(root, 'report');
  const run = await runTool(besideNode('energy-microgrid'), [
    'trade', '--node', node.url, '--households', String(HOUSEHOLDS), '--hours', String(HOURS),
    '--meters-listen', `127.0.0.1:${METER_PORT}`, '--first-hour', String(FIRST_HOUR),
    '--compare', 'boulware', '--out', out, '--ocw-households', String(IN_NODE),
  ], { timeoutMs: 480_000 });
  assert.equal(run.code, 0, `energy-microgrid trade failed:\n${run.stderr}\n${run.stdout}`);
  console.log(run.stdout);
  assert.match(run.stdout, /the chain recorded \d+ agreements; 0 not settled when the run ended; 0 calls refused/);

  // The meters' keys went into the node's keystore, and its offchain worker reported for them;
  // so did the first households' keys, as agent keys, and they published the node's RPC.
  for (const [i, h] of households.entries()) {
    assert.equal(await node.rpc('author_hasKey', [hex(h.meter.publicKey), 'metr']), true);
    assert.equal(await node.rpc('author_hasKey', [hex(h.account.publicKey), 'agnt']), i < IN_NODE);
    const published = (await api.query.market.agents(h.account.address)).unwrap();
    assert.equal(published.endpoint.toUtf8(), i < IN_NODE ? `http://127.0.0.1:${node.rpcPort}` : 'in-process:energy-microgrid');
  }

  const last = await api.rpc.chain.getFinalizedHead();
  const lastNumber = (await api.rpc.chain.getHeader(last)).number.toNumber();
  const after = await moneyAt(last);
  const events = await eventsBetween(firstNumber + 1, lastNumber);
  const of = (method) => events.filter((e) => e.section === 'market' && e.method === method);

  const hours = readCsv(join(out, 'hours.csv')).filter((row) => row.strategy === 'paper (chain)');
  assert.equal(hours.length, HOURS, 'one row per traded hour');
  assert.deepEqual(hours.map((row) => Number(row.hour_of_day)), [11, 12]);
  assert.equal(readCsv(join(out, 'hours.csv')).filter((row) => row.strategy === 'boulware (in memory)').length, HOURS);

  // Offers and agreements: the report's are the chain's, hour by hour.
  const offers = of('OfferMade').map((e) => ({
    offer: e.data.offer.toNumber(), slot: e.data.slot.toNumber(), floor: e.data.floorPrice.toBigInt(),
  }));
  const recorded = of('AgreementRecorded').map((e) => ({
    agreement: e.data.agreement.toNumber(), offer: e.data.offer.toNumber(), slot: e.data.slot.toNumber(),
    energy: e.data.energy.toNumber(), price: e.data.price.toBigInt(),
  }));
  const deliverySlots = [...new Set(offers.map((o) => o.slot))].sort((a, b) => a - b);
  assert.ok(deliverySlots.length <= HOURS);
  // The node's agents' offers and agreements are the in-node columns, the others the rest.
  const inNode = new Set(households.slice(0, IN_NODE).map((h) => h.account.address));
  const offerMade = of('OfferMade');
  const nodeOffers = new Set(offerMade.filter((e) => inNode.has(e.data.seller.toString())).map((e) => e.data.offer.toNumber()));
  const byNode = recorded.filter((a) => nodeOffers.has(a.offer));
  const byProcess = recorded.filter((a) => !nodeOffers.has(a.offer));
  assert.equal(sum(hours.map((row) => Number(row.offers))), offers.length - nodeOffers.size);
  assert.equal(sum(hours.map((row) => Number(row.in_node_offers))), nodeOffers.size);
  assert.equal(sum(hours.map((row) => Number(row.agreements))), byProcess.length);
  assert.equal(sum(hours.map((row) => Number(row.agreed_wh))), sum(byProcess.map((a) => a.energy)));
  assert.equal(sum(hours.map((row) => Number(row.in_node_agreements))), byNode.length);
  assert.equal(sum(hours.map((row) => Number(row.in_node_agreed_wh))), sum(byNode.map((a) => a.energy)));
  assert.ok(byProcess.length >= 1, 'at noon in June the simulator\'s households trade');
  assert.ok(byNode.length >= 1, 'at noon in June the node\'s households trade');
  // They trade among themselves.
  for (const e of of('AgreementRecorded')) {
    assert.equal(inNode.has(e.data.seller.toString()), inNode.has(e.data.buyer.toString()), 'a trade within one side');
  }
  assert.match(readFileSync(node.logPath, 'utf8'), /agent 0x[0-9a-f]{64}: recording \d+ agreement\(s\) of offer/);

  // Every agreement settled; deliveries, payments and penalties in the report are the chain's.
  const settled = new Map(of('AgreementSettled').map((e) => [e.data.agreement.toNumber(), e.data.settlement]));
  for (const a of recorded) assert.ok(settled.has(a.agreement), `agreement #${a.agreement} was not settled`);
  assert.equal(settled.size, recorded.length);
  const settlements = [...settled.values()];
  assert.equal(sum(hours.map((row) => Number(row.delivered_wh))), sum(settlements.map((s) => s.delivered.toNumber())));
  const penalties = of('PenaltyPaid').map((e) => ({ operator: e.data.operator.toString(), amount: e.data.amount.toBigInt() }));
  const penaltyIncome = sumBig(penalties.map((p) => p.amount));
  assert.equal(penaltyIncome, sumBig(settlements.map((s) => s.sellerPenalty.toBigInt() + s.buyerPenalty.toBigInt())));
  const reportedPenalties = sum(hours.map((row) => Number(row.penalties)));
  assert.ok(Math.abs(reportedPenalties - Number(penaltyIncome) / UNIT) < 1e-9, `${reportedPenalties} EUR of penalties reported`);
  for (const p of penalties) assert.equal(p.operator, eve.address);
  assert.equal((await api.query.market.agreements.entries()).length, 0);
  assert.equal((await api.query.market.offers.entries()).length, 0);

  // Every negotiated price lies between the offer's floor and the slot's grid import price.
  const floors = new Map(offers.map((o) => [o.offer, o.floor]));
  for (const a of recorded) {
    const importPrice = (await api.query.market.slotGridPrices(a.slot)).unwrap().importPrice.toBigInt();
    assert.ok(a.price >= floors.get(a.offer) && a.price <= importPrice,
      `agreement #${a.agreement}: price ${a.price} outside [${floors.get(a.offer)}, ${importPrice}]`);
  }

  // Money: what the participants lost is exactly the fees they paid; the operator's income is
  // the penalties.
  const fees = new Map();
  for (const e of events.filter((x) => x.section === 'transactionPayment')) {
    const who = e.data.who.toString();
    fees.set(who, (fees.get(who) ?? 0n) + e.data.actualFee.toBigInt());
  }
  const total = (money) => sumBig([...money.values()]);
  const participantFees = sumBig(participants.map((who) => fees.get(who) ?? 0n));
  assert.equal(total(before) - total(after), participantFees);
  assert.equal(after.get(eve.address) - before.get(eve.address) + (fees.get(eve.address) ?? 0n), penaltyIncome);

  // Energy: nothing stays held, and each household's tokens are what its battery stores.
  const at = await api.at(last);
  for (const h of households) {
    const energy = (await at.call.energyTokenApi.balanceOf(h.account.address)).toJSON();
    const battery = (await at.query.meterReadings.batteries(h.account.address)).unwrap();
    assert.equal(energy.held, 0);
    assert.equal(energy.free, battery.storedWh.toNumber());
  }
});

test('every pallet\'s invariants hold on the state the trading left (energy-node try-runtime)', async () => {
  const finalized = await api.rpc.chain.getFinalizedHead();
  const run = await runTool(NODE_BIN, [
    'try-runtime', '--runtime', tryRuntimeWasm(), '--uri', node.url, '--at', finalized.toHex(),
  ], { timeoutMs: 300_000 });
  assert.equal(run.code, 0, `energy-node try-runtime failed:\n${run.stderr}\n${run.stdout}`);
  console.log(run.stdout);
  const number = (await api.rpc.chain.getHeader(finalized)).number.toNumber();
  assert.ok(run.stdout.includes(`state of block #${number} (${finalized.toHex()})`), run.stdout);
  assert.match(run.stdout, /the chain runs energy-marketplace spec \d+, checking energy-marketplace spec \d+/);
  assert.match(run.stdout, /upgrade checks passed: on_runtime_upgrade, pre- and post-upgrade checks and every pallet's try_state/);
});
