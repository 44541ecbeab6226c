// End-to-end private market (paper, sections 4.2 and 4.3) on a real dev node whose genesis makes
// Bob, Charlie and Dave households with smart meters, Eve the grid operator, and compresses the
// claim window to two slots. Driven by `energy-wallet market`: the consortium names the auditor
// by ballot, the households register market keys, fill the pools and make notes of exact
// amounts; in one compressed slot Bob offers 3 kWh privately, agrees off-chain with Charlie
// (1.5 kWh for 0.225 EUR) and Dave (1 kWh for 0.12 EUR), and they buy. An observer reading the
// offer's and the purchases' blocks over RPC (transactions, events, changed storage) finds no
// household's account or wallet keys and no amount; the auditor opens every amount, another key
// none. Bob's meter exports 1.5 kWh in the delivery slot: he claims Charlie's payment against it
// (Charlie stays silent), his claim of Dave's is refused, and once the claim window is over Dave
// takes his payment back while Bob's 1 kWh goes to the grid operator as the penalty. Bob takes
// the rest of his lock back; the pools' totals are what the wallets hold. Then the households'
// agents trade a slot on their own (`energy-agent private`): Bob's sells, Charlie's buys, each
// under one-time keys, Charlie's admitted to Bob's negotiation by a ring signature of its market
// key. Needs ENERGY_NODE_BIN, with `energy-wallet` and `energy-agent` beside it
// (or ENERGY_WALLET_BIN, ENERGY_AGENT_BIN); uses ports index 140 (RPC 10084).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ballot, send } from '../lib/chain.mjs';
import { awaitNegotiation, awaitSlotAfter, householdsGenesis, status } from '../lib/market.mjs';
import { besideNode, patchedSpec, runTool, startAlice } from '../lib/network.mjs';
import {
  accountSecret, amountSecret, blockAt, blockHaystacks, keySecret, leaks, storageChanges,
} from '../lib/observer.mjs';

const INDEX = 140;
const WALLET_BIN = process.env.ENERGY_WALLET_BIN ?? besideNode('energy-wallet');
const AGENT_BIN = process.env.ENERGY_AGENT_BIN ?? besideNode('energy-agent');
const UNIT = 10n ** 12n;
/** The claim window of this chain's genesis, in slots. */
const CLAIM_SLOTS = 2;
/** The grid's prices of the traded slots: 0.30 EUR a kWh imported, 0.05 fed in. */
const IMPORT_PRICE = (300n * UNIT) / 1000n;
const FEED_IN_PRICE = (50n * UNIT) / 1000n;
/** Bob's offer, and what Charlie and Dave buy of it and pay. */
const OFFERED = 3_000n;
const CHARLIE_BUYS = 1_500n;
const CHARLIE_PAYS = (225n * UNIT) / 1000n;
const DAVE_BUYS = 1_000n;
const DAVE_PAYS = (120n * UNIT) / 1000n;
/** What Bob's meter exports in the delivery slot: Charlie's energy, not Dave's. */
const EXPORTED = 1_500;
/** What the meters report stored before trading, in Wh: the energy minted to each household. */
const STORED = { Bob: 8_000, Charlie: 4_000, Dave: 4_000 };
/** Energy notes shielded: Bob's large one, then everyone's crowd notes. */
const BOB_ENERGY = 5_000n;
const CROWD_ENERGY = 500n;
/** Money notes Alice, Eve and Ferdie each shield, and Charlie and Dave one: more than a ring. */
const CROWD_MONEY = UNIT;
const CROWD_MONEY_NOTES = 5;

const root = mkdtempSync(join(tmpdir(), 'energy-private-market-'));
let node;
let api;
let url;
let alice;
let eve;
let ferdie;
/** The households: `{ name, account, meter, money, energy, market }` (wallets and market file). */
let bob;
let charlie;
let dave;
let auditorFile;
/** The money wallets of Alice, Eve and Ferdie, who only fill the pool. */
let crowdWallets;
/** Bob's offer and the agreements Charlie and Dave bought, with their blocks. */
let offer;
let charliePurchase;
let davePurchase;
let delivery;

// --- The wallet CLI ---

const walletCli = (...args) => runTool(WALLET_BIN, args);

async function walletOk(...args) {
  const { code, stdout, stderr } = await walletCli(...args);
  assert.equal(code, 0, `energy-wallet ${args.join(' ')} failed: ${stderr}`);
  return stdout;
}

function parse(pattern, text) {
  const match = text.match(pattern);
  assert.ok(match, `${JSON.stringify(text)} does not match ${pattern}`);
  return match.slice(1);
}

/** `units` of money as the wallet writes it: every significant decimal, at least two. */
function decimal(units) {
  const fraction = (units % UNIT).toString().padStart(12, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${units / UNIT}.${fraction}`;
}

async function newWallet(name) {
  const file = join(root, `${name}.wallet.json`);
  const address = await walletOk('new', '--wallet', file);
  return { file, address, view: `0x${address.slice(2, 66)}`, spend: `0x${address.slice(66)}` };
}

/** The balance `scan` finds in `wallet` (of `asset`), in plancks or Wh. */
async function scanned(wallet, asset = 'money') {
  const out = await walletOk('--asset', asset, 'scan', '--wallet', wallet.file, '--url', url);
  if (asset === 'energy') return BigInt(parse(/^balance (\d+) Wh$/m, out)[0]);
  const [whole, fraction = ''] = parse(/^balance (\d+\.\d+) EUR$/m, out)[0].split('.');
  return BigInt(whole) * UNIT + BigInt(fraction.padEnd(12, '0'));
}

/** The notes `scan` finds unspent in `wallet`, as amounts printed. */
async function unspentNotes(wallet, asset) {
  const out = await walletOk('--asset', asset, 'scan', '--wallet', wallet.file, '--url', url);
  return [...out.matchAll(/^note\s+\d+\s+(\S+) (?:EUR|Wh)\s+unspent$/gm)].map(([, amount]) => amount);
}

async function shield(wallet, who, asset, amount) {
  const shown = asset === 'energy' ? String(amount) : decimal(amount);
  await walletOk('--asset', asset, 'shield', '--wallet', wallet.file, '--suri', `//${who.meta.name}`, '--amount', shown, '--url', url);
}

/** `wallet` pays itself `amount` as one hidden note: a note of exactly what a lock takes. */
async function exactNote(wallet, asset, amount) {
  const shown = asset === 'energy' ? String(amount) : decimal(amount);
  await walletOk('--asset', asset, 'transfer', '--wallet', wallet.file, '--to', wallet.address, '--amount', shown, '--url', url);
}

/**
 * The grid operator prices the `count` slots after the current one. A slot may start between
 * reading the slot and the batch's block, which then refuses the whole batch
 * (`market.SlotStarted`): it is read and sent once more.
 */
async function priceNextSlots(count) {
  for (let attempt = 1; ; attempt += 1) {
    const { slot: now } = await status(api);
    const prices = Array.from({ length: count }, (_, i) =>
      api.tx.market.setGridPrices(now + 1 + i, { importPrice: IMPORT_PRICE, feedInPrice: FEED_IN_PRICE }));
    try {
      await send(api, api.tx.utility.batchAll(prices), eve);
      return;
    } catch (error) {
      if (attempt > 1 || !error.message.endsWith('market.SlotStarted')) throw error;
    }
  }
}

/** A household's `energy-wallet market` command. */
const market = (household, command, ...args) => walletCli('market', command, '--market', household.market, ...args);

/** The least fee of a lock of one note with a ring of the pool's largest (`consts` its pallet's constants). */
const lockFee = (consts) => consts.minFee.toBigInt() + consts.feePerInput.toBigInt() + consts.feePerOutput.toBigInt()
  + consts.maxRingSize.toBigInt() * consts.feePerRingMember.toBigInt();

/** `who`'s public energy: free and held Wh. */
async function energy(who) {
  const { free, held } = (await api.call.energyTokenApi.balanceOf(who)).toJSON();
  return BigInt(free) + BigInt(held);
}

/** The private market's extrinsics of block `hash`. */
async function marketExtrinsics(hash) {
  const { block: { extrinsics } } = await api.rpc.chain.getBlock(hash);
  return extrinsics.filter((extrinsic) => extrinsic.method.section === 'privateMarket');
}

/** Wait until block `hash` is finalized (the auditor reads finalized blocks by number); its number. */
async function finalizedNumber(hash) {
  const number = (await api.rpc.chain.getHeader(hash)).number.toNumber();
  for (;;) {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    if (finalized.number.toNumber() >= number) return number;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

before(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, eve, ferdie] = ['Alice', 'Eve', 'Ferdie'].map((name) => keyring.addFromUri(`//${name}`, { name }));
  const household = (name, index) => ({
    name,
    account: keyring.addFromUri(`//${name}`, { name }),
    meter: keyring.addFromUri(`//Meter${index}`, { name: `Meter${index}` }),
    market: join(root, `${name.toLowerCase()}.market.json`),
  });
  [bob, charlie, dave] = [household('Bob', 1), household('Charlie', 2), household('Dave', 3)];
  const chain = patchedSpec(root, 'dev', {
    ...householdsGenesis([[alice.address, 'validator'], [eve.address, 'gridOperator']], [bob, charlie, dave]),
    privateMarket: { claimSlots: CLAIM_SLOTS },
  }, 'private-market');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
  url = node.url;
  assert.equal((await api.query.privateMarket.claimSlots()).toNumber(), CLAIM_SLOTS, 'the genesis sets the claim window');
  // Meters pay no fee for accepted readings, but need money to be able to sign.
  await send(api, api.tx.utility.batchAll(
    [bob, charlie, dave].map((h) => api.tx.balances.transferKeepAlive(h.meter.address, 10n * UNIT)),
  ), alice);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the consortium names the auditor, households register market keys and fill the pools', async () => {
  // Nothing private is traded before the consortium has named an auditor.
  auditorFile = join(root, 'auditor.json');
  const auditorKey = await walletOk('market', 'auditor-key', '--auditor', auditorFile);
  assert.match(auditorKey, /^0x[0-9a-f]{64}$/);
  assert.equal(statSync(auditorFile).mode & 0o777, 0o600, 'only the auditor may read its secret');
  await ballot(api, api.tx.privateMarket.setAuditorKey(auditorKey), {
    proposer: alice, ayes: [alice, eve, bob.account, charlie.account, dave.account],
  });
  assert.equal((await api.query.privateMarket.auditor()).unwrap().toHex(), auditorKey);

  // Each household registers its market key, signed by its account; the file is its own.
  const registered = await Promise.all([bob, charlie, dave].map(async (h) => {
    const { code, stdout, stderr } = await market(h, 'register', '--suri', `//${h.name}`, '--url', url);
    assert.equal(code, 0, stderr);
    assert.equal(statSync(h.market).mode & 0o777, 0o600, 'only the household may read its market file');
    return Number(parse(/^registered market key (\d+) in block 0x[0-9a-f]{64}$/, stdout)[0]);
  }));
  assert.deepEqual([...registered].sort(), [0, 1, 2]);
  const again = await market(bob, 'register', '--suri', '//Bob', '--url', url);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /the household has market key \d already/);

  // The meters report stored energy for the slot that ended: the chain mints it.
  const { slot } = await status(api);
  await Promise.all([bob, charlie, dave].map((h) => send(
    api, api.tx.meterReadings.submitReading(slot - 1, { importedWh: 0, exportedWh: 0, stateOfChargeWh: STORED[h.name] }), h.meter,
  )));
  for (const h of [bob, charlie, dave]) {
    h.money = await newWallet(`${h.name.toLowerCase()}-money`);
    h.energy = await newWallet(`${h.name.toLowerCase()}-energy`);
  }
  crowdWallets = await Promise.all(['alice', 'eve', 'ferdie'].map((name) => newWallet(`${name}-money`)));

  // Alice, Eve and Ferdie fill the money pool side by side; Charlie and Dave shield the money
  // they will pay with, and the households their energy (each account's shields one after the
  // other: one nonce at a time).
  await Promise.all([
    ...[alice, eve, ferdie].map(async (who, i) => {
      for (let n = 0; n < CROWD_MONEY_NOTES; n += 1) await shield(crowdWallets[i], who, 'money', CROWD_MONEY);
    }),
    ...[bob, charlie, dave].map(async (h) => {
      if (h !== bob) await shield(h.money, h.account, 'money', CROWD_MONEY);
      if (h === bob) await shield(h.energy, h.account, 'energy', BOB_ENERGY);
      for (let n = h === bob ? 1 : 0; n < 4; n += 1) await shield(h.energy, h.account, 'energy', CROWD_ENERGY);
    }),
  ]);
  // Dave splits energy notes of his own, so the energy pool holds more notes than a ring.
  await walletOk(
    '--asset', 'energy', 'transfer', '--wallet', dave.energy.file, '--to', dave.energy.address,
    '--amount', '800', '--notes', '4', '--url', url,
  );
  for (const pool of ['shieldedPool', 'energyPool']) {
    assert.ok(
      (await api.query[pool].noteCount()).toNumber() >= api.consts[pool].maxRingSize.toNumber(),
      `the ${pool} holds a full ring of notes`,
    );
  }

  // A lock has no change: each household makes a hidden note of exactly what it will lock.
  await exactNote(bob.energy, 'energy', OFFERED + lockFee(api.consts.energyPool));
  await exactNote(charlie.money, 'money', CHARLIE_PAYS + lockFee(api.consts.shieldedPool));
  await exactNote(dave.money, 'money', DAVE_PAYS + lockFee(api.consts.shieldedPool));
});

test('Bob offers privately and sells to Charlie and Dave; an observer learns neither who nor how much', async () => {
  // Each buyer makes a one-time key ahead; the grid operator prices the next slots, then a
  // slot's negotiation starts.
  const buyerKeys = {};
  for (const buyer of [charlie, dave]) {
    buyerKeys[buyer.name] = (await market(buyer, 'buyer-key')).stdout;
    assert.match(buyerKeys[buyer.name], /^0x[0-9a-f]{64}$/);
  }
  await priceNextSlots(4);
  const trading = await awaitNegotiation(api, 35_000);
  delivery = trading.slot + 1;

  // Bob offers 3 kWh from his energy wallet.
  const offered = await walletOk(
    'market', 'offer', '--market', bob.market, '--wallet', bob.energy.file, '--energy', String(OFFERED),
    '--details', 'asks 0.10 EUR/kWh', '--url', url,
  );
  const [offerId, offerSlot, offerBlock] = parse(/^offer (\d+) locks 3000 Wh for slot (\d+) in block (0x[0-9a-f]{64})$/, offered);
  assert.equal(Number(offerSlot), delivery);
  offer = { id: Number(offerId), block: offerBlock };

  // Off-chain: Bob proves each agreement and consents, and hands the buyer its terms; the buyer
  // buys. One buyer after the other: a consent binds what the offer has left, which each
  // purchase changes.
  const bought = [];
  for (const [buyer, energyWh, payment] of [[charlie, CHARLIE_BUYS, CHARLIE_PAYS], [dave, DAVE_BUYS, DAVE_PAYS]]) {
    const terms = join(root, `${buyer.name.toLowerCase()}.terms.json`);
    const agreed = await walletOk(
      'market', 'agree', '--market', bob.market, '--wallet', bob.money.file, '--offer', offerId,
      '--energy', String(energyWh), '--payment', decimal(payment), '--buyer-key', buyerKeys[buyer.name],
      '--terms', terms, '--url', url,
    );
    const paid = decimal(payment).replace('.', '\\.');
    assert.match(agreed, new RegExp(`^agreed to sell ${energyWh} Wh of offer ${offerId} for ${paid} EUR`));
    const out = await walletOk('market', 'buy', '--market', buyer.market, '--wallet', buyer.money.file, '--terms', terms, '--url', url);
    const [agreement, block] = parse(
      new RegExp(`^bought ${energyWh} Wh of offer ${offerId} for ${paid} EUR as agreement (\\d+) in block (0x[0-9a-f]{64})$`),
      out,
    );
    bought.push({ id: Number(agreement), block });
  }
  [charliePurchase, davePurchase] = bought;
  const status1 = await status(api);
  assert.equal(status1.slot, trading.slot, 'the whole trade fits in one negotiation phase');

  // A price above the grid's import price has no proof.
  const dear = await market(
    bob, 'agree', '--wallet', bob.money.file, '--offer', offerId, '--energy', '100', '--payment', '1',
    '--buyer-key', `0x${'11'.repeat(32)}`, '--terms', join(root, 'dear.json'), '--url', url,
  );
  assert.equal(dear.code, 1);
  assert.match(dear.stderr, /100 Wh cost between \d+ and \d+ in the slot's grid prices/);

  // The observer reads the offer's and the purchases' blocks: unsigned transactions, whose
  // transactions, events and changed storage hold no household's account or wallet keys, and
  // no amount: offered, sold, paid, or the notes locked.
  const secrets = [
    ...[bob, charlie, dave].map((h) => accountSecret(`${h.name}'s account`, h.account)),
    ...[bob, charlie, dave].flatMap((h) => [
      keySecret(`${h.name}'s money view key`, h.money.view), keySecret(`${h.name}'s energy view key`, h.energy.view),
      keySecret(`${h.name}'s money spend key`, h.money.spend), keySecret(`${h.name}'s energy spend key`, h.energy.spend),
    ]),
    amountSecret(api, 'the energy offered', OFFERED),
    amountSecret(api, "the energy Charlie bought", CHARLIE_BUYS),
    amountSecret(api, "the energy Dave bought", DAVE_BUYS),
    amountSecret(api, "Charlie's payment", CHARLIE_PAYS),
    amountSecret(api, "Dave's payment", DAVE_PAYS),
    amountSecret(api, "Bob's locked note", OFFERED + lockFee(api.consts.energyPool)),
    amountSecret(api, "Charlie's locked note", CHARLIE_PAYS + lockFee(api.consts.shieldedPool)),
    amountSecret(api, "Dave's locked note", DAVE_PAYS + lockFee(api.consts.shieldedPool)),
  ];
  const blocks = [...new Set([offer.block, charliePurchase.block, davePurchase.block])];
  for (const hash of blocks) {
    const { parentHash, records } = await blockAt(api, hash);
    const changes = await storageChanges(node, parentHash, hash);
    const extrinsics = await marketExtrinsics(hash);
    assert.ok(extrinsics.length > 0);
    for (const extrinsic of extrinsics) {
      assert.equal(extrinsic.isSigned, false, 'a private offer or purchase names no sender');
      assert.deepEqual(leaks(blockHaystacks(extrinsic, records, changes), secrets), []);
    }
    for (const h of [bob, charlie, dave]) {
      assert.ok(!changes.some(({ key }) => key === api.query.system.account.key(h.account.address)), `${h.name}'s account`);
    }
  }
  // What the chain does keep: an offer of the slot and two agreements, amounts committed.
  const kept = (await api.query.privateMarket.offers(offer.id)).unwrap();
  assert.equal(kept.slot.toNumber(), delivery);
  assert.equal(kept.open.toNumber(), 2);
  assert.deepEqual((await api.query.privateMarket.slotCounts(delivery)).toJSON(), [1, 2]);

  // The auditor opens every amount; a key the consortium did not name opens none.
  const audited = [];
  for (const hash of blocks) {
    audited.push(await walletOk('market', 'audit', '--auditor', auditorFile, '--block', String(await finalizedNumber(hash)), '--url', url));
  }
  const report = audited.join('\n');
  assert.match(report, new RegExp(`^offer ${offer.id} \\(slot ${delivery}\\): 3000 Wh$`, 'm'));
  assert.match(report, new RegExp(`^agreement ${charliePurchase.id} \\(offer ${offer.id}, slot ${delivery}\\): 1500 Wh for 0\\.225 EUR$`, 'm'));
  assert.match(report, new RegExp(`^agreement ${davePurchase.id} \\(offer ${offer.id}, slot ${delivery}\\): 1000 Wh for 0\\.12 EUR$`, 'm'));
  const stranger = join(root, 'stranger.json');
  await walletOk('market', 'auditor-key', '--auditor', stranger);
  const refused = await walletCli('market', 'audit', '--auditor', stranger, '--block', String(await finalizedNumber(offer.block)), '--url', url);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /does not open with this auditor's key/);
});

test("Bob's meter delivers Charlie's energy: he claims Charlie's payment, pays Dave's as a penalty, takes the rest back", async () => {
  const gridBefore = await energy(eve.address);
  // The delivery slot ends; Bob's meter exported 1.5 kWh in it.
  await awaitSlotAfter(api, delivery);
  await send(api, api.tx.meterReadings.submitReading(delivery, {
    importedWh: 0, exportedWh: EXPORTED, stateOfChargeWh: STORED.Bob - EXPORTED,
  }), bob.meter);

  // Charlie stays silent: Bob claims his payment against the meter. Dave's is refused: the
  // meter's exports paid one claim already.
  const claimed = await market(bob, 'claim', '--suri', '//Bob', '--url', url);
  assert.equal(claimed.code, 1, claimed.stdout);
  assert.match(claimed.stdout, new RegExp(`^agreement ${charliePurchase.id}: claimed 0\\.225 EUR for 1500 Wh in block`, 'm'));
  assert.match(claimed.stderr, new RegExp(`agreement ${davePurchase.id}: .*NotDelivered`));
  assert.equal(await scanned(bob.money), CHARLIE_PAYS);
  // Dave cannot take his payment back while Bob may still claim it.
  const early = await market(dave, 'refund', '--wallet', dave.money.file, '--url', url);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /the seller may claim it until slot \d+ is over/);
  // Nor can Bob take his lock back while an agreement is open.
  const open = await market(bob, 'close', '--wallet', bob.energy.file, '--url', url);
  assert.equal(open.code, 1);
  assert.match(open.stderr, /1 of its agreements are neither paid nor refunded yet/);

  // The claim window passes: Dave takes his payment back, Bob's 1 kWh goes to the grid operator.
  await awaitSlotAfter(api, delivery + CLAIM_SLOTS);
  const refunded = await walletOk('market', 'refund', '--market', dave.market, '--wallet', dave.money.file, '--url', url);
  assert.match(refunded, new RegExp(`^agreement ${davePurchase.id}: took 0\\.12 EUR back in block 0x[0-9a-f]{64}; the seller paid 1000 Wh to the grid operator$`));
  assert.equal(await energy(eve.address) - gridBefore, DAVE_BUYS);
  assert.ok((await unspentNotes(dave.money, 'money')).includes('0.12'));
  // Charlie has nothing to take back: Bob was paid.
  assert.equal(await walletOk('market', 'refund', '--market', charlie.market, '--wallet', charlie.money.file, '--url', url), 'nothing to settle');

  // Bob takes back what his lock returns: 3 kWh less the penalty.
  const closed = await walletOk('market', 'close', '--market', bob.market, '--wallet', bob.energy.file, '--url', url);
  assert.match(closed, new RegExp(`^offer ${offer.id}: took 2000 Wh back in block 0x[0-9a-f]{64}$`));
  assert.ok((await unspentNotes(bob.energy, 'energy')).includes('2000'));
  assert.equal((await api.query.privateMarket.offers.entries()).length, 0);
  assert.equal((await api.query.privateMarket.agreements.entries()).length, 0);

  // Both pools hold exactly what the wallets hold.
  let money = 0n;
  for (const wallet of [...crowdWallets, bob.money, charlie.money, dave.money]) money += await scanned(wallet);
  assert.equal(money, (await api.query.shieldedPool.poolTotal()).toBigInt());
  let energyHeld = 0n;
  for (const h of [bob, charlie, dave]) energyHeld += await scanned(h.energy, 'energy');
  assert.equal(energyHeld, (await api.query.energyPool.poolTotal()).toBigInt());
});

test("the households' agents trade a slot privately: energy-agent private sells and buys under one-time keys", async () => {
  // Bob's agent sells 1 kWh from a note of exactly that and the lock's fee, made here: an agent
  // that makes it itself takes a block before it picks its phase, and may then pick the phase
  // after the buyer's. Charlie's buys 0.5 kWh and makes its payment's note once it knows the
  // price.
  const SOLD = 1_000n;
  const WANTED = 500;
  await exactNote(bob.energy, 'energy', SOLD + lockFee(api.consts.energyPool));
  await priceNextSlots(3);
  const before = (await api.query.privateMarket.nextAgreementId()).toNumber();
  const agent = (h, ...args) => runTool(AGENT_BIN, [
    'private', '--node', url, '--market', h.market, '--money-wallet', h.money.file, ...args,
  ], { timeoutMs: 240_000 });
  const [seller, buyer] = await Promise.all([
    agent(bob, '--energy-wallet', bob.energy.file, '--sell', String(SOLD), '--floor', '0.10', '--listen', '127.0.0.1:0'),
    agent(charlie, '--buy', String(WANTED)),
  ]);
  const logs = `seller:\n${seller.stderr}\nbuyer:\n${buyer.stdout}\n${buyer.stderr}`;
  assert.equal(seller.code, 0, logs);
  assert.equal(buyer.code, 0, logs);
  const [offerId, slot, agreed, energyWh, onChain] = parse(
    /^offer (\d+) for slot (\d+): (\d+) agreements for (\d+) Wh, (\d+) bought$/, seller.stdout,
  );
  assert.deepEqual([agreed, energyWh, onChain], ['1', String(WANTED), '1'], logs);
  assert.match(buyer.stdout, new RegExp(`^bought ${WANTED} Wh of offer ${offerId} for slot ${slot}$`));
  // The chain holds the agreement the agents reached, amounts committed, bought from Bob's
  // offer by a key no household published.
  const agreements = (await api.query.privateMarket.agreements.entries())
    .map(([key, value]) => [key.args[0].toNumber(), value.unwrap()])
    .filter(([id]) => id >= before);
  assert.equal(agreements.length, 1);
  const [[, bought]] = agreements;
  assert.equal(bought.offer.toNumber(), Number(offerId));
  assert.equal(bought.slot.toNumber(), Number(slot));
  for (const h of [bob, charlie, dave]) {
    assert.notEqual(bought.buyerKey.toHex(), `0x${Buffer.from(h.account.publicKey).toString('hex')}`);
  }
});
