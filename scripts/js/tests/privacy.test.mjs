// End-to-end shielded money pool (paper, section 4.2) on a real dev node whose genesis makes Bob
// and Charlie households, driven by the `energy-wallet` CLI. Bob and Charlie shield money from
// their public accounts into their wallets, and Dave, Eve and Ferdie shield a crowd of notes so
// that a spend hides in a ring of `MaxRingSize` notes; Eve then pays Ferdie in twelve notes, so the
// pool holds notes whose amounts are hidden, among which an unshield hides (a shield's amount is
// public: an unshield's ring may not hold shield notes). Every private transaction pays the fee
// its shape requires and carries its proof-of-work stamp, which the wallet finds. Bob pays
// Charlie 2 EUR privately; Charlie finds the payment by scanning, Bob his change. An observer
// reading the payment's block over RPC (the transaction, every event and every storage entry the
// block changed) finds neither household's account or wallet keys, nor the amounts. Charlie
// unshields the payment to his public account; replays of that spend are refused, by his wallet
// and by the chain. At the end the pool's account holds `PoolTotal` and its existential deposit,
// and the wallets hold `PoolTotal`. Then the energy pool, with `energy-wallet --asset energy`:
// Bob's and Dave's meters report charged batteries (minting energy), Dave shields a crowd of
// energy notes, Bob gives Charlie energy privately in twelve notes, an observer of that block finds
// neither household nor amount, Charlie unshields a note to his account, and the fees went to the
// fee collector in Wh.
// Needs ENERGY_NODE_BIN, with `energy-wallet` beside it (or ENERGY_WALLET_BIN); uses ports index
// 110 (RPC 10054).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady, encodeAddress, xxhashAsHex } from '@polkadot/util-crypto';
import { findEvent, hex, send } from '../lib/chain.mjs';
import { status } from '../lib/market.mjs';
import { besideNode, patchedSpec, runTool, startAlice } from '../lib/network.mjs';
import {
  accountSecret, amountSecret, blockAt, blockHaystacks, eventHaystacks, keySecret, leaks, storageChanges,
} from '../lib/observer.mjs';

const INDEX = 110;
const WALLET_BIN = process.env.ENERGY_WALLET_BIN ?? besideNode('energy-wallet');
const UNIT = 10n ** 12n;
/** What Bob and Charlie shield, and each of the crowd's notes. */
const BOB_SHIELDS = 5n * UNIT;
const CHARLIE_SHIELDS = 1n * UNIT;
const CROWD_NOTE = 1n * UNIT;
/** Notes each of the crowd shields: with Bob's and Charlie's, more than a ring holds. */
const CROWD_NOTES = 5;
/** What Eve pays Ferdie, and in how many notes: with the change, hidden notes enough for a ring. */
const SPLIT = 3n * UNIT;
const SPLIT_NOTES = 12;
/** Bob's private payment to Charlie. */
const PAID = 2n * UNIT;
/** The pool's account: `PalletId(*b"enr/pool")` as an account, `modl` and the id, zero-padded. */
const POOL_ACCOUNT = encodeAddress(Uint8Array.from({ length: 32 }, (_, i) => 'modlenr/pool'.charCodeAt(i) || 0));
/** The energy pool's account and the fee collector's, as the pool's is built. */
const palletAccount = (id) => encodeAddress(Uint8Array.from({ length: 32 }, (_, i) => `modl${id}`.charCodeAt(i) || 0));
const ENERGY_POOL_ACCOUNT = palletAccount('enr/enpl');
const FEE_COLLECTOR = palletAccount('enr/fees');
/** What Bob's and Dave's meters report stored, in Wh: the energy minted to them. */
const CHARGED = 8_000n;
/** Bob's energy shield, what he gives Charlie and in how many notes; the crowd's energy notes. */
const BOB_ENERGY = 7_777n;
const GIVEN_NOTE = 437n;
const GIVEN_NOTES = 12;
const CROWD_ENERGY_NOTE = 151n;

const root = mkdtempSync(join(tmpdir(), 'energy-privacy-'));
let node;
let api;
let url;
let keyring;
let alice;
let bob;
let charlie;
let dave;
/** Bob's and Dave's smart meters, by household. */
let meters;
/** The wallets: the households' and the crowd's (`{ name, file, address, view, spend }`). */
let bobWallet;
let charlieWallet;
let crowdWallets;
/** The pool's fee rule, from its constants: `{ base, perInput, perOutput, perRingMember }`. */
let fees;
/** The fees Eve's and Bob's transfers paid. */
let splitFee;
let payFee;
/** Bob's shield (`{ note, block }`), and the block of his payment to Charlie. */
let bobShield;
let paymentBlock;
/** The payment's note that Charlie owns. */
let received;

// --- Amounts as the wallet writes them ---

/** `units` of the money token as the wallet writes amounts: every significant decimal, at least two. */
function decimal(units) {
  const fraction = (units % UNIT).toString().padStart(12, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${units / UNIT}.${fraction}`;
}

/** An amount the wallet printed (`2.99`), in the money token's smallest unit. */
function plancks(text) {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * UNIT + BigInt(fraction.padEnd(12, '0'));
}

// --- The wallet CLI ---

/** `energy-wallet` with `args`; resolves to { code, stdout, stderr }. */
const walletCli = (...args) => runTool(WALLET_BIN, args);

/** `energy-wallet` with `args`, which must succeed; returns what it printed. */
async function walletOk(...args) {
  const { code, stdout, stderr } = await walletCli(...args);
  assert.equal(code, 0, `energy-wallet ${args[0]} failed: ${stderr}`);
  return stdout;
}

/** The groups `pattern` captures in `text`. */
function parse(pattern, text) {
  const match = text.match(pattern);
  assert.ok(match, `${JSON.stringify(text)} does not match ${pattern}`);
  return match.slice(1);
}

/** A new wallet file `name.wallet.json` with its address: the view key, then the spend key. */
async function newWallet(name) {
  const file = join(root, `${name}.wallet.json`);
  const created = await walletOk('new', '--wallet', file);
  const address = await walletOk('address', '--wallet', file);
  assert.equal(address, created);
  assert.match(address, /^0x[0-9a-f]{128}$/);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'only its owner may read a wallet file');
  return { name, file, address, view: `0x${address.slice(2, 66)}`, spend: `0x${address.slice(66)}` };
}

/** What `balance` or `scan` printed: the balance, and each note's index, amount and state. */
function holdings(stdout) {
  const [balance] = parse(/^balance (\d+\.\d+) EUR$/m, stdout);
  const notes = [...stdout.matchAll(/^note\s+(\d+)\s+(\d+\.\d+) EUR\s+(spent|unspent)$/gm)]
    .map(([, index, amount, state]) => ({ index: Number(index), amount: plancks(amount), spent: state === 'spent' }));
  return { balance: plancks(balance), notes };
}

/** The wallet's notes as of its last scan (or its own transactions). */
const balance = async (wallet) => holdings(await walletOk('balance', '--wallet', wallet.file));

/** The wallet's notes after reading the whole pool. */
const scan = async (wallet) => holdings(await walletOk('scan', '--wallet', wallet.file, '--url', url));

// --- The chain ---

/** A pool's fee rule, from its constants (`api.consts.shieldedPool` or `.energyPool`). */
const feeSchedule = (consts) => ({
  base: consts.minFee.toBigInt(),
  perInput: consts.feePerInput.toBigInt(),
  perOutput: consts.feePerOutput.toBigInt(),
  perRingMember: consts.feePerRingMember.toBigInt(),
});

/** The least fee under `schedule` of a transfer of `inputs` notes into `outputs` whose rings hold `members` notes. */
const feeOf = (schedule, inputs, outputs, members) => schedule.base + BigInt(inputs) * schedule.perInput
  + BigInt(outputs) * schedule.perOutput + BigInt(members) * schedule.perRingMember;

/** The money pool's least fee of a transfer. */
const transferFee = (inputs, outputs, members) => feeOf(fees, inputs, outputs, members);

/** The least fee of an unshield with a ring of `ring` notes. */
const unshieldFee = (ring) => transferFee(1, 0, ring);

/** How many notes of the pool at `at` transfers made (not shields): what an unshield's ring is drawn from. */
async function hiddenNotes(at) {
  const count = (await at.query.shieldedPool.noteCount()).toNumber();
  return count - (await at.query.shieldedPool.publicNotes.keys()).length;
}

async function free(at, who) {
  return (await at.query.system.account(who)).data.free.toBigInt();
}

/** The money of the pool's account, free and reserved. */
async function poolBalance(at) {
  const { data } = await at.query.system.account(POOL_ACCOUNT);
  return data.free.toBigInt() + data.reserved.toBigInt();
}

async function poolTotal(at) {
  return (await at.query.shieldedPool.poolTotal()).toBigInt();
}

/** The event records of `section.method` among `records`. */
const eventsOf = (records, section, method) =>
  records.filter(({ event }) => event.section === section && event.method === method).map(({ event }) => event);

/** The extrinsics of block `hash` that call the shielded pool. */
async function poolExtrinsics(hash) {
  const { block: { extrinsics } } = await api.rpc.chain.getBlock(hash);
  return extrinsics.filter((extrinsic) => extrinsic.method.section === 'shieldedPool');
}

/**
 * The runtime's verdict on `extrinsic` at block `at`, as the transaction pool asks for it
 * (`TaggedTransactionQueue_validate_transaction`, with the source `External`: from the network).
 */
async function validate(extrinsic, at) {
  const args = Buffer.concat([Buffer.from([2]), extrinsic.toU8a(), Buffer.from(at.slice(2), 'hex')]);
  const result = await node.rpc('state_call', ['TaggedTransactionQueue_validate_transaction', hex(args), at]);
  return api.createType('TransactionValidity', result).toJSON();
}

/**
 * `who` shields `amount` from its public account into a new note of `wallet`; returns the note's
 * index and the block. A shield is public: the test checks that `who` paid the amount (and the
 * existential deposit of the pool's account, if its shield opened the pool) into the pool's
 * account, the transaction fee and the pool's fee for a note, and that the pool recorded the
 * amount for the note, as a note whose amount is public.
 */
async function shield(wallet, who, amount) {
  const out = await walletOk(
    'shield', '--wallet', wallet.file, '--suri', `//${who.meta.name}`, '--amount', decimal(amount), '--url', url,
  );
  const [shown, note, hash] = parse(/^shielded (\d+\.\d+) EUR into note (\d+) in block (0x[0-9a-f]{64})$/, out);
  assert.equal(plancks(shown), amount);
  const { atParent, atBlock, records } = await blockAt(api, hash);
  const opening = (await poolBalance(atParent)) === 0n ? api.consts.balances.existentialDeposit.toBigInt() : 0n;
  const [feePaid] = eventsOf(records, 'transactionPayment', 'TransactionFeePaid')
    .filter((event) => event.data.who.toString() === who.address);
  assert.ok(feePaid, `${who.meta.name} paid the shield's transaction fee`);
  assert.equal(
    await free(atParent, who.address) - await free(atBlock, who.address),
    amount + opening + feePaid.data.actualFee.toBigInt() + fees.perOutput,
  );
  const [moved] = eventsOf(records, 'balances', 'Transfer').filter((event) => event.data.from.toString() === who.address);
  assert.equal(moved.data.to.toString(), POOL_ACCOUNT);
  assert.equal(moved.data.amount.toBigInt(), amount + opening);
  assert.equal(eventsOf(records, 'shieldedPool', 'PoolOpened').length, opening > 0n ? 1 : 0);
  const [shielded] = eventsOf(records, 'shieldedPool', 'Shielded').filter((event) => event.data.who.toString() === who.address);
  assert.equal(shielded.data.amount.toBigInt(), amount);
  assert.equal(shielded.data.noteIndex.toNumber(), Number(note));
  assert.equal(shielded.data.fee.toBigInt(), fees.perOutput);
  assert.ok((await atBlock.query.shieldedPool.publicNotes(Number(note))).isSome, 'a shield note is public');
  return { note: Number(note), block: hash };
}

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((name) => keyring.addFromUri(`//${name}`, { name }));
  meters = new Map([bob, dave].map((who, i) => [who, keyring.addFromUri(`//Meter${i + 1}`, { name: `Meter${i + 1}` })]));
  // Every development account has money in the presets; Bob, Charlie and Dave join as
  // households, Bob's and Dave's smart meters as their meter oracles.
  const chain = patchedSpec(root, 'dev', {
    consortium: {
      members: [
        [alice.address, 'validator'],
        ...[bob, charlie, dave].map((who) => [who.address, 'household']),
        ...[...meters].map(([who, meter]) => [meter.address, { meterOracle: { household: who.address } }]),
      ],
    },
    meterReadings: {
      installations: [...meters.keys()].map((who) => [who.address, { batteryCapacityWh: 10_000, connectionLimitWh: 7_000 }]),
    },
  }, 'privacy');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
  url = node.url;
  assert.ok(api.tx.shieldedPool, 'the runtime has the ShieldedPool pallet');
  const consts = api.consts.shieldedPool;
  fees = feeSchedule(consts);
  // A cent a transaction, two a note: what the runtime's configuration documents.
  assert.deepEqual([fees.base, fees.perOutput], [UNIT / 100n, UNIT / 50n]);
  assert.ok(consts.stampBits.toNumber() >= 16, 'private transactions prove work');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('households shield public money into their wallets; a crowd fills the pool', async () => {
  bobWallet = await newWallet('bob');
  charlieWallet = await newWallet('charlie');
  assert.notEqual(bobWallet.address, charlieWallet.address);
  const totalBefore = await poolTotal(api);

  bobShield = await shield(bobWallet, bob, BOB_SHIELDS);
  const charlieShield = await shield(charlieWallet, charlie, CHARLIE_SHIELDS);
  // The crowd shields in parallel, each account its notes one after the other (one nonce each).
  const crowd = [dave, ...['Eve', 'Ferdie'].map((name) => keyring.addFromUri(`//${name}`, { name }))];
  crowdWallets = await Promise.all(crowd.map(async (who) => {
    const wallet = await newWallet(who.meta.name.toLowerCase());
    for (let i = 0; i < CROWD_NOTES; i += 1) await shield(wallet, who, CROWD_NOTE);
    return wallet;
  }));

  const crowdTotal = CROWD_NOTE * BigInt(crowd.length * CROWD_NOTES);
  assert.equal(await poolTotal(api) - totalBefore, BOB_SHIELDS + CHARLIE_SHIELDS + crowdTotal);
  const noteCount = (await api.query.shieldedPool.noteCount()).toNumber();
  const maxRingSize = api.consts.shieldedPool.maxRingSize.toNumber();
  assert.ok(noteCount > maxRingSize, 'the pool holds more notes than a ring');

  // Eve pays Ferdie 3 EUR in twelve notes: four of her notes into thirteen (her change too),
  // whose amounts are hidden, so unshields have notes to hide among.
  const [, eveWallet, ferdieWallet] = crowdWallets;
  splitFee = transferFee(4, SPLIT_NOTES + 1, 4 * maxRingSize);
  const out = await walletOk(
    'transfer', '--wallet', eveWallet.file, '--to', ferdieWallet.address, '--amount', decimal(SPLIT),
    '--notes', String(SPLIT_NOTES), '--url', url,
  );
  const [paid, fee, , change] = parse(
    /^paid (\d+\.\d+) EUR \(fee (\d+\.\d+) EUR\) in block (0x[0-9a-f]{64}); change (\d+\.\d+) EUR$/, out,
  );
  assert.deepEqual(
    [plancks(paid), plancks(fee), plancks(change)],
    [SPLIT, splitFee, 4n * CROWD_NOTE - SPLIT - splitFee],
  );
  assert.equal(await hiddenNotes(api), SPLIT_NOTES + 1);
  const ferdieHolds = await scan(ferdieWallet);
  assert.equal(ferdieHolds.balance, CROWD_NOTE * BigInt(CROWD_NOTES) + SPLIT);
  assert.equal(ferdieHolds.notes.length, CROWD_NOTES + SPLIT_NOTES);

  // Each wallet knows its note from the shield's own event, without scanning.
  assert.deepEqual(await balance(bobWallet), {
    balance: BOB_SHIELDS, notes: [{ index: bobShield.note, amount: BOB_SHIELDS, spent: false }],
  });
  assert.deepEqual(await balance(charlieWallet), {
    balance: CHARLIE_SHIELDS, notes: [{ index: charlieShield.note, amount: CHARLIE_SHIELDS, spent: false }],
  });
});

test('Bob pays Charlie 2 EUR privately: Charlie finds the payment by scanning, Bob keeps the change', async () => {
  // One note into the payment and the change, with a full ring.
  payFee = transferFee(1, 2, api.consts.shieldedPool.maxRingSize.toNumber());
  const change = BOB_SHIELDS - PAID - payFee;
  const out = await walletOk(
    'transfer', '--wallet', bobWallet.file, '--to', charlieWallet.address, '--amount', decimal(PAID), '--url', url,
  );
  const [paid, fee, hash, changed] = parse(
    /^paid (\d+\.\d+) EUR \(fee (\d+\.\d+) EUR\) in block (0x[0-9a-f]{64}); change (\d+\.\d+) EUR$/, out,
  );
  assert.deepEqual([plancks(paid), plancks(fee), plancks(changed)], [PAID, payFee, change]);
  paymentBlock = hash;
  const { records } = await blockAt(api, hash);
  const first = findEvent(records, 'shieldedPool', 'Transferred').data.firstNoteIndex.toNumber();
  const outputs = [first, first + 1];

  // Bob's note is spent, and one of the two new notes is his change.
  const bobHolds = await balance(bobWallet);
  assert.equal(bobHolds.balance, change);
  assert.deepEqual(bobHolds.notes.find((note) => note.index === bobShield.note), {
    index: bobShield.note, amount: BOB_SHIELDS, spent: true,
  });
  const bobChange = bobHolds.notes.find((note) => !note.spent);
  assert.ok(outputs.includes(bobChange.index));
  assert.equal(bobChange.amount, change);

  // Charlie learns of the payment only by scanning the pool with his view key: the other note.
  const charlieHolds = await scan(charlieWallet);
  assert.equal(charlieHolds.balance, CHARLIE_SHIELDS + PAID);
  received = charlieHolds.notes.find((note) => outputs.includes(note.index));
  assert.deepEqual(received, { index: outputs.find((index) => index !== bobChange.index), amount: PAID, spent: false });
});

test("an observer of the payment's block learns neither payer, payee nor amounts", async () => {
  const { hash, parentHash, atParent, atBlock, records } = await blockAt(api, paymentBlock);
  const maxRingSize = api.consts.shieldedPool.maxRingSize.toNumber();
  const minRingSize = api.consts.shieldedPool.minRingSize.toNumber();

  // The transaction is bare: no signer, signature, nonce, tip or transaction fee.
  const [payment, ...others] = await poolExtrinsics(hash);
  assert.equal(others.length, 0);
  assert.equal(payment.method.method, 'transfer');
  assert.equal(payment.isSigned, false);
  assert.equal(payment.isGeneral(), false);
  // What it does show: for its one input, a ring of note indices (Bob's note among them, which
  // one is his nobody can tell), a pseudo-output commitment, the key image and a CLSAG signature;
  // two output notes, each a one-time address, a transaction public key, a commitment and an
  // eight-byte masked amount; one range proof for both; the fee; and the proof-of-work stamp.
  const [inputs, outputs, , fee] = payment.method.args;
  assert.equal(inputs.length, 1);
  const ring = inputs[0].ring.map((index) => index.toNumber());
  const notesBefore = (await atParent.query.shieldedPool.noteCount()).toNumber();
  assert.equal(ring.length, Math.min(maxRingSize, notesBefore));
  assert.ok(ring.length >= minRingSize);
  assert.ok(ring.includes(bobShield.note));
  assert.equal(outputs.length, 2);
  assert.equal(fee.toBigInt(), payFee);

  // Its events: `ShieldedPool.Transferred` (the key image, where the two new notes are, the fee),
  // the fee leaving the pool's account for the block author's (Alice authors every block of the
  // dev chain), and `System.ExtrinsicSuccess` (its weight). No money moves to or from anyone else.
  const transferred = findEvent(records, 'shieldedPool', 'Transferred');
  const keyImage = inputs[0].keyImage.toHex();
  assert.deepEqual(transferred.data.keyImages.map((image) => image.toHex()), [keyImage]);
  assert.equal(transferred.data.firstNoteIndex.toNumber(), notesBefore);
  assert.equal(transferred.data.outputs.toNumber(), 2);
  assert.equal(transferred.data.fee.toBigInt(), payFee);
  const [withdrawn] = eventsOf(records, 'balances', 'Withdraw');
  assert.equal(withdrawn.data.who.toString(), POOL_ACCOUNT);
  assert.equal(withdrawn.data.amount.toBigInt(), payFee);
  for (const { event } of records.filter((record) => record.event.section === 'balances')) {
    const named = ['who', 'from', 'to'].map((field) => event.data[field]?.toString()).filter(Boolean);
    assert.ok(named.every((who) => who === POOL_ACCOUNT || who === alice.address), `${event.method} names ${named}`);
  }
  assert.equal(await poolBalance(atParent) - await poolBalance(atBlock), payFee);
  assert.equal(await free(atBlock, alice.address) - await free(atParent, alice.address), payFee);
  assert.equal(await poolTotal(atParent) - await poolTotal(atBlock), payFee);

  // Its storage: the pool's count of notes and total, the two new notes and their one-time
  // addresses, the spent key image, the weight private transactions took of the block; outside
  // the pool, the accounts of the pool and the author, and the block's own bookkeeping.
  const changes = await storageChanges(node, parentHash, hash);
  const pool = xxhashAsHex('ShieldedPool', 128);
  const query = api.query.shieldedPool;
  assert.deepEqual(
    changes.map(({ key }) => key).filter((key) => key.startsWith(pool)).sort(),
    [
      query.noteCount.key(), query.poolTotal.key(), query.notes.key(notesBefore), query.notes.key(notesBefore + 1),
      query.noteAddresses.key(outputs[0].address), query.noteAddresses.key(outputs[1].address),
      query.spentKeyImages.key(keyImage), query.blockPrivateWeight.key(),
    ].sort(),
  );
  for (const who of [bob, charlie]) {
    assert.ok(!changes.some(({ key }) => key === api.query.system.account.key(who.address)), `${who.meta.name}'s account`);
  }

  // Nothing of it holds either household's account or wallet keys, the amount paid, the change
  // or the amount of the note Bob spent, in any of their plain encodings.
  const secrets = [
    accountSecret("Bob's account", bob),
    accountSecret("Charlie's account", charlie),
    keySecret("Bob's view key", bobWallet.view),
    keySecret("Bob's spend key", bobWallet.spend),
    keySecret("Charlie's view key", charlieWallet.view),
    keySecret("Charlie's spend key", charlieWallet.spend),
    amountSecret(api, 'the amount paid', PAID),
    amountSecret(api, 'the change', BOB_SHIELDS - PAID - payFee),
    amountSecret(api, "the amount of Bob's note", BOB_SHIELDS),
  ];
  assert.deepEqual(leaks(blockHaystacks(payment, records, changes), secrets), []);

  // The same search does find what a shield reveals by design: its payer and its amount.
  const shown = leaks(eventHaystacks((await blockAt(api, bobShield.block)).records), secrets);
  assert.ok(shown.includes("event shieldedPool.Shielded reveals Bob's account"), shown.join('\n'));
  assert.ok(shown.includes("event shieldedPool.Shielded reveals the amount of Bob's note"), shown.join('\n'));
});

test('Charlie unshields the payment to his public account; replays of the spend are refused', async () => {
  // His ring holds notes transfers made only: Eve's thirteen and the payment's two.
  const ring = Math.min(api.consts.shieldedPool.maxRingSize.toNumber(), await hiddenNotes(api));
  assert.equal(ring, SPLIT_NOTES + 1 + 2);
  const fee = unshieldFee(ring);
  const amount = PAID - fee;
  const args = ['--wallet', charlieWallet.file, '--dest', charlie.address, '--amount', decimal(amount), '--url', url];
  const out = await walletOk('unshield', ...args);
  const [shown, dest, paidFee, hash] = parse(
    /^unshielded (\d+\.\d+) EUR to (\S+) \(fee (\d+\.\d+) EUR\) in block (0x[0-9a-f]{64})$/, out,
  );
  assert.deepEqual([plancks(shown), dest, plancks(paidFee)], [amount, charlie.address, fee]);

  // An unshield is public: the chain pays `amount` to Charlie (an unsigned transaction: he pays
  // no transaction fee), and the note's `amount + fee` leave the pool.
  const { atParent, atBlock, records } = await blockAt(api, hash);
  assert.equal(await free(atBlock, charlie.address) - await free(atParent, charlie.address), amount);
  assert.equal(await poolTotal(atParent) - await poolTotal(atBlock), PAID);
  assert.equal(await poolBalance(atParent) - await poolBalance(atBlock), PAID);
  const unshielded = findEvent(records, 'shieldedPool', 'Unshielded');
  assert.equal(unshielded.data.dest.toString(), charlie.address);
  assert.equal(unshielded.data.amount.toBigInt(), amount);
  assert.equal(unshielded.data.fee.toBigInt(), fee);
  const charlieHolds = await balance(charlieWallet);
  assert.equal(charlieHolds.balance, CHARLIE_SHIELDS);
  assert.deepEqual(charlieHolds.notes.find((note) => note.index === received.index), { ...received, spent: true });

  // Unshielding again: the wallet scans, finds the note's key image spent and refuses before
  // building anything, since no unspent note holds exactly 2 EUR.
  const again = await walletCli('unshield', ...args);
  assert.equal(again.code, 1, again.stdout);
  assert.match(again.stderr, new RegExp(`no unspent note holds exactly ${decimal(PAID).replace('.', '\\.')} EUR`));

  // The chain refuses the spent key image itself: the very same transaction fails validation.
  // Its proof sent on to Dave instead is refused before anything else is checked: its stamp
  // was found for the unshield to Charlie (the stamp, like the signature, binds the payee).
  const keyImageSpent = api.errors.shieldedPool.KeyImageSpent.meta.index.toNumber();
  const insufficientStamp = api.errors.shieldedPool.InsufficientStamp.meta.index.toNumber();
  const [spend] = await poolExtrinsics(hash);
  assert.equal(spend.method.method, 'unshield');
  const best = (await api.rpc.chain.getBlockHash()).toHex();
  assert.deepEqual(await validate(spend, best), { err: { invalid: { custom: keyImageSpent } } });
  const [input, spentAmount, spentFee, , stamp] = spend.method.args;
  await assert.rejects(
    api.rpc.author.submitExtrinsic(api.tx.shieldedPool.unshield(input, spentAmount, spentFee, dave.address, stamp)),
    new RegExp(`Custom error: ${insufficientStamp}\\b`),
  );
  assert.equal(await poolTotal(api), await poolTotal(atBlock));
});

test("the pool's account holds its existential deposit and PoolTotal, which the wallets hold", async () => {
  const at = await api.at(await api.rpc.chain.getBlockHash());
  const total = await poolTotal(at);
  const { data } = await at.query.system.account(POOL_ACCOUNT);
  assert.equal(data.free.toBigInt(), api.consts.balances.existentialDeposit.toBigInt() + total);
  assert.equal(data.reserved.toBigInt(), 0n);
  // Shielded, less the notes Charlie unshielded (2 EUR, its fee included) and the fees of Eve's
  // and Bob's transfers.
  const shielded = BOB_SHIELDS + CHARLIE_SHIELDS + CROWD_NOTE * BigInt(crowdWallets.length * CROWD_NOTES);
  assert.equal(total, shielded - PAID - splitFee - payFee);
  // Eve's four notes, Bob's and Charlie's.
  assert.equal((await at.query.shieldedPool.spentKeyImages.entries()).length, 6);
  let held = 0n;
  for (const wallet of [bobWallet, charlieWallet, ...crowdWallets]) held += (await balance(wallet)).balance;
  assert.equal(held, total);
});

// --- The energy pool ---

/** What `balance` or `scan` of an energy wallet printed. */
function energyHoldings(stdout) {
  const [balance] = parse(/^balance (\d+) Wh$/m, stdout);
  const notes = [...stdout.matchAll(/^note\s+(\d+)\s+(\d+) Wh\s+(spent|unspent)$/gm)]
    .map(([, index, amount, state]) => ({ index: Number(index), amount: BigInt(amount), spent: state === 'spent' }));
  return { balance: BigInt(balance), notes };
}

/** `who`'s public energy: free and held Wh. */
async function energy(at, who) {
  const { free, held } = (await at.call.energyTokenApi.balanceOf(who)).toJSON();
  return BigInt(free) + BigInt(held);
}

/** `who` shields `amount` Wh into `wallet`'s energy notes; returns the note and its block. */
async function shieldEnergy(wallet, who, amount) {
  const out = await walletOk(
    '--asset', 'energy', 'shield', '--wallet', wallet.file, '--suri', `//${who.meta.name}`,
    '--amount', String(amount), '--url', url,
  );
  const [shown, note, hash] = parse(/^shielded (\d+) Wh into note (\d+) in block (0x[0-9a-f]{64})$/, out);
  assert.equal(BigInt(shown), amount);
  return { note: Number(note), block: hash };
}

test('households give energy privately through the energy pool; an observer learns neither who nor how much', async () => {
  assert.ok(api.tx.energyPool, 'the runtime has the EnergyPool pallet');
  const energyFees = feeSchedule(api.consts.energyPool);
  const fee = (inputs, outputs, members) => feeOf(energyFees, inputs, outputs, members);
  // The money pool's fees at 0.25 EUR a kWh, in Wh (the runtime's configuration documents them).
  assert.deepEqual(Object.values(energyFees), [40n, 8n, 80n, 1n]);

  // The meters report charged batteries for the slot that ended: the chain mints the energy.
  const { slot } = await status(api);
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  await send(api, api.tx.utility.batchAll([...meters.values()].map((meter) => api.tx.balances.transferKeepAlive(meter.address, 10n * unit))), alice);
  await Promise.all([...meters.values()].map((meter) => send(
    api, api.tx.meterReadings.submitReading(slot - 1, { importedWh: 0, exportedWh: 0, stateOfChargeWh: Number(CHARGED) }), meter,
  )));
  for (const who of [bob, dave]) assert.equal(await energy(api, who.address), CHARGED);
  const collectedBefore = await energy(api, FEE_COLLECTOR);

  // A money wallet is not an energy wallet: its scan recorded the money pool.
  const wrong = await walletCli('--asset', 'energy', 'balance', '--wallet', bobWallet.file);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /holds notes of the ShieldedPool pool, not the EnergyPool pool/);

  // Dave shields a crowd of energy notes, Bob his own.
  const daveEnergy = await newWallet('dave-energy');
  for (let i = 0; i < 11; i += 1) await shieldEnergy(daveEnergy, dave, CROWD_ENERGY_NOTE);
  const bobEnergy = await newWallet('bob-energy');
  const charlieEnergy = await newWallet('charlie-energy');
  const bobShielded = await shieldEnergy(bobEnergy, bob, BOB_ENERGY);
  assert.equal(await energy(api, bob.address), CHARGED - BOB_ENERGY - energyFees.perOutput);
  assert.equal(await energy(api, dave.address), CHARGED - 11n * (CROWD_ENERGY_NOTE + energyFees.perOutput));

  // Bob gives Charlie twelve notes of 437 Wh, with a ring of all twelve notes of the pool.
  const given = GIVEN_NOTE * BigInt(GIVEN_NOTES);
  const giveFee = fee(1, GIVEN_NOTES + 1, 12);
  const out = await walletOk(
    '--asset', 'energy', 'transfer', '--wallet', bobEnergy.file, '--to', charlieEnergy.address,
    '--amount', String(given), '--notes', String(GIVEN_NOTES), '--url', url,
  );
  const [paid, paidFee, hash, change] = parse(/^paid (\d+) Wh \(fee (\d+) Wh\) in block (0x[0-9a-f]{64}); change (\d+) Wh$/, out);
  assert.deepEqual([BigInt(paid), BigInt(paidFee), BigInt(change)], [given, giveFee, BOB_ENERGY - given - giveFee]);
  const charlieHolds = energyHoldings(await walletOk('--asset', 'energy', 'scan', '--wallet', charlieEnergy.file, '--url', url));
  assert.equal(charlieHolds.balance, given);
  assert.equal(charlieHolds.notes.length, GIVEN_NOTES);
  assert.ok(charlieHolds.notes.every((note) => note.amount === GIVEN_NOTE && !note.spent));

  // The observer of the block: an unsigned transaction; nothing of it, its events or the
  // storage it changed holds either household's account or keys, or an amount.
  const { parentHash, records } = await blockAt(api, hash);
  const { block: { extrinsics } } = await api.rpc.chain.getBlock(hash);
  const [transfer] = extrinsics.filter((extrinsic) => extrinsic.method.section === 'energyPool');
  assert.equal(transfer.isSigned, false);
  assert.ok(transfer.method.args[0][0].ring.map((index) => index.toNumber()).includes(bobShielded.note));
  const changes = await storageChanges(node, parentHash, hash);
  const secrets = [
    accountSecret("Bob's account", bob),
    accountSecret("Charlie's account", charlie),
    keySecret("Bob's view key", bobEnergy.view),
    keySecret("Charlie's view key", charlieEnergy.view),
    keySecret("Charlie's spend key", charlieEnergy.spend),
    amountSecret(api, 'the energy given', given),
    amountSecret(api, 'a note given', GIVEN_NOTE),
    amountSecret(api, 'the change', BOB_ENERGY - given - giveFee),
    amountSecret(api, "the energy of Bob's note", BOB_ENERGY),
  ];
  assert.deepEqual(leaks(blockHaystacks(transfer, records, changes), secrets), []);
  // The same search finds what Bob's shield reveals by design: his account and the amount.
  const revealed = leaks(eventHaystacks((await blockAt(api, bobShielded.block)).records), secrets);
  assert.ok(revealed.includes("event energyPool.Shielded reveals Bob's account"), revealed.join('\n'));
  assert.ok(revealed.includes("event energyPool.Shielded reveals the energy of Bob's note"), revealed.join('\n'));
  // Neither household's account changed.
  for (const who of [bob, charlie]) {
    assert.ok(!changes.some(({ key }) => key === api.query.system.account.key(who.address)), `${who.meta.name}'s account`);
  }

  // Charlie unshields one note to his account: a ring of the thirteen notes the transfer made.
  const unshieldFee = fee(1, 0, GIVEN_NOTES + 1);
  const amount = GIVEN_NOTE - unshieldFee;
  const before = await energy(api, charlie.address);
  const unshielded = await walletOk(
    '--asset', 'energy', 'unshield', '--wallet', charlieEnergy.file, '--dest', charlie.address,
    '--amount', String(amount), '--url', url,
  );
  const [shown, dest, shownFee] = parse(/^unshielded (\d+) Wh to (\S+) \(fee (\d+) Wh\) in block (0x[0-9a-f]{64})$/, unshielded);
  assert.deepEqual([BigInt(shown), dest, BigInt(shownFee)], [amount, charlie.address, unshieldFee]);
  assert.equal(await energy(api, charlie.address), before + amount);

  // The pool's books: its account holds its total, which the wallets hold; every fee, in Wh,
  // went to the fee collector; no energy was made or lost.
  const total = (await api.query.energyPool.poolTotal()).toBigInt();
  assert.equal(await energy(api, ENERGY_POOL_ACCOUNT), total);
  let held = 0n;
  for (const wallet of [bobEnergy, charlieEnergy, daveEnergy]) {
    held += energyHoldings(await walletOk('--asset', 'energy', 'scan', '--wallet', wallet.file, '--url', url)).balance;
  }
  assert.equal(held, total);
  assert.equal(await energy(api, FEE_COLLECTOR) - collectedBefore, 12n * energyFees.perOutput + giveFee + unshieldFee);
  assert.equal(BigInt((await api.call.energyTokenApi.totalSupply()).toString()), 2n * CHARGED);
});
