// End-to-end hourly market on a real dev node whose genesis already admits three households
// (Bob and Dave sell, Charlie buys), their smart meters and the grid operator (Eve). One
// compressed slot goes through the whole workflow of the paper's Figure 3: publish, grid
// prices, offers, GetOffers over the node's `market_offers` RPC, off-chain agreement signed by
// the buyer's agent, recording in the recording window (Dave's by an agent account he
// authorized, with the batch call), meter readings of the delivery slot
// and settlement by the chain itself, with Dave delivering only a third of what he sold.
// Balances, energy and the operator's penalty income are read back over RPC. Needs
// ENERGY_NODE_BIN; uses ports index 80 (RPC 10024).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { eventually, hex, send } from '../lib/chain.mjs';
import { patchedSpec, startAlice } from '../lib/network.mjs';
import {
  allowTransaction, allowTransactions, awaitNegotiation, awaitRecording, awaitSlotAfter, energyValue, makeOffer,
  householdsGenesis, signAgreement, status,
} from '../lib/market.mjs';

const INDEX = 80;

const root = mkdtempSync(join(tmpdir(), 'energy-market-'));
let node;
let api;
let keyring;
let alice;
let eve;
/** The households: account, meter and negotiation agent. */
let bob;
let charlie;
let dave;

function household(name, index) {
  return {
    account: keyring.addFromUri(`//${name}`, { name }),
    meter: keyring.addFromUri(`//Meter${index}`, { name: `Meter${index}` }),
    agent: keyring.addFromUri(`//Agent${index}`, { name: `Agent${index}` }),
    endpoint: `http://127.0.0.1:${8780 + index}`,
  };
}

async function freeMoney(who) {
  return (await api.query.system.account(who.address)).data.free.toBigInt();
}

/** Money `who` has on hold, for any reason. */
async function heldMoney(who) {
  return (await api.query.system.account(who.address)).data.reserved.toBigInt();
}

async function energy(who) {
  return (await api.call.energyTokenApi.balanceOf(who.address)).toJSON();
}

/** `who`'s meter reports a slot that has ended. */
async function report(who, slot, importedWh, exportedWh, stateOfChargeWh) {
  await send(api, api.tx.meterReadings.submitReading(slot, { importedWh, exportedWh, stateOfChargeWh }), who.meter);
}

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice', { name: 'Alice' });
  eve = keyring.addFromUri('//Eve', { name: 'Eve' });
  bob = household('Bob', 1);
  charlie = household('Charlie', 2);
  dave = household('Dave', 3);
  const households = [bob, charlie, dave];
  const chain = patchedSpec(root, 'dev', householdsGenesis(
    [[alice.address, 'validator'], [eve.address, 'gridOperator']], households,
  ), 'market');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
  // Meters pay no fee for accepted readings, but need money to be able to sign.
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  await send(api, api.tx.utility.batchAll(
    households.map((h) => api.tx.balances.transferKeepAlive(h.meter.address, 10n * unit)),
  ), alice);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('households trade a slot: offers, GetOffers, signed agreements, readings, settlement with a penalty', async () => {
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  const importPrice = 300n * unit / 1000n; // 0.30 EUR per kWh
  const feedInPrice = 50n * unit / 1000n;

  // Batteries: the sellers' meters report 8 kWh stored in the slot that just ended.
  const start = await status(api);
  await Promise.all([bob, dave].map((h) => report(h, start.slot - 1, 0, 0, 8_000)));
  assert.equal((await energy(bob.account)).free, 8_000);

  // Step 1: the agents publish themselves.
  await Promise.all([[bob, 'Seller'], [charlie, 'Buyer'], [dave, 'Seller']].map(([h, kind]) =>
    send(api, api.tx.market.publishInfo(kind, h.endpoint, h.agent.publicKey), h.account)));
  const published = (await api.query.market.agents(charlie.account.address)).unwrap();
  assert.equal(published.kind.toString(), 'Buyer');
  assert.equal(hex(published.negotiationKey), hex(charlie.agent.publicKey));

  // A fresh negotiation phase: the operator prices the next slot, the sellers offer.
  const trading = await awaitNegotiation(api, 25_000);
  const delivery = trading.slot + 1;
  await send(api, api.tx.market.setGridPrices(delivery, { importPrice, feedInPrice }), eve);
  const bobFloor = 100n * unit / 1000n;
  const daveFloor = 120n * unit / 1000n;
  const [bobOffer, daveOffer] = await Promise.all([
    makeOffer(api, bob.account, 3_000, bobFloor),
    makeOffer(api, dave.account, 3_000, daveFloor),
  ]);
  assert.deepEqual(await energy(bob.account), { free: 5_000, held: 3_000 });

  // Step 3, GetOffers: the node's RPC method lists both offers with their agents.
  const offers = await node.rpc('market_offers', [delivery]);
  assert.equal(offers.length, 2);
  const bobListed = offers.find((o) => o.id === bobOffer);
  assert.equal(bobListed.seller, bob.account.address);
  assert.equal(bobListed.energyWh, 3_000);
  assert.equal(BigInt(bobListed.floorPrice), bobFloor);
  assert.equal(bobListed.endpoint, bob.endpoint);
  assert.equal(bobListed.negotiationKey, hex(bob.agent.publicKey));
  // Without a slot, the method lists the slot being traded now.
  assert.equal((await node.rpc('market_offers', [])).length, 2);
  // A polkadot.js client with the chain's RPC definitions (the file an apps user loads) calls
  // it as `api.rpc.market.offers` and reads the same offers, typed.
  const definitions = JSON.parse(readFileSync(new URL('../polkadot-js-definitions.json', import.meta.url), 'utf8'));
  const apps = await ApiPromise.create({ provider: new WsProvider(node.url), ...definitions, noInitWarn: true });
  try {
    const typed = (await apps.rpc.market.offers(delivery)).map((offer) => ({
      id: offer.id.toNumber(),
      seller: offer.seller.toString(),
      slot: offer.slot.toNumber(),
      energyWh: offer.energyWh.toNumber(),
      floorPrice: offer.floorPrice.toString(),
      endpoint: offer.endpoint.toString(),
      negotiationKey: offer.negotiationKey.toString(),
    }));
    assert.deepEqual(typed, offers);
    assert.equal((await apps.rpc.market.offers()).length, 2);
  } finally {
    await apps.disconnect();
  }

  // Step 4, negotiation off chain: Charlie's agent meets each seller halfway between its floor
  // and the grid's import price, and signs the terms with its negotiation key.
  const terms = [[bob, bobOffer, bobFloor], [dave, daveOffer, daveFloor]].map(([seller, offer, floor]) => {
    const agreed = {
      offer, slot: delivery, seller: seller.account.address, buyer: charlie.account.address,
      energyWh: 3_000, price: (floor + importPrice) / 2n,
    };
    return { ...agreed, from: seller, signature: signAgreement(api, charlie.agent, agreed) };
  });
  // Recording too early is refused.
  await assert.rejects(
    allowTransaction(api, bob.account, terms[0]),
    /market\.NotRecordingWindow/,
  );

  // Dave lets an agent account outside the consortium record for him (and pays its fees).
  const daveTrader = keyring.addFromUri('//DaveTrader', { name: 'DaveTrader' });
  await send(api, api.tx.utility.batchAll([
    api.tx.market.authorizeAgent(daveTrader.address),
    api.tx.balances.transferKeepAlive(daveTrader.address, unit),
  ]), dave.account);
  assert.equal((await api.query.market.agentHousehold(daveTrader.address)).unwrap().toString(), dave.account.address);

  // Step 5: in the recording window the sellers record the agreements: Bob with
  // `allowTransaction`, Dave's agent with `allowTransactions` (an offer's agreements at once).
  await awaitRecording(api, trading.slot);
  const agreements = (await Promise.all([
    allowTransaction(api, bob.account, terms[0]),
    allowTransactions(api, daveTrader, daveOffer, [terms[1]]),
  ])).flat();
  assert.equal(agreements.length, 2);
  assert.equal((await api.query.market.agreements(agreements[1])).unwrap().seller.toString(), dave.account.address);
  // A replayed signature is refused.
  await assert.rejects(allowTransaction(api, bob.account, terms[0]), /market\.AgreementExists/);
  // From here on the sellers sign nothing: their money changes only by settlement.
  const moneyBefore = {
    bob: await freeMoney(bob.account), dave: await freeMoney(dave.account), eve: await freeMoney(eve),
  };
  // Each seller's collateral, held since its offer: the penalty on all it offered.
  const collateral = { bob: await heldMoney(bob.account), dave: await heldMoney(dave.account) };
  assert.ok(collateral.bob > 0n && collateral.dave > 0n);
  const escrowed = (await api.query.balances.holds(charlie.account.address)).toJSON();
  assert.equal(escrowed.length, 1);

  // Delivery: Bob's battery gives 3 kWh; Dave's only 1 of the 3 he sold; Charlie takes the
  // missing 2 kWh from the grid. The meters report once the delivery slot has ended.
  await awaitSlotAfter(api, delivery);
  await Promise.all([
    report(bob, delivery, 0, 3_000, 5_000),
    report(dave, delivery, 0, 1_000, 7_000),
    report(charlie, delivery, 6_000, 0, 0),
  ]);

  // Step 6: the chain settles both agreements by itself (on_idle).
  await eventually('both agreements settled', 60_000, async () =>
    (await api.query.market.agreements.entries()).length === 0, [node], api);

  const [bobTerms, daveTerms] = terms;
  const rate = 10n; // percent, the presets' penalty rate
  const bobPaid = energyValue(3_000, bobTerms.price);
  const davePaid = energyValue(1_000, daveTerms.price);
  const ceilPercent = (value) => (value * rate + 99n) / 100n;
  const davePenalty = ceilPercent(energyValue(2_000, daveTerms.price));
  // The collateral comes back less what the seller owes.
  assert.equal(await freeMoney(bob.account) - moneyBefore.bob, bobPaid + collateral.bob);
  assert.equal(
    await freeMoney(dave.account) - moneyBefore.dave,
    davePaid + collateral.dave - davePenalty,
  );
  assert.equal(await heldMoney(bob.account) + await heldMoney(dave.account), 0n);
  assert.equal(await freeMoney(eve) - moneyBefore.eve, davePenalty);
  const charlieEscrow = (await api.query.balances.holds(charlie.account.address)).toJSON();
  assert.equal(charlieEscrow.length, 0);

  // Energy: every seller's tokens are what its battery stores; nothing stays held.
  assert.deepEqual(await energy(bob.account), { free: 5_000, held: 0 });
  assert.deepEqual(await energy(dave.account), { free: 7_000, held: 0 });
  assert.equal((await api.call.energyTokenApi.totalSupply()).toNumber(), 12_000);
  assert.equal((await node.rpc('market_offers', [delivery])).length, 0);

  // The settlement events record what happened, with the operator's penalty income.
  const penalties = [];
  const head = await api.rpc.chain.getHeader();
  for (let n = head.number.toNumber(); n > head.number.toNumber() - 20 && penalties.length === 0; n -= 1) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (event.section === 'market' && event.method === 'PenaltyPaid') {
        penalties.push({ payer: event.data.payer.toString(), amount: event.data.amount.toBigInt() });
      }
    }
  }
  assert.equal(penalties.length, 1);
  assert.equal(penalties[0].payer, dave.account.address);
  assert.equal(penalties[0].amount, davePenalty);
});
