// The simulated micro-grid (lib/microgrid.mjs) on a real dev node whose genesis admits its five
// households, their smart meters and the grid operator (Eve): the agents trade two slots, one
// seller per delivery slot delivers only half of what it sold, and the chain settles by itself.
// Read back from the chain's events and state: agreements recorded and settled in every slot,
// prices between the offer's floor and the grid import price, money conserved among the
// participants but for fees, penalties as the operator's income, no energy held, and every
// household's energy tokens equal to its battery. Needs ENERGY_NODE_BIN; uses ports index 100
// (RPC 10044) and the agents' endpoints on 8801-8805. Takes about four minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { patchedSpec, startAlice } from '../lib/network.mjs';
import { MicroGrid, eur, microgridPatch } from '../lib/microgrid.mjs';

const INDEX = 100;

const root = mkdtempSync(join(tmpdir(), 'energy-microgrid-'));
let node;
let api;
let keyring;
let alice;
let eve;
let grid;

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice', { name: 'Alice' });
  eve = keyring.addFromUri('//Eve', { name: 'Eve' });
  const patch = microgridPatch(keyring, [[alice.address, 'validator'], [eve.address, 'gridOperator']]);
  const chain = patchedSpec(root, 'dev', patch, 'microgrid');
  ({ node, api } = await startAlice({ chain, index: INDEX, root }));
});

after(async () => {
  await grid?.stop();
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

test('the micro-grid trades two slots: offers, negotiations, agreements, readings, settlement with penalties', async () => {
  grid = new MicroGrid({
    api,
    rpcUrl: `http://127.0.0.1:${node.rpcPort}`,
    keyring,
    operator: eve,
    funder: alice,
    shortfall: { every: 1, share: 0.5 },
  });
  await grid.start();
  const households = grid.households;
  const participants = [
    ...households.flatMap((h) => [h.account.address, h.meterKey.address]),
    eve.address,
  ];
  const moneyAt = async (hash) => {
    const at = await api.at(hash);
    const money = new Map();
    for (const who of participants) {
      const { data } = await at.query.system.account(who);
      money.set(who, data.free.toBigInt() + data.reserved.toBigInt());
    }
    return money;
  };
  const first = await api.rpc.chain.getHeader();
  const before = await moneyAt(first.hash);

  const summary = await grid.run({ slots: 2 });

  const last = await api.rpc.chain.getHeader();
  const after = await moneyAt(last.hash);
  const events = await eventsBetween(first.number.toNumber() + 1, last.number.toNumber());
  const of = (method) => events.filter((e) => e.section === 'market' && e.method === method);

  // Two slots were traded, each with at least one agreement, every one of them settled.
  assert.equal(summary.slots.length, 2);
  const floors = new Map(of('OfferMade').map((e) => [e.data.offer.toNumber(), e.data.floorPrice.toBigInt()]));
  const recorded = of('AgreementRecorded').map((e) => ({
    agreement: e.data.agreement.toNumber(), offer: e.data.offer.toNumber(), slot: e.data.slot.toNumber(),
    seller: e.data.seller.toString(), buyer: e.data.buyer.toString(),
    energy: e.data.energy.toNumber(), price: e.data.price.toBigInt(),
  }));
  const settled = new Map(of('AgreementSettled').map((e) => [e.data.agreement.toNumber(), e.data.settlement]));
  for (const { delivery } of summary.slots) {
    const agreements = recorded.filter((a) => a.slot === delivery);
    assert.ok(agreements.length >= 1, `no agreement recorded for delivery slot ${delivery}`);
    for (const a of agreements) assert.ok(settled.has(a.agreement), `agreement #${a.agreement} was not settled`);
  }
  assert.equal(settled.size, recorded.length);
  assert.equal((await api.query.market.agreements.entries()).length, 0);
  assert.equal((await api.query.market.offers.entries()).length, 0);

  // Every negotiated price lies between the offer's floor and the slot's grid import price.
  for (const a of recorded) {
    const importPrice = (await api.query.market.slotGridPrices(a.slot)).unwrap().importPrice.toBigInt();
    assert.ok(floors.has(a.offer), `offer #${a.offer} was made before the run`);
    assert.ok(a.price >= floors.get(a.offer) && a.price <= importPrice,
      `agreement #${a.agreement}: price ${a.price} outside [${floors.get(a.offer)}, ${importPrice}]`);
  }
  // Every agreement a buyer signed was recorded, and the agents' record matches the chain's.
  for (const s of summary.slots) {
    assert.equal(s.agreements.length, s.deals.length, `slot ${s.slot}: ${s.deals.length} deals signed, ${s.agreements.length} recorded`);
  }
  const deals = summary.slots.flatMap((s) => s.agreements);
  assert.deepEqual(deals.map((d) => d.agreement).sort(), recorded.map((a) => a.agreement).sort());

  // One seller per delivery slot delivered half: penalties, each paid to the grid operator.
  const penalties = of('PenaltyPaid').map((e) => ({
    agreement: e.data.agreement.toNumber(), payer: e.data.payer.toString(),
    operator: e.data.operator.toString(), amount: e.data.amount.toBigInt(),
  }));
  assert.ok(penalties.length >= 1, 'nobody paid a penalty');
  for (const p of penalties) {
    assert.equal(p.operator, eve.address);
    const s = settled.get(p.agreement);
    assert.ok(p.amount === s.sellerPenalty.toBigInt() || p.amount === s.buyerPenalty.toBigInt());
  }

  // Money: what the participants lost is exactly the fees they paid (to the block author);
  // the operator's income is the penalties.
  const fees = new Map();
  for (const e of events.filter((x) => x.section === 'transactionPayment')) {
    const who = e.data.who.toString();
    // `actualFee` includes the tip.
    fees.set(who, (fees.get(who) ?? 0n) + e.data.actualFee.toBigInt());
  }
  const sum = (money) => [...money.values()].reduce((a, b) => a + b, 0n);
  const participantFees = participants.reduce((total, who) => total + (fees.get(who) ?? 0n), 0n);
  assert.equal(sum(before) - sum(after), participantFees);
  const penaltyIncome = penalties.reduce((total, p) => total + p.amount, 0n);
  assert.equal(after.get(eve.address) - before.get(eve.address) + (fees.get(eve.address) ?? 0n), penaltyIncome);

  // Energy: nothing stays held, and each household's tokens are what its battery stores, as
  // the simulation left it.
  for (const h of households) {
    const energy = (await api.call.energyTokenApi.balanceOf(h.account.address)).toJSON();
    const battery = (await api.query.meterReadings.batteries(h.account.address)).unwrap();
    assert.equal(energy.held, 0, `${h.name} still has energy held`);
    assert.equal(battery.storedWh.toNumber(), h.sim.batteryWh, `${h.name}'s battery`);
    assert.equal(energy.free, h.sim.batteryWh, `${h.name}'s energy tokens`);
  }

  const prices = recorded.map((a) => a.price);
  console.log(`summary: ${summary.slots.length} slots traded (delivery ${summary.slots.map((s) => s.delivery).join(', ')}); `
    + `${recorded.length} agreements (${summary.slots.map((s) => recorded.filter((a) => a.slot === s.delivery).length).join(' + ')}), `
    + `${recorded.reduce((total, a) => total + a.energy, 0)} Wh traded at ${eur(prices.reduce((a, b) => (b < a ? b : a)))}`
    + `–${eur(prices.reduce((a, b) => (b > a ? b : a)))} EUR/kWh; ${penalties.length} penalties, ${eur(penaltyIncome)} EUR to the operator; `
    + `participants' fees ${eur(participantFees, 6)} EUR`);
});
