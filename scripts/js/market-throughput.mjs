// Throughput benchmark of the hourly market on one dev node (not a test: it prints figures and
// only fails when something errors). The genesis already admits the sellers and buyers, their
// smart meters and the grid operator (Eve). In one run, on the same node:
//  1. a flood of pre-signed `balances.transferKeepAlive`, the reference;
//  2. the market workflow at the same scale: every agent publishes, the sellers' meters mint
//     energy, the operator prices the delivery slot, a flood of offers in the negotiation phase
//     and a flood of 1,000 agreements (by default) in the recording window: each offer's
//     agreements in one `allow_transactions`, as a seller's agent records what it negotiated
//     (`--record single`: one `allow_transaction` per agreement);
//  3. once the delivery slot is over, every meter reports it and the chain settles the
//     agreements by itself in `on_idle`.
// For each flood it reports extrinsics included per second (block timestamps), the rate that
// blocks filled to their weight limit would reach, block fullness (`system.blockWeight`) and
// the node's authoring time; then the market-to-transfer ratio and how long 1,000 agreements
// take to record and to settle, against the targets.
//
// Usage: ENERGY_NODE_BIN=… node js/market-throughput.mjs [--out FILE] [--sellers 20]
//          [--offers-per-seller 2] [--buyers 25] [--slot-ms 180000] [--recording-ms 90000]
//          [--record batch|single]
// (scripts/market-throughput.sh builds the node and sets ENERGY_NODE_BIN). Uses ports of
// index 90 (RPC 10034). Results also go, as JSON, to --out, $MARKET_THROUGHPUT_OUT or
// market-throughput.json in $TMPDIR (or /tmp): the run's own directory is removed at the end.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { SIMULATOR_INSTALLATION, hex, sleep } from './lib/chain.mjs';
import {
  authoringTimes, awaitIncluded, bestNumber, interleave, printTable, readBlock, runScript, signAll,
  submitAll,
} from './lib/flood.mjs';
import { NODE_BIN, patchedSpec, startAlice } from './lib/network.mjs';
import {
  awaitNegotiation, awaitRecording, awaitSlotAfter, householdsGenesis, signAgreement, status,
} from './lib/market.mjs';

const INDEX = 90;
const INSTALLATION = SIMULATOR_INSTALLATION;
/** Runtime limits the parameters must respect (runtime/src/configs/). */
const MAX_MEMBERS = 128;
const MAX_OFFERS_PER_SELLER = 4;
const MAX_AGREEMENTS_PER_OFFER = 64;
/** Watt-hours of one agreement, unless the installations' limits call for less. */
const AGREEMENT_WH = 100;
/** Negotiation time the grid prices and then the offers need on chain: a few blocks. */
const OFFER_ROOM_MS = 36_000;
/** The targets this benchmark reports against. */
const TARGET_RATIO = 0.8;
const TARGET_WINDOW_S = 300;
const TARGET_WEIGHT_PCT = 25;

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: process.env.MARKET_THROUGHPUT_OUT },
    sellers: { type: 'string', default: '20' },
    'offers-per-seller': { type: 'string', default: '2' },
    buyers: { type: 'string', default: '25' },
    'slot-ms': { type: 'string', default: '180000' },
    'recording-ms': { type: 'string', default: '90000' },
    record: { type: 'string', default: 'batch' },
  },
});
const BATCH = options.record === 'batch';
const SELLERS = Number(options.sellers);
const OFFERS_PER_SELLER = Number(options['offers-per-seller']);
const BUYERS = Number(options.buyers);
const SLOT_MS = Number(options['slot-ms']);
const RECORDING_MS = Number(options['recording-ms']);
// Every buyer agrees with every offer: one agreement per (offer, buyer) is all the market allows.
const AGREEMENTS = SELLERS * OFFERS_PER_SELLER * BUYERS;
// What a seller sells and a buyer buys must pass its meter's connection limit, and a seller's
// sales must fit its battery.
const ENERGY_WH = Math.min(
  AGREEMENT_WH,
  Math.floor(INSTALLATION.connectionLimitWh / (OFFERS_PER_SELLER * BUYERS)),
  Math.floor(INSTALLATION.batteryCapacityWh / (OFFERS_PER_SELLER * BUYERS)),
  Math.floor(INSTALLATION.connectionLimitWh / (SELLERS * OFFERS_PER_SELLER)),
);

function checkParameters() {
  const problems = [];
  for (const [name, value] of Object.entries({ SELLERS, OFFERS_PER_SELLER, BUYERS, SLOT_MS, RECORDING_MS })) {
    if (!Number.isInteger(value) || value <= 0) problems.push(`${name} must be a positive integer`);
  }
  // Alice (validator), Eve (grid operator), and a meter for every household.
  if (2 + 2 * (SELLERS + BUYERS) > MAX_MEMBERS) {
    problems.push(`${SELLERS + BUYERS} households and their meters exceed the ${MAX_MEMBERS} members`);
  }
  if (OFFERS_PER_SELLER > MAX_OFFERS_PER_SELLER) problems.push(`at most ${MAX_OFFERS_PER_SELLER} offers per seller`);
  if (BUYERS > MAX_AGREEMENTS_PER_OFFER) problems.push(`at most ${MAX_AGREEMENTS_PER_OFFER} buyers per offer`);
  if (!(ENERGY_WH >= 1)) problems.push('too many agreements per household for its meter to report');
  if (SLOT_MS < 18_000 || RECORDING_MS >= SLOT_MS) problems.push('the slot must be ≥ 18000 ms and longer than its recording window');
  if (SLOT_MS - RECORDING_MS < OFFER_ROOM_MS) problems.push(`negotiation must last at least ${OFFER_ROOM_MS} ms`);
  if (!['batch', 'single'].includes(options.record)) problems.push('--record is batch or single');
  if (problems.length) throw new Error(`bad parameters: ${problems.join('; ')}`);
}

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);






/**
 * Wait until the chain has settled every agreement, reading blocks from `from` on; returns the
 * blocks with settlements, with how many each, and the settlements' totals.
 */
async function awaitSettled(api, from, expected, timeoutMs) {
  const including = [];
  const deadline = Date.now() + timeoutMs;
  let settled = 0;
  let delivered = 0;
  let penalties = 0;
  for (let next = from; ;) {
    const best = await bestNumber(api);
    for (; next <= best; next += 1) {
      const block = await readBlock(api, next);
      let count = 0;
      for (const { event } of block.events) {
        if (event.section !== 'market') continue;
        if (event.method === 'AgreementSettled') {
          count += 1;
          delivered += event.data.settlement.delivered.toNumber();
        } else if (event.method === 'PenaltyPaid') {
          penalties += 1;
        }
      }
      if (count === 0) continue;
      settled += count;
      including.push({ block, count });
      if (settled >= expected && (await api.query.market.agreements.keysAt(block.hash)).length === 0) {
        return { including, settled, delivered, penalties };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`only ${settled} of ${expected} agreements settled after ${timeoutMs / 1000} s`);
    }
    await sleep(1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Figures.

/** Weight limits: the whole block's, and the share normal transactions may fill. */
function weightLimits(api) {
  const { maxBlock, perClass } = api.consts.system.blockWeights;
  const block = maxBlock.refTime.toBigInt();
  const normal = perClass.normal.maxTotal.isSome
    ? perClass.normal.maxTotal.unwrap().refTime.toBigInt()
    : (block * 3n) / 4n;
  return { block, normal };
}

const percent = (part, whole) => Number((part * 1_000_000n) / whole) / 10_000;

/** Milliseconds between blocks. */
const blockMillis = (api) => 2 * api.consts.timestamp.minimumPeriod.toNumber();

/**
 * A phase's figures from the blocks that include its work. A block holds what reached the pool
 * in the block time before it, so the phase lasts from its first block's parent to its last
 * block; its rate is its extrinsics over that time. Fullness is read in the blocks with the
 * phase's work: normal-class weight against what normal transactions may use, and all classes
 * (on_idle's settlements count as mandatory) against the whole block. A block in between
 * without it says nothing about the phase: a session change, say, charges a whole block.
 *
 * A flood that fits in one block is included at one block per block time whatever it costs,
 * so the phase also gets its weight-bound rate: how many such extrinsics per second blocks
 * filled to the normal-class limit would include (`byWeight`, for transactions only).
 */
async function phase(api, name, including, { submitSeconds = null, transactions = true } = {}) {
  const limits = weightLimits(api);
  const first = including[0].block.number;
  const last = including.at(-1).block.number;
  const parent = await readBlock(api, first - 1);
  const lastBlock = await readBlock(api, last);
  const start = parent.number === 0 ? (await readBlock(api, first)).timestamp - blockMillis(api) : parent.timestamp;
  const seconds = (lastBlock.timestamp - start) / 1000;
  const normal = [];
  const all = [];
  let normalUsed = 0n;
  let allUsed = 0n;
  for (const { block: { refTime } } of including) {
    const total = refTime.normal + refTime.operational + refTime.mandatory;
    normal.push(percent(refTime.normal, limits.normal));
    all.push(percent(total, limits.block));
    normalUsed += refTime.normal;
    allUsed += total;
  }
  const average = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const included = including.reduce((sum, { count }) => sum + count, 0);
  const perFullBlock = transactions && normalUsed > 0n
    ? Number((BigInt(included) * limits.normal * 1000n) / normalUsed) / 1000
    : null;
  return {
    name,
    extrinsics: included,
    firstBlock: first,
    lastBlock: last,
    blocks: last - first + 1,
    seconds,
    perSecond: included / seconds,
    byWeight: perFullBlock === null
      ? null
      : { perBlock: perFullBlock, perSecond: perFullBlock / (blockMillis(api) / 1000) },
    submitSeconds,
    authorMsMax: null,
    perBlock: including.map(({ block, count }) => ({ block: block.number, count })),
    weight: {
      normalMaxPct: Math.max(...normal),
      normalAvgPct: average(normal),
      allClassesMaxPct: Math.max(...all),
      allClassesAvgPct: average(all),
      allClassesRefTime: allUsed.toString(),
    },
  };
}


function printPhases(phases) {
  const header = [
    'phase', 'count', 'blocks', 'seconds', 'per s', 'by weight/s', 'normal max %', 'avg %',
    'all max %', 'avg %', 'author ms', 'submit s',
  ];
  const optional = (value, digits) => (value === null ? '-' : value.toFixed(digits));
  printTable(header, phases.map((p) => [
    p.name, p.extrinsics, p.blocks, p.seconds.toFixed(1), p.perSecond.toFixed(1), optional(p.byWeight?.perSecond ?? null, 1),
    p.weight.normalMaxPct.toFixed(2), p.weight.normalAvgPct.toFixed(2),
    p.weight.allClassesMaxPct.toFixed(2), p.weight.allClassesAvgPct.toFixed(2),
    optional(p.authorMsMax, 0), optional(p.submitSeconds, 2),
  ].map(String)));
}

// ---------------------------------------------------------------------------------------------
// The run.

const root = mkdtempSync(join(tmpdir(), 'energy-market-throughput-'));
const outPath = options.out ?? join(tmpdir(), 'market-throughput.json');
let node;
let api;

async function run() {
  checkParameters();
  if (!NODE_BIN) throw new Error('set ENERGY_NODE_BIN to the energy-node binary (scripts/market-throughput.sh does)');
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const account = (name) => keyring.addFromUri(`//${name}`, { name });
  const alice = account('Alice');
  const eve = account('Eve');
  // Household i's meter is //Meter{i}; its agent negotiates and signs with a key of its own.
  const household = (name, i, kind) => ({
    account: account(name),
    meter: account(`Meter${i}`),
    agent: keyring.addFromUri(`//${name}//agent`),
    kind,
    endpoint: `http://127.0.0.1:${20_000 + i}`,
  });
  const sellers = Array.from({ length: SELLERS }, (_, i) => household(`Seller${i + 1}`, i + 1, 'Seller'));
  const buyers = Array.from({ length: BUYERS }, (_, i) => household(`Buyer${i + 1}`, SELLERS + i + 1, 'Buyer'));
  const households = [...sellers, ...buyers];
  // The transfer flood has the agreement flood's shape: as many signers, as many calls each.
  const perSender = OFFERS_PER_SELLER * BUYERS;
  const senders = Array.from({ length: SELLERS }, (_, i) => account(`Sender${i + 1}`));

  log(`${SELLERS} sellers × ${OFFERS_PER_SELLER} offers × ${BUYERS} buyers = ${AGREEMENTS} agreements of ${ENERGY_WH} Wh; `
    + `${SELLERS} senders × ${perSender} transfers; slots of ${SLOT_MS / 1000} s, recording ${RECORDING_MS / 1000} s`);
  const chain = patchedSpec(root, 'dev', {
    ...householdsGenesis(
      [[alice.address, 'validator'], [eve.address, 'gridOperator']], households, INSTALLATION,
    ),
    market: { slotMillis: SLOT_MS, recordingMillis: RECORDING_MS },
  }, 'market-throughput');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
  log(`node up: ${node.base}/node.log, RPC ${node.url}`);

  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  const perKwh = (milli) => (BigInt(milli) * unit) / 1000n;
  const importPrice = perKwh(300); // 0.30 EUR per kWh
  const feedInPrice = perKwh(50);
  const floorPrice = perKwh(100);
  const price = perKwh(200);

  /** Sign, submit and wait for a group of calls; returns its phase figures. */
  const flood = async (name, items, timeoutMs) => {
    const txs = await signAll(api, items);
    const from = (await bestNumber(api)) + 1;
    const submitSeconds = await submitAll(api, txs);
    const including = await awaitIncluded(api, name, txs, from, timeoutMs);
    const figures = await phase(api, name, including, { submitSeconds });
    log(`${name}: ${figures.extrinsics} in ${figures.blocks} blocks (#${figures.firstBlock}–#${figures.lastBlock}), `
      + `${figures.perSecond.toFixed(1)}/s`);
    return figures;
  };

  // Money for fees and escrow; meters pay no fee for accepted readings but must exist to sign.
  const fund = (accounts, amount) => [
    api.tx.utility.batchAll(accounts.map((who) => api.tx.balances.transferKeepAlive(who.address, amount * unit))),
    alice,
  ];
  await flood('funding', [
    fund(households.map((h) => h.account), 100n),
    fund(households.map((h) => h.meter), 10n),
    fund(senders, 100n),
  ], 60_000);

  // 1. The reference: plain transfers around a ring of senders.
  const transfers = await flood('transfers', interleave(senders, perSender, (i) =>
    api.tx.balances.transferKeepAlive(senders[(i + 1) % senders.length].address, unit / 1000n)), 180_000);

  // 2. The market. Agents publish; each seller's meter reports a full battery for the slot
  // that just ended, which mints its energy.
  const now = await status(api);
  const publish = await flood('publishInfo', households.map((h) => [
    api.tx.market.publishInfo(h.kind, h.endpoint, h.agent.publicKey), h.account,
  ]), 60_000);
  const mint = await flood('submitReading (mint)', sellers.map((h) => [
    api.tx.meterReadings.submitReading(now.slot - 1, {
      importedWh: 0, exportedWh: 0, stateOfChargeWh: INSTALLATION.batteryCapacityWh,
    }),
    h.meter,
  ]), 60_000);

  // Offers: signed now, submitted as soon as a negotiation phase has room for them and the
  // operator has priced its delivery slot (once the phase is known, the price cannot come too
  // late: a slot that has started cannot be priced).
  const offerTxs = await signAll(api, interleave(sellers.map((h) => h.account), OFFERS_PER_SELLER, () =>
    api.tx.market.makeOffer(ENERGY_WH * BUYERS, floorPrice)));
  const waiting = await status(api);
  log(`waiting for a negotiation phase with ${OFFER_ROOM_MS / 1000} s left `
    + `(slot ${waiting.slot} is in ${waiting.phase}, ends in ${Math.round((waiting.slotEndsAt - Date.now()) / 1000)} s)`);
  const trading = await awaitNegotiation(api, OFFER_ROOM_MS);
  const delivery = trading.slot + 1;
  await flood('setGridPrices', [[api.tx.market.setGridPrices(delivery, { importPrice, feedInPrice }), eve]], OFFER_ROOM_MS);
  let from = (await bestNumber(api)) + 1;
  let submitSeconds = await submitAll(api, offerTxs);
  const offers = await phase(api, 'makeOffer', await awaitIncluded(api, 'makeOffer', offerTxs, from, OFFER_ROOM_MS), {
    submitSeconds,
  });
  log(`makeOffer: ${offers.extrinsics} offers for slot ${delivery} in ${offers.blocks} blocks`);

  // The agreements, signed by each buyer's agent then by the seller, before the window opens.
  const open = await api.call.marketApi.offers(delivery);
  if (open.length !== SELLERS * OFFERS_PER_SELLER) {
    throw new Error(`expected ${SELLERS * OFFERS_PER_SELLER} open offers for slot ${delivery}, found ${open.length}`);
  }
  // By public key: the chain's addresses need not use the keyring's SS58 prefix.
  const offersOf = new Map(sellers.map((h) => [hex(h.account.publicKey), []]));
  for (const offer of open) offersOf.get(offer.seller.toHex()).push(offer.id.toNumber());
  /** The terms of `buyer`'s agreement on seller `i`'s offer, signed by the buyer's agent. */
  const signedTerms = (i, offer, buyer) => {
    const seller = sellers[i].account.address;
    const terms = { offer, slot: delivery, seller, buyer: buyer.account.address, energyWh: ENERGY_WH, price };
    return { buyer: buyer.account.address, energy: ENERGY_WH, price, signature: signAgreement(api, buyer.agent, terms) };
  };
  const offerOf = (i, k) => offersOf.get(hex(sellers[i].account.publicKey))[k];
  const agreementTxs = await signAll(api, BATCH
    ? interleave(sellers.map((h) => h.account), OFFERS_PER_SELLER, (i, k) => api.tx.market.allowTransactions(
      offerOf(i, k), buyers.map((buyer) => signedTerms(i, offerOf(i, k), buyer))))
    : interleave(sellers.map((h) => h.account), OFFERS_PER_SELLER * BUYERS, (i, k) => {
      const t = signedTerms(i, offerOf(i, Math.floor(k / BUYERS)), buyers[k % BUYERS]);
      return api.tx.market.allowTransaction(offerOf(i, Math.floor(k / BUYERS)), t.buyer, t.energy, t.price, t.signature);
    }));
  const perExtrinsic = BATCH ? BUYERS : 1;
  log(`${agreementTxs.length} agreements signed; waiting for the recording window of slot ${trading.slot}`);
  await awaitRecording(api, trading.slot);
  from = (await bestNumber(api)) + 1;
  submitSeconds = await submitAll(api, agreementTxs);
  const recordCall = BATCH ? 'allowTransactions' : 'allowTransaction';
  const agreements = await phase(api, recordCall,
    await awaitIncluded(api, recordCall, agreementTxs, from, RECORDING_MS + 30_000), { submitSeconds });
  const recorded = (await api.query.market.agreements.keys()).length;
  if (recorded !== AGREEMENTS) throw new Error(`${recorded} agreements recorded, expected ${AGREEMENTS}`);
  log(`${recordCall}: ${recorded} agreements in ${agreements.extrinsics} extrinsics and ${agreements.blocks} blocks, `
    + `${(agreements.perSecond * perExtrinsic).toFixed(1)} agreements/s`);

  // 3. Delivery as agreed: sellers export what they sold, buyers import what they bought.
  const sold = OFFERS_PER_SELLER * BUYERS * ENERGY_WH;
  const bought = SELLERS * OFFERS_PER_SELLER * ENERGY_WH;
  const deliveryEnds = (await status(api)).slotEndsAt + SLOT_MS;
  log(`waiting about ${Math.round((deliveryEnds - Date.now()) / 1000)} s for delivery slot ${delivery} to end`);
  await awaitSlotAfter(api, delivery);
  const readingTxs = await signAll(api, households.map((h) => [
    api.tx.meterReadings.submitReading(delivery, h.kind === 'Seller'
      ? { importedWh: 0, exportedWh: sold, stateOfChargeWh: INSTALLATION.batteryCapacityWh - sold }
      : { importedWh: bought, exportedWh: 0, stateOfChargeWh: 0 }),
    h.meter,
  ]));
  from = (await bestNumber(api)) + 1;
  submitSeconds = await submitAll(api, readingTxs);
  const readings = await phase(api, 'submitReading (delivery)',
    await awaitIncluded(api, 'submitReading (delivery)', readingTxs, from, 60_000), { submitSeconds });
  log(`delivery readings: ${readings.extrinsics} in ${readings.blocks} blocks; the chain settles in on_idle`);
  const settledRun = await awaitSettled(api, from, AGREEMENTS, 600_000);
  const settlement = await phase(api, 'settlement (on_idle)', settledRun.including, { transactions: false });
  log(`settled ${settledRun.settled} agreements in ${settlement.blocks} blocks, ${settledRun.delivered} Wh delivered, `
    + `${settledRun.penalties} penalties`);
  if (settledRun.delivered !== AGREEMENTS * ENERGY_WH || settledRun.penalties !== 0) {
    throw new Error(`settlement delivered ${settledRun.delivered} Wh with ${settledRun.penalties} penalties; `
      + `expected ${AGREEMENTS * ENERGY_WH} Wh and none`);
  }

  // Results.
  const phases = [transfers, publish, mint, offers, agreements, readings, settlement];
  const authoring = authoringTimes(readFileSync(join(node.base, 'node.log'), 'utf8'));
  for (const p of phases) {
    const times = p.perBlock.filter(({ block }) => authoring.has(block)).map(({ block }) => authoring.get(block));
    p.authorMsMax = times.length ? Math.max(...times) : null;
  }
  // Agreements against transfers: one each per extrinsic, or an offer's agreements per batch.
  const agreementsPerSecond = agreements.perSecond * perExtrinsic;
  const agreementsByWeight = {
    perBlock: agreements.byWeight.perBlock * perExtrinsic,
    perSecond: agreements.byWeight.perSecond * perExtrinsic,
  };
  const ratio = agreementsPerSecond / transfers.perSecond;
  const capacityRatio = agreementsByWeight.perSecond / transfers.byWeight.perSecond;
  // The heaviest block of recording or settlement, against the block's whole weight (all
  // classes: on_idle's settlement is mandatory weight); recording is normal-class weight, so
  // its share of what normal transactions may fill is reported too.
  const maxWeightPct = Math.max(agreements.weight.allClassesMaxPct, settlement.weight.allClassesMaxPct);
  const maxNormalPct = agreements.weight.normalMaxPct;
  // Everything recording and settling cost (with the base weight of the blocks they were in),
  // as a share of what the blocks of a five-minute window can take.
  const windowBlocks = BigInt((TARGET_WINDOW_S * 1000) / blockMillis(api));
  const used = BigInt(agreements.weight.allClassesRefTime) + BigInt(settlement.weight.allClassesRefTime);
  const windowWeightPct = percent(used, windowBlocks * weightLimits(api).block);
  const endToEnd = ((await readBlock(api, settlement.lastBlock)).timestamp
    - (await readBlock(api, agreements.firstBlock - 1)).timestamp) / 1000;
  const targets = {
    ratio: { target: `≥ ${TARGET_RATIO}`, value: ratio, pass: ratio >= TARGET_RATIO },
    ratioByWeight: { target: `≥ ${TARGET_RATIO}`, value: capacityRatio, pass: capacityRatio >= TARGET_RATIO },
    window: {
      target: `record + settle ≤ ${TARGET_WINDOW_S} s`,
      value: agreements.seconds + settlement.seconds,
      pass: agreements.seconds + settlement.seconds <= TARGET_WINDOW_S,
    },
    maxBlockWeight: { target: `< ${TARGET_WEIGHT_PCT} %`, value: maxWeightPct, pass: maxWeightPct < TARGET_WEIGHT_PCT },
    windowWeight: {
      target: `< ${TARGET_WEIGHT_PCT} % of a ${TARGET_WINDOW_S} s window`,
      value: windowWeightPct,
      pass: windowWeightPct < TARGET_WEIGHT_PCT,
    },
  };
  const results = {
    date: new Date().toISOString(),
    node: NODE_BIN,
    parameters: {
      sellers: SELLERS, offersPerSeller: OFFERS_PER_SELLER, buyers: BUYERS, agreements: AGREEMENTS,
      energyWh: ENERGY_WH, senders: senders.length, transfersPerSender: perSender,
      record: options.record, agreementsPerExtrinsic: perExtrinsic,
      slotMillis: SLOT_MS, recordingMillis: RECORDING_MS, tradingSlot: trading.slot, deliverySlot: delivery,
    },
    phases,
    agreementsPerSecond,
    agreementsByWeight,
    ratio,
    ratioByWeight: capacityRatio,
    agreements: {
      recorded: { blocks: agreements.blocks, seconds: agreements.seconds },
      settled: { blocks: settlement.blocks, seconds: settlement.seconds },
      firstRecordedToLastSettledSeconds: endToEnd,
      maxBlockWeightPct: maxWeightPct,
      maxNormalClassPct: maxNormalPct,
      windowWeightPct,
    },
    targets,
    runSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);

  const verdict = ({ pass, target }) => `[${pass ? 'PASS' : 'FAIL'}: ${target}]`;
  console.log();
  printPhases(phases);
  console.log();
  console.log(`agreements/s ÷ transfers/s: ${agreementsPerSecond.toFixed(1)} ÷ ${transfers.perSecond.toFixed(1)}`
    + ` = ${ratio.toFixed(2)} ${verdict(targets.ratio)}`
    + (BATCH ? ` (${agreements.extrinsics} extrinsics of ${perExtrinsic} agreements)` : ''));
  if (agreements.blocks === 1 && transfers.blocks === 1) {
    console.log('  both floods fit in one block: each was included at the pace of one block per block time');
  }
  console.log(`by weight (blocks filled to the normal-class limit): ${agreementsByWeight.perSecond.toFixed(1)} ÷ `
    + `${transfers.byWeight.perSecond.toFixed(1)} = ${capacityRatio.toFixed(2)} ${verdict(targets.ratioByWeight)}; `
    + `a block holds ${Math.floor(agreementsByWeight.perBlock)} agreements or ${Math.floor(transfers.byWeight.perBlock)} transfers`);
  console.log(`${AGREEMENTS} agreements recorded in ${agreements.blocks} blocks (${agreements.seconds.toFixed(1)} s), `
    + `settled in ${settlement.blocks} blocks (${settlement.seconds.toFixed(1)} s), max block weight ${maxWeightPct.toFixed(2)} % `
    + `(recording: ${maxNormalPct.toFixed(2)} % of the normal class)`);
  console.log(`  record + settle ${targets.window.value.toFixed(1)} s ${verdict(targets.window)}; `
    + `max block weight ${verdict(targets.maxBlockWeight)}; `
    + `${windowWeightPct.toFixed(2)} % of a ${TARGET_WINDOW_S} s window's block weight ${verdict(targets.windowWeight)}`);
  console.log(`  first recorded to last settled, with the delivery slot in between: ${endToEnd.toFixed(1)} s`);
  console.log(`results: ${outPath} (run took ${results.runSeconds.toFixed(0)} s)`);
}

async function cleanup() {
  await api?.disconnect().catch(() => {});
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
}

await runScript('market-throughput', { run, cleanup, node: () => node, log });
