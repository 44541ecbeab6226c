// How much of a block the households' agents inside a node take (not a test: it prints figures
// and only fails when something errors). For each count of agents (1, 10 and 64 by default),
// side by side in one run, a fresh dev node of a `dev-microgrid-64` chain trades three
// compressed market slots: that many households run their buying and selling agents in the
// node's offchain worker (their `agnt` keys in its keystore, the node's RPC as their published
// endpoint), the other households run in one standalone `energy-agent households` process, the
// grid operator prices the slots and the meter simulator serves the 64 meters. So the node's
// agents negotiate with each other and with the standalone ones, as a micro-grid would.
//
// From the node's log (`-l market-agent=debug`) it reports, per count: the offchain worker's
// time per block running the agents (mean, 95th percentile, most), the agreements the node's
// agents made and recorded, and whether blocks still came on time (the longest gap between
// two blocks' timestamps; a block is 6 s). And the market's welfare share on the same simulated
// hours, count 0 (every household standalone) the baseline: the welfare of the agreements the
// chain recorded (each one's energy at the slot's import price less the offer's floor) against
// that of the optimal clearing of the same slot's offers (from the chain) and the buyers' needs
// (what the node's log and the standalone process say each buyer set out to buy), both agents
// on the same strategy (paper).
//
// Then the node's inbox under load: with 10 households' agents in the node and the other 54
// published as buyers, `energy-agent flood` has those 54 call on the node's offers as fast as
// the inbox answers for `--flood-seconds`, while the node's agents trade; it reports the
// messages a second the inbox took (each answered or refused after the runtime read the
// offer's agent) and the longest gap between blocks meanwhile.
//
// Usage: ENERGY_NODE_BIN=… node js/agents-in-node.mjs [--agents 0,1,10,64] [--slots 3]
//          [--flood-seconds 20] (0: no flood; `--agents ''`: the flood alone)
// (scripts/agents-in-node.sh builds the node and sets ENERGY_NODE_BIN). Uses ports of index 92
// (RPC 10036), 8792 and 8793.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { hex } from './lib/chain.mjs';
import { bestNumber, printTable, runScript, signAll, submitAll } from './lib/flood.mjs';
import { awaitSlotAfter } from './lib/market.mjs';
import { besideNode, runTool, startAlice } from './lib/network.mjs';

const INDEX = 92;
const HOUSEHOLDS = 64;
const METER_PORT = 8792;
const AGENTS_PORT = 8793;
/** 2026-06-21 11:00 UTC, the model hour of the first delivery slot: PV and batteries have energy. */
const FIRST_HOUR = 20_625 * 24 + 11;
/** What an agent account gets for its fees: ten units, as a meter in the chain spec. */
const AGENT_FUNDS = 10n ** 13n;

const { values: options } = parseArgs({
  options: {
    agents: { type: 'string', default: '0,1,10,64' },
    slots: { type: 'string', default: '3' },
    'flood-seconds': { type: 'string', default: '20' },
  },
});
// `--agents ''`: the flood alone.
const COUNTS = options.agents === '' ? [] : options.agents.split(',').map(Number);
const SLOTS = Number(options.slots);
const FLOOD_SECONDS = Number(options['flood-seconds']);
/** The node's households in the flood run; the others flood its inbox. */
const FLOOD_AGENTS = 10;
if (COUNTS.some((n) => !Number.isInteger(n) || n < 0 || n > HOUSEHOLDS) || !(SLOTS >= 1)) {
  console.error(`--agents takes counts from 0 to ${HOUSEHOLDS}, --slots a positive number`);
  process.exit(2);
}

const log = (message) => console.log(`[agents-in-node] ${message}`);
const root = mkdtempSync(join(tmpdir(), 'energy-agents-in-node-'));
let node;
let api;
let children = [];

/** `values` sorted, and the value at share `q` of them. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
};

/** The longest gap between consecutive blocks from `first` to `last`, in seconds. */
async function longestGap(first, last) {
  let previous;
  let longest = 0;
  for (let n = first; n <= last; n += 1) {
    const timestamp = (await api.query.timestamp.now.at(await api.rpc.chain.getBlockHash(n))).toNumber();
    if (previous !== undefined) longest = Math.max(longest, timestamp - previous);
    previous = timestamp;
  }
  return longest / 1000;
}

/** The value of `energyWh` at `pricePerKwh`, in the chain's smallest unit. */
const value = (energyWh, pricePerKwh) => (BigInt(energyWh) * BigInt(pricePerKwh)) / 1000n;

/**
 * The market's welfare in blocks `first` to `last`, and the optimum, by delivery slot: each
 * recorded agreement's energy at the import price less its offer's floor; the optimum clears
 * the slot's offers, cheapest floor first, against what the buyers set out to buy (`needs`:
 * slot -> Wh), every buyer bidding the import price.
 */
async function welfare(first, last, needs) {
  const offers = new Map();
  const agreements = [];
  for (let n = first; n <= last; n += 1) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of await at.query.system.events()) {
      if (event.section !== 'market') continue;
      if (event.method === 'OfferMade') {
        offers.set(event.data.offer.toNumber(), { slot: event.data.slot.toNumber(), energy: event.data.energy.toNumber(), floor: event.data.floorPrice.toBigInt() });
      }
      if (event.method === 'AgreementRecorded') {
        agreements.push({ offer: event.data.offer.toNumber(), slot: event.data.slot.toNumber(), energy: event.data.energy.toNumber() });
      }
    }
  }
  let achieved = 0n;
  let optimum = 0n;
  for (const slot of new Set([...offers.values()].map((o) => o.slot))) {
    const prices = (await api.query.market.slotGridPrices(slot)).unwrap();
    const cap = prices.importPrice.toBigInt();
    for (const a of agreements.filter((x) => x.slot === slot)) achieved += value(a.energy, cap - offers.get(a.offer).floor);
    let need = needs.get(slot) ?? 0;
    for (const o of [...offers.values()].filter((x) => x.slot === slot && x.floor < cap).sort((x, y) => (x.floor < y.floor ? -1 : 1))) {
      const take = Math.min(need, o.energy);
      optimum += value(take, cap - o.floor);
      need -= take;
    }
  }
  return { achieved: Number(achieved), optimum: Number(optimum), share: optimum > 0n ? Number(achieved) / Number(optimum) : 0 };
}

/**
 * One run: `count` households' agents in the node, the rest standalone; or, with `flood`, the
 * rest published as buyers only, flooding the node's inbox in the second slot.
 */
async function measure(count, flood = false) {
  const base = join(root, `agents-${count}`);
  mkdirSync(base, { recursive: true });
  ({ node, api } = await startAlice({
    chain: `dev-microgrid-${HOUSEHOLDS}`,
    index: INDEX,
    root: base,
    extraArgs: ['--meter-url', `http://127.0.0.1:${METER_PORT}`, '-l', 'market-agent=debug'],
  }));
  const keyring = new Keyring({ type: 'sr25519' });
  for (let n = 1; n <= HOUSEHOLDS; n += 1) {
    const meter = keyring.addFromUri(`//Meter${n}`);
    await node.rpc('author_insertKey', ['metr', `//Meter${n}`, hex(meter.publicKey)]);
  }
  // The node's households: their agent keys into the keystore; each household, in one batch,
  // authorizes its agent's account, pays it for its fees and publishes the key at the node's
  // RPC address.
  const inbox = `http://127.0.0.1:${node.rpcPort}`;
  const batches = [];
  if (flood) {
    // The flooding buyers: published, so the inbox checks their messages in full.
    for (let n = count + 1; n <= HOUSEHOLDS; n += 1) {
      const key = keyring.addFromUri(`//Household${n}//agent`);
      batches.push([api.tx.market.publishInfo('Buyer', 'http://127.0.0.1:9', hex(key.publicKey)), keyring.addFromUri(`//Household${n}`)]);
    }
  }
  for (let n = 1; n <= count; n += 1) {
    const uri = `//Household${n}//agent`;
    const agent = keyring.addFromUri(uri);
    await node.rpc('author_insertKey', ['agnt', uri, hex(agent.publicKey)]);
    const household = keyring.addFromUri(`//Household${n}`);
    batches.push([api.tx.utility.batchAll([
      api.tx.market.authorizeAgent(agent.address),
      api.tx.balances.transferKeepAlive(agent.address, AGENT_FUNDS),
      api.tx.market.publishInfo('Both', inbox, hex(agent.publicKey)),
    ]), household]);
  }
  await submitAll(api, await signAll(api, batches));
  // In once every household published (the batches of the node's households publish last).
  const published = async (n) => (await api.query.market.agents(keyring.addFromUri(`//Household${n}`).address)).isSome;
  const deadline = Date.now() + 120_000;
  for (let n = 1; n <= count; n += 1) {
    while (!(await published(n))) {
      if (Date.now() > deadline) throw new Error(`household ${n}'s agent was not published in 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  const { slot } = await awaitSlotAfter(api, 0);
  const hours = ['--chain-slot', String(slot + 2), '--model-slot', String(FIRST_HOUR)];
  children = [spawn(besideNode('meter-simulator'), [
    '--listen', `127.0.0.1:${METER_PORT}`, '--households', String(HOUSEHOLDS), ...hours,
  ], { stdio: 'ignore' })];
  const first = await bestNumber(api);
  const agent = (args) => runTool(besideNode('energy-agent'), [...args, '--node', node.url, ...hours], { timeoutMs: 900_000 });
  const runs = [agent(['operator', '--slots', String(SLOTS + 2)])];
  let flooded;
  if (flood) {
    runs.push((async () => {
      // The second trading slot, once the node's offers are in.
      await awaitSlotAfter(api, slot + 1);
      for (;;) {
        const offers = await node.rpc('market_offers', []);
        if (offers.some((offer) => offer.endpoint === inbox)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      const from = await bestNumber(api);
      const run = await runTool(besideNode('energy-agent'), ['flood', '--node', node.url, '--households', String(HOUSEHOLDS),
        '--buyers', `${count + 1}-${HOUSEHOLDS}`, '--endpoint', inbox, '--seconds', String(FLOOD_SECONDS)], { timeoutMs: 120_000 });
      const to = await bestNumber(api);
      flooded = { run, gap: await longestGap(from, to), blocks: to - from };
      return run;
    })());
  } else if (count < HOUSEHOLDS) {
    runs.push(agent(['households', '--households', String(HOUSEHOLDS), '--slots', String(SLOTS),
      '--host', `${count + 1}-${HOUSEHOLDS}`, '--listen', `127.0.0.1:${AGENTS_PORT}`]));
  }
  const results = await Promise.all(runs);
  for (const run of results) {
    if (run.code !== 0) throw new Error(`energy-agent failed:\n${run.stderr}\n${run.stdout}`);
  }
  const last = await bestNumber(api);

  // The node's log: the worker's time per block, and what its agents did.
  const text = readFileSync(node.logPath, 'utf8');
  const times = [...text.matchAll(/agents of (\d+) key\(s\) ran in (\d+) ms/g)].map((m) => Number(m[2]));
  const bought = [...text.matchAll(/needs (\d+) Wh, agreed \d+ Wh in (\d+) agreement\(s\), (\d+) message\(s\), for slot (\d+)/g)];
  const recorded = [...text.matchAll(/recording (\d+) agreement\(s\) of offer/g)];
  const offers = [...text.matchAll(/: offered \d+ Wh at no less than/g)].length;
  const figures = {
    agents: count,
    blocks: times.length,
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    p95Ms: quantile(times, 0.95),
    maxMs: Math.max(0, ...times),
    offers,
    bought: bought.reduce((sum, m) => sum + Number(m[2]), 0),
    messages: bought.reduce((sum, m) => sum + Number(m[3]), 0),
    recorded: recorded.reduce((sum, m) => sum + Number(m[1]), 0),
    // Blocks on time: the longest gap between consecutive blocks of the run.
    longestGapS: await longestGap(first, last),
  };
  if (!flood) {
    // What every buyer set out to buy, by delivery slot: the node's and the standalone ones.
    const needs = new Map();
    const add = (slot, wh) => needs.set(slot, (needs.get(slot) ?? 0) + wh);
    for (const m of bought) add(Number(m[4]), Number(m[1]));
    const standalone = results.find((run) => run.stdout.includes('its buyers set out to buy'));
    for (const m of standalone?.stdout.matchAll(/slot (\d+): (\d+) Wh/g) ?? []) add(Number(m[1]), Number(m[2]));
    Object.assign(figures, await welfare(first, last, needs));
  }
  if (flooded) {
    const said = flooded.run.stdout.match(/for ([\d.]+) s: (\d+) messages a second; (\d+) answered, refused: (.*), (\d+) unanswered/);
    if (!said) throw new Error(`no summary from the flood: ${flooded.run.stdout}`);
    Object.assign(figures, {
      floodSeconds: Number(said[1]),
      floodPerSecond: Number(said[2]),
      floodAnswered: Number(said[3]),
      floodRefused: said[4],
      floodUnanswered: Number(said[5]),
      floodBlocks: flooded.blocks,
      floodLongestGapS: flooded.gap,
    });
  }
  for (const child of children) child.kill('SIGINT');
  children = [];
  await api.disconnect();
  await node.stop();
  node = undefined;
  return figures;
}

async function run() {
  await cryptoWaitReady();
  const rows = [];
  for (const count of COUNTS) {
    log(`${count} household(s) trading from inside the node, ${HOUSEHOLDS - count} standalone, ${SLOTS} slot(s)`);
    const f = await measure(count);
    log(`${count}: ${JSON.stringify(f)}`);
    rows.push(f);
  }
  let flood;
  if (FLOOD_SECONDS > 0) {
    log(`the inbox flooded: ${FLOOD_AGENTS} households in the node, ${HOUSEHOLDS - FLOOD_AGENTS} buyers flooding for ${FLOOD_SECONDS} s`);
    flood = await measure(FLOOD_AGENTS, true);
    log(`flood: ${JSON.stringify(flood)}`);
  }
  console.log();
  printTable(
    ['agents in the node', 'blocks', 'worker ms/block: mean', 'p95', 'max', 'offers', 'bought', 'messages', 'recorded', 'longest block gap s', 'welfare EUR', 'optimum EUR', 'welfare share'],
    rows.map((f) => [f.agents, f.blocks, f.meanMs.toFixed(0), f.p95Ms, f.maxMs, f.offers, f.bought, f.messages, f.recorded, f.longestGapS.toFixed(1),
      (f.achieved / 1e12).toFixed(4), (f.optimum / 1e12).toFixed(4), `${(100 * f.share).toFixed(1)}%`].map(String)),
  );
  if (flood) {
    console.log();
    console.log(`inbox flood: ${flood.floodPerSecond} messages a second for ${flood.floodSeconds} s `
      + `(${flood.floodAnswered} answered, refused ${flood.floodRefused}, ${flood.floodUnanswered} unanswered); `
      + `${flood.floodBlocks} blocks meanwhile, longest gap ${flood.floodLongestGapS.toFixed(1)} s; `
      + `the node's agents meanwhile: worker ${flood.meanMs.toFixed(0)} ms/block (max ${flood.maxMs}), ${flood.bought} bought, ${flood.recorded} recorded`);
  }
}

async function cleanup() {
  for (const child of children) child.kill('SIGINT');
  await api?.disconnect().catch(() => {});
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
}

await runScript('agents-in-node', { run, cleanup, node: () => node, log });
