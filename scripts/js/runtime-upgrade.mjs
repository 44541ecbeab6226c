// A runtime upgrade by ballot, as a consortium's members do it from polkadot.js apps: the
// members vote `system.authorize_upgrade(hash of the new runtime)` through a consortium ballot,
// then anybody (Ferdie here) applies the authorized code with `system.apply_authorized_upgrade`. Before that it gives the chain an open offer and a recorded
// agreement of two micro-grid households, and afterwards it checks that the upgrade changed no
// balance (but the fee payer's and the fee collector's), no member, no offer and no agreement,
// that the chain runs the new spec version and that blocks go on. Prints its figures as JSON.
//
// Usage: node js/runtime-upgrade.mjs WS-URL WASM-FILE
// The chain must be a `microgrid-N` chain (N >= 2) whose households 1 and 2 no agent runs and
// whose meters 1 and 2 no node reports for.
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/api';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { ballot, connect, findEvent, knownVoters, nextBlock, send, sleep } from './lib/chain.mjs';
import { allowTransaction, awaitNegotiation, awaitRecording, makeOffer, signAgreement, status } from './lib/market.mjs';

const [url, wasmFile] = process.argv.slice(2);
if (!url || !wasmFile) {
  console.error('usage: node js/runtime-upgrade.mjs WS-URL WASM-FILE');
  process.exit(2);
}
const log = (line) => console.error(`runtime-upgrade: ${line}`);

/** Every entry of storage map `query`, as sorted [key, value JSON] pairs. */
async function entries(query) {
  return (await query.entries()).map(([key, value]) => [key.toHex(), JSON.stringify(value.toJSON())]).sort();
}

/** The state the upgrade must keep, at block `hash`. */
async function snapshot(api, hash) {
  const at = await api.at(hash);
  return {
    accounts: await entries(at.query.system.account),
    members: await entries(at.query.consortium.members),
    offers: await entries(at.query.market.offers),
    agreements: await entries(at.query.market.agreements),
  };
}

/**
 * The import price of `slot`, which the grid operator (Eve, or its agent if it runs) sets.
 */
async function pricedBy(api, eve, unit, slot) {
  // The grid operator's agent may have priced the slot already.
  if ((await api.query.market.slotGridPrices(slot)).isNone) {
    await send(api, api.tx.market.setGridPrices(slot, { importPrice: 300n * unit / 1000n, feedInPrice: 50n * unit / 1000n }), eve);
  }
  return (await api.query.market.slotGridPrices(slot)).unwrap().importPrice.toBigInt();
}

/** The block timestamp (ms) of block `hash`. */
async function timestamp(api, hash) {
  return (await (await api.at(hash)).query.timestamp.now()).toNumber();
}

await cryptoWaitReady();
const api = await connect(url);
try {
  const keyring = new Keyring({ type: 'sr25519' });
  const key = (uri) => keyring.addFromUri(uri, { name: uri.slice(2) });
  const [alice, eve, ferdie] = ['//Alice', '//Eve', '//Ferdie'].map(key);
  const seller = { account: key('//Household1'), meter: key('//Meter1'), agent: key('//Household1//agent') };
  const buyer = { account: key('//Household2'), agent: key('//Household2//agent') };
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  const code = readFileSync(wasmFile);
  const codeHash = blake2AsHex(code, 256);
  const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const priced = (slot) => pricedBy(api, eve, unit, slot);

  // An agreement to keep: the seller's meter reports a charged battery, both agents publish,
  // the slot is priced, the seller offers and records the agreement the buyer's agent signed.
  const start = await status(api);
  await send(api, api.tx.meterReadings.submitReading(start.slot - 1, { importedWh: 0, exportedWh: 0, stateOfChargeWh: 8_000 }), seller.meter);
  await send(api, api.tx.market.publishInfo('Seller', 'http://127.0.0.1:8781', seller.agent.publicKey), seller.account);
  await send(api, api.tx.market.publishInfo('Buyer', 'http://127.0.0.1:8782', buyer.agent.publicKey), buyer.account);
  const trading = await awaitNegotiation(api, 25_000);
  const delivery = trading.slot + 1;
  const floor = 100n * unit / 1000n;
  const cap = await priced(delivery);
  const offer = await makeOffer(api, seller.account, 3_000, floor);
  const terms = {
    offer, slot: delivery, seller: seller.account.address, buyer: buyer.account.address, energyWh: 3_000, price: (floor + cap) / 2n,
  };
  await awaitRecording(api, trading.slot);
  const agreement = await allowTransaction(api, seller.account, { ...terms, signature: signAgreement(api, buyer.agent, terms) });
  log(`agreement #${agreement} for slot ${delivery} is on chain`);

  // The ballot: the founders and both households say aye, more than half of the voters.
  const ayes = await knownVoters(api, keyring, ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Household1', 'Household2']);
  const authorize = api.tx.consortium.dispatchAsRoot(api.tx.system.authorizeUpgrade(codeHash));
  const closed = await ballot(api, authorize, { proposer: alice, ayes, log });
  if (!findEvent(closed, 'system', 'UpgradeAuthorized')) throw new Error('the ballot did not authorize the upgrade');
  log(`the consortium authorized runtime ${codeHash}`);

  // An offer open while the code changes: offers live through their trading slot.
  const upcoming = await awaitNegotiation(api, 20_000);
  await priced(upcoming.slot + 1);
  const open = await makeOffer(api, seller.account, 2_000, floor);
  log(`offer #${open} for slot ${upcoming.slot + 1} is open`);

  // Anybody may apply authorized code. A block builder that cannot fit the code in a block
  // never includes it: give up after two minutes. Only the transaction's status is watched:
  // polkadot.js's own wait for a transaction also reads its block's events, in whichever
  // runtime's types it holds while the code changes under it, and a mismatch there threw out of
  // its subscription (once in four runs here). The block's events are read afterwards, in its own
  // runtime's types.
  const upgrade = await api.tx.system.applyAuthorizedUpgrade(`0x${code.toString('hex')}`).signAsync(ferdie);
  const included = new Promise((resolve, reject) => {
    api.rpc.author.submitAndWatchExtrinsic(upgrade, (progress) => {
      if (progress.isInBlock) resolve(progress.asInBlock.toHex());
      else if (progress.isDropped || progress.isInvalid || progress.isUsurped) reject(new Error(`the upgrade was ${progress.type}`));
    }).catch(reject);
  });
  const upgradeBlock = await Promise.race([
    included,
    sleep(120_000).then(() => { throw new Error(`the upgrade (${code.length} bytes) was not in a block after two minutes`); }),
  ]);
  const blockEvents = await (await api.at(upgradeBlock)).query.system.events();
  if (!findEvent(blockEvents, 'system', 'CodeUpdated')) throw new Error('the upgrade was not applied');
  const header = await api.rpc.chain.getHeader(upgradeBlock);
  log(`code updated in block #${header.number}`);

  // The upgrade's block against its parent: the same balances, members, offers and agreements.
  const [old, now] = await Promise.all([snapshot(api, header.parentHash), snapshot(api, upgradeBlock)]);
  // Only accounts named in the block's balance or fee events (the fee payer, the fee collector)
  // may differ.
  const moved = new Set(blockEvents
    .filter(({ event }) => event.section === 'transactionPayment' || event.section === 'balances')
    .flatMap(({ event }) => event.data.filter((field) => /^AccountId(32)?$/.test(field.toRawType())).map((field) => field.toHex().slice(2))));
  const kept = (list) => list.filter(([storageKey]) => ![...moved].some((who) => storageKey.endsWith(who)));
  for (const part of ['members', 'offers', 'agreements']) {
    if (JSON.stringify(old[part]) !== JSON.stringify(now[part])) throw new Error(`the upgrade changed the ${part}`);
  }
  const afterwards = new Map(kept(now.accounts));
  const changed = kept(old.accounts).filter(([account, value]) => afterwards.get(account) !== value);
  if (changed.length > 0 || afterwards.size !== kept(old.accounts).length) {
    throw new Error(`the upgrade changed balances: ${JSON.stringify(changed)} (payers ${[...moved].join(', ')})`);
  }
  if (old.offers.length < 1 || old.agreements.length < 1) throw new Error('no offer or agreement to keep');

  // The new runtime runs, and blocks go on: the gap after the upgrade's block is its downtime.
  for (let i = 0; i < 3; i += 1) await nextBlock(api, 60_000);
  const after = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  if (after !== before + 1) throw new Error(`spec version ${after} after the upgrade, expected ${before + 1}`);
  const next = await api.rpc.chain.getBlockHash(header.number.toNumber() + 1);
  const gaps = {
    before: await timestamp(api, upgradeBlock) - await timestamp(api, header.parentHash),
    after: await timestamp(api, next) - await timestamp(api, upgradeBlock),
  };
  console.log(JSON.stringify({
    specVersionBefore: before,
    specVersionAfter: after,
    upgradeBlock: header.number.toNumber(),
    codeBytes: code.length,
    blockGapBeforeMs: gaps.before,
    blockGapAfterMs: gaps.after,
    accountsKept: kept(old.accounts).length,
    offers: old.offers.length,
    agreements: old.agreements.length,
  }));
} finally {
  await api.disconnect();
}
