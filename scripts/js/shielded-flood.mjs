// Private transactions flooding a node while the market records its agreements (not a test: it
// prints figures and only fails when something errors). On one dev node whose genesis admits the
// sellers, buyers, their meters and the grid operator (Eve), three recording windows side by side:
//  1. quiet: only the market's agreements, one `allow_transaction` each;
//  2. invalid: the same, while the shielded pool is flooded with private transfers that carry a
//     valid proof-of-work stamp but a forged ring signature: each passes every cheap check, so
//     the node verifies it in full before it refuses it (the attack of issue 17, item 11);
//  3. valid: the same, while the pool is flooded with valid private transfers that pay the fee
//     their shape costs (item 10: they must not starve the market).
// `energy-pool-flood` (a binary of the energy-wallet crate) builds the private
// transactions beforehand, so building and stamping them takes no CPU during the windows.
//
// For each window it reports the blocks the node produced and how far apart (the block time is
// 6 s), the node's authoring time, the share of the agreements that landed in the window, and
// the private transactions submitted per second, refused and included.
//
// Usage: ENERGY_NODE_BIN=… ENERGY_POOL_FLOOD_BIN=… node js/shielded-flood.mjs [--out FILE]
//          [--sellers 10] [--buyers 20] [--slot-ms 90000] [--recording-ms 30000]
//          [--valid 150] [--invalid 600]
// (scripts/shielded-flood.sh builds both and sets the variables). Uses ports of index 91 (RPC
// 10035). Results also go, as JSON, to --out, $SHIELDED_FLOOD_OUT or shielded-flood.json in
// $TMPDIR (or /tmp).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
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

const INDEX = 91;
const INSTALLATION = SIMULATOR_INSTALLATION;
const FLOOD_BIN = process.env.ENERGY_POOL_FLOOD_BIN;
/** Watt-hours of one agreement. */
const AGREEMENT_WH = 50;
/** Negotiation time the grid prices and then the offers need on chain: a few blocks. */
const OFFER_ROOM_MS = 36_000;
/** Private transactions in flight at once while flooding. */
const FLOOD_IN_FLIGHT = 64;

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: process.env.SHIELDED_FLOOD_OUT },
    sellers: { type: 'string', default: '10' },
    buyers: { type: 'string', default: '20' },
    'slot-ms': { type: 'string', default: '90000' },
    'recording-ms': { type: 'string', default: '30000' },
    valid: { type: 'string', default: '150' },
    invalid: { type: 'string', default: '600' },
  },
});
const SELLERS = Number(options.sellers);
const BUYERS = Number(options.buyers);
const SLOT_MS = Number(options['slot-ms']);
const RECORDING_MS = Number(options['recording-ms']);
const VALID = Number(options.valid);
const INVALID = Number(options.invalid);

function checkParameters() {
  const problems = [];
  for (const [name, value] of Object.entries({ SELLERS, BUYERS, SLOT_MS, RECORDING_MS, VALID, INVALID })) {
    if (!Number.isInteger(value) || value <= 0) problems.push(`${name} must be a positive integer`);
  }
  if (2 + 2 * (SELLERS + BUYERS) > 128) problems.push('households and their meters exceed the 128 members');
  if (BUYERS > 64) problems.push('at most 64 buyers per offer');
  if (SLOT_MS - RECORDING_MS < OFFER_ROOM_MS) problems.push(`negotiation must last at least ${OFFER_ROOM_MS} ms`);
  if (3 * BUYERS * AGREEMENT_WH > INSTALLATION.batteryCapacityWh) problems.push('too many buyers for a seller\'s battery');
  if (problems.length) throw new Error(`bad parameters: ${problems.join('; ')}`);
}

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
const mean = (values) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);

/**
 * Submit raw extrinsics (hex) as fast as the node takes them until `deadline` (ms): how many were
 * submitted, accepted into the pool and refused (by the node's reason), and the seconds it took.
 */
async function floodRaw(api, extrinsics, deadline) {
  const begin = Date.now();
  const refused = new Map();
  let accepted = 0;
  let next = 0;
  const worker = async () => {
    while (next < extrinsics.length && Date.now() < deadline) {
      const extrinsic = extrinsics[next];
      next += 1;
      try {
        await api.rpc.author.submitExtrinsic(extrinsic);
        accepted += 1;
      } catch (error) {
        const reason = poolError(api, error.message.replace(/^\d+: /, ''));
        refused.set(reason, (refused.get(reason) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FLOOD_IN_FLIGHT, extrinsics.length) }, worker));
  const submitted = accepted + [...refused.values()].reduce((sum, count) => sum + count, 0);
  return { submitted, accepted, refused: Object.fromEntries(refused), seconds: (Date.now() - begin) / 1000 };
}

/**
 * The transaction pool's refusal `message` with the shielded pool's error named: its unsigned
 * validation reports a pallet error as `Custom error: <the error's index>`.
 */
function poolError(api, message) {
  const match = message.match(/Custom error: (\d+)/);
  const pallet = api.registry.metadata.pallets.find(({ name }) => name.toString() === 'ShieldedPool');
  if (!match || !pallet) return message;
  try {
    const { name } = api.registry.findMetaError(new Uint8Array([pallet.index.toNumber(), Number(match[1])]));
    return `${message} (ShieldedPool.${name})`;
  } catch {
    return message;
  }
}

/** Submit signed transactions, counting those the pool refuses instead of failing. */
async function submitCounting(api, txs) {
  let refused = 0;
  await Promise.all(txs.map((tx) => api.rpc.author.submitExtrinsic(tx).catch(() => { refused += 1; })));
  return refused;
}

const root = mkdtempSync(join(tmpdir(), 'energy-shielded-flood-'));
const outPath = options.out ?? join(tmpdir(), 'shielded-flood.json');
let node;
let api;

async function run() {
  checkParameters();
  if (!NODE_BIN || !FLOOD_BIN) {
    throw new Error('set ENERGY_NODE_BIN and ENERGY_POOL_FLOOD_BIN (scripts/shielded-flood.sh does)');
  }
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const account = (name) => keyring.addFromUri(`//${name}`, { name });
  const alice = account('Alice');
  const eve = account('Eve');
  const flooder = account('Flooder');
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
  const agreementsPerWindow = SELLERS * BUYERS;

  log(`${SELLERS} sellers × ${BUYERS} buyers = ${agreementsPerWindow} agreements a window; slots of `
    + `${SLOT_MS / 1000} s, recording ${RECORDING_MS / 1000} s; ${VALID} valid and ${INVALID} invalid private transfers`);
  const chain = patchedSpec(root, 'dev', {
    ...householdsGenesis([[alice.address, 'validator'], [eve.address, 'gridOperator']], households, INSTALLATION),
    market: { slotMillis: SLOT_MS, recordingMillis: RECORDING_MS },
  }, 'shielded-flood');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
  log(`node up: ${node.logPath}, RPC ${node.url}`);
  const blockMs = 2 * api.consts.timestamp.minimumPeriod.toNumber();

  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  const perKwh = (milli) => (BigInt(milli) * unit) / 1000n;
  const importPrice = perKwh(300);
  const feedInPrice = perKwh(50);
  const floorPrice = perKwh(100);
  const price = perKwh(200);

  /** Sign, submit and wait for a group of calls. */
  const flood = async (name, items, timeoutMs) => {
    const txs = await signAll(api, items);
    const from = (await bestNumber(api)) + 1;
    await submitAll(api, txs);
    await awaitIncluded(api, name, txs, from, timeoutMs);
  };
  const fund = (accounts, amount) => [
    api.tx.utility.batchAll(accounts.map((who) => api.tx.balances.transferKeepAlive(who.address, amount * unit))),
    alice,
  ];
  await flood('funding', [
    fund(households.map((h) => h.account), 100n),
    fund(households.map((h) => h.meter), 10n),
    fund([flooder], 5_000n),
  ], 60_000);
  const now = await status(api);
  await flood('publishInfo', households.map((h) => [
    api.tx.market.publishInfo(h.kind, h.endpoint, h.agent.publicKey), h.account,
  ]), 60_000);
  await flood('submitReading', sellers.map((h) => [
    api.tx.meterReadings.submitReading(now.slot - 1, {
      importedWh: 0, exportedWh: 0, stateOfChargeWh: INSTALLATION.batteryCapacityWh,
    }),
    h.meter,
  ]), 60_000);

  log(`energy-pool-flood prepares ${VALID} valid and ${INVALID} invalid private transfers`);
  const prepared = join(root, 'prepared.json');
  await promisify(execFile)(FLOOD_BIN, [
    '--url', node.url, '--suri', '//Flooder', '--valid', String(VALID), '--invalid', String(INVALID),
    '--out', prepared,
  ], { timeout: 900_000, maxBuffer: 1 << 26 });
  const transactions = JSON.parse(readFileSync(prepared, 'utf8'));
  log(`prepared: ${transactions.valid.length} valid, ${transactions.invalid.length} invalid; a stamp of `
    + `${transactions.stampBits} bits took ${transactions.stampMillis.toFixed(1)} ms, proving and signing a transfer `
    + `${transactions.buildMillis.toFixed(1)} ms`);

  /** One recording window: the market's agreements, beside a flood of `extrinsics` (hex). */
  const window = async (name, extrinsics) => {
    const trading = await awaitNegotiation(api, OFFER_ROOM_MS);
    const delivery = trading.slot + 1;
    await flood('setGridPrices', [[api.tx.market.setGridPrices(delivery, { importPrice, feedInPrice }), eve]], OFFER_ROOM_MS);
    await flood('makeOffer', sellers.map((h) => [api.tx.market.makeOffer(AGREEMENT_WH * BUYERS, floorPrice), h.account]),
      OFFER_ROOM_MS);
    const offerOf = new Map();
    for (const offer of await api.call.marketApi.offers(delivery)) offerOf.set(offer.seller.toHex(), offer.id.toNumber());
    const agreementTxs = await signAll(api, interleave(sellers.map((h) => h.account), BUYERS, (i, k) => {
      const seller = sellers[i].account.address;
      const buyer = buyers[k];
      const offer = offerOf.get(hex(sellers[i].account.publicKey));
      const terms = { offer, slot: delivery, seller, buyer: buyer.account.address, energyWh: AGREEMENT_WH, price };
      return api.tx.market.allowTransaction(offer, buyer.account.address, AGREEMENT_WH, price,
        signAgreement(api, buyer.agent, terms));
    }));
    const recording = await awaitRecording(api, trading.slot);
    const first = await bestNumber(api);
    log(`${name}: the recording window of slot ${trading.slot} is open at block #${first}`);
    // The flood first, so the market's agreements meet a pool full of it.
    const flooding = floodRaw(api, extrinsics, recording.slotEndsAt);
    await sleep(500);
    const refusedAgreements = await submitCounting(api, agreementTxs);
    const flooded = await flooding;
    await awaitSlotAfter(api, trading.slot);
    const last = await bestNumber(api);
    const blocks = [];
    for (let number = first; number <= last; number += 1) blocks.push(await readBlock(api, number));
    const inWindow = blocks.filter((block) => block.timestamp <= recording.slotEndsAt);
    let landed = 0;
    let privateIncluded = 0;
    for (const block of inWindow) {
      for (const { event } of block.events) {
        if (event.section === 'market' && event.method === 'AgreementRecorded'
          && event.data.slot.toNumber() === delivery) landed += 1;
        if (event.section === 'shieldedPool' && event.method === 'Transferred') privateIncluded += 1;
      }
    }
    const intervals = inWindow.slice(1).map((block, i) => (block.timestamp - inWindow[i].timestamp) / 1000);
    const authoring = authoringTimes(readFileSync(node.logPath, 'utf8'));
    const authorMs = inWindow.map((block) => authoring.get(block.number)).filter((ms) => ms !== undefined);
    const result = {
      name,
      tradingSlot: trading.slot,
      // A window of 30 s holds 5 or 6 blocks 6 s apart, as its ends fall.
      blocks: inWindow.length,
      meanIntervalS: mean(intervals),
      maxIntervalS: intervals.length ? Math.max(...intervals) : null,
      authorMsMean: mean(authorMs),
      authorMsMax: authorMs.length ? Math.max(...authorMs) : null,
      agreements: agreementTxs.length,
      agreementsRefused: refusedAgreements,
      agreementsLanded: landed,
      landedPct: (100 * landed) / agreementTxs.length,
      private: { ...flooded, perSecond: flooded.seconds > 0 ? flooded.submitted / flooded.seconds : 0, included: privateIncluded },
    };
    log(`${name}: ${result.blocks} blocks, mean ${result.meanIntervalS.toFixed(2)} s apart (max `
      + `${result.maxIntervalS?.toFixed(1)} s); ${landed} of ${agreementTxs.length} agreements landed; `
      + `${flooded.submitted} private submitted (${result.private.perSecond.toFixed(1)}/s), ${flooded.accepted} accepted, `
      + `${privateIncluded} included`);
    return result;
  };

  const windows = [];
  windows.push(await window('quiet', []));
  windows.push(await window('invalid flood', transactions.invalid));
  windows.push(await window('valid flood', transactions.valid));

  const results = {
    date: new Date().toISOString(),
    node: NODE_BIN,
    parameters: {
      sellers: SELLERS, buyers: BUYERS, agreementsPerWindow, slotMillis: SLOT_MS, recordingMillis: RECORDING_MS,
      valid: VALID, invalid: INVALID,
    },
    preparation: {
      stampBits: transactions.stampBits, stampMillis: transactions.stampMillis, buildMillis: transactions.buildMillis,
    },
    windows,
    runSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);

  const header = ['window', 'blocks', 'mean s', 'max s', 'author ms', 'agreements', 'landed %',
    'private sent', 'per s', 'accepted', 'included'];
  console.log();
  printTable(header, windows.map((w) => [
    w.name, w.blocks, w.meanIntervalS.toFixed(2), w.maxIntervalS?.toFixed(1) ?? '-',
    w.authorMsMax === null ? '-' : `${w.authorMsMean.toFixed(0)}/${w.authorMsMax}`,
    `${w.agreementsLanded}/${w.agreements}`, w.landedPct.toFixed(1), w.private.submitted,
    w.private.perSecond.toFixed(1), w.private.accepted, w.private.included,
  ].map(String)));
  for (const w of windows) {
    for (const [reason, count] of Object.entries(w.private.refused)) console.log(`  ${w.name}: ${count} × ${reason}`);
  }
  const [quiet, invalid, valid] = windows;
  console.log(`agreements landed under an invalid flood: ${(invalid.landedPct / quiet.landedPct).toFixed(2)} of the quiet `
    + `window's; under a valid flood: ${(valid.landedPct / quiet.landedPct).toFixed(2)}`);
  console.log(`results: ${outPath} (run took ${results.runSeconds.toFixed(0)} s)`);
}

async function cleanup() {
  await api?.disconnect().catch(() => {});
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
}

await runScript('shielded-flood', { run, cleanup, node: () => node, log });
