// Real-client check: @polkadot/api (the library behind polkadot.js apps) against a running node.
// It decodes the node's metadata, sends a balances transfer, waits until GRANDPA finalises it,
// and checks both balances at the finalised block.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady, mnemonicGenerate, signatureVerify } from '@polkadot/util-crypto';
import { agreementMessage } from '../lib/market.mjs';

const endpoint = process.env.ENERGY_NODE_WS ?? 'ws://127.0.0.1:9944';
const prometheus = process.env.ENERGY_NODE_PROMETHEUS;
let api;

before(async () => {
  await cryptoWaitReady();
  api = await ApiPromise.create({ provider: new WsProvider(endpoint), throwOnConnect: true, noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
});

test('metadata decodes into the runtime we built', async () => {
  assert.equal(api.runtimeVersion.specName.toString(), 'energy-marketplace');
  assert.ok(api.tx.balances.transferKeepAlive, 'balances.transferKeepAlive is callable');
  assert.ok(api.tx.validatorSet.addValidator, 'validatorSet.addValidator is callable');
  assert.ok(api.query.validatorSet.validators, 'validatorSet.validators is queryable');
  const properties = await api.rpc.system.properties();
  assert.equal(properties.tokenSymbol.unwrap()[0].toString(), 'EUR');
  const validators = await api.query.validatorSet.validators();
  assert.ok(validators.length >= 1, 'the chain has validators');
});

test('polkadot.js apps can use every pallet: calls build, storage, events, errors and constants decode; no Sudo', async () => {
  const { registry } = api;
  const pallets = api.runtimeMetadata.asLatest.pallets;
  const names = pallets.map((pallet) => pallet.name.toString());
  assert.ok(!names.includes('Sudo') && !api.tx.sudo, 'a consortium chain has no Sudo');
  for (const wanted of ['Consortium', 'Market', 'MeterReadings', 'EnergyToken', 'MoneyGateway', 'ShieldedPool', 'EnergyPool', 'PrivateMarket', 'Anchoring']) {
    assert.ok(names.includes(wanted), `the runtime has ${wanted}`);
  }
  /**
   * The default value of a metadata type, built as a client builds an argument: a call's
   * arguments name their type, an event's fields point into the metadata's type lookup.
   */
  const build = (type) => registry.createTypeUnsafe(
    typeof type.toNumber === 'function' ? registry.createLookupType(type) : type.toString(), [],
  ).toU8a();
  let calls = 0;
  let maps = 0;
  for (const section of Object.keys(api.tx)) {
    for (const [method, tx] of Object.entries(api.tx[section])) {
      // Every argument's type is built, and the call with them encodes and decodes back.
      const args = tx.meta.args.map((arg) => registry.createTypeUnsafe(arg.type.toString(), []));
      args.forEach((arg) => arg.toU8a());
      const call = tx(...args);
      const decoded = api.createType('Call', call.method.toU8a());
      assert.equal(`${decoded.section}.${decoded.method}`, `${section}.${method}`);
      calls += 1;
    }
  }
  for (const section of Object.keys(api.query)) {
    for (const [name, entry] of Object.entries(api.query[section])) {
      if (typeof entry !== 'function' || !entry.meta) continue;
      if (entry.meta.type.isPlain) {
        await entry();
      } else {
        // The first page of every map decodes.
        await entry.entriesPaged({ args: [], pageSize: 2 });
        maps += 1;
      }
      assert.ok(entry.meta.docs.length >= 0, `${section}.${name}`);
    }
  }
  for (const section of Object.keys(api.events)) {
    for (const event of Object.values(api.events[section])) {
      event.meta.fields.forEach((field) => build(field.type));
    }
  }
  for (const section of Object.keys(api.errors)) {
    for (const [name, error] of Object.entries(api.errors[section])) {
      assert.equal(error.meta.name.toString(), name);
    }
  }
  for (const section of Object.keys(api.consts)) {
    for (const constant of Object.values(api.consts[section])) constant.toJSON();
  }
  assert.ok(calls > 50, `${calls} calls built`);
  assert.ok(maps > 20, `${maps} maps read`);
  // The runtime APIs the agents use decode too (metadata V15 carries them).
  const status = await api.call.marketApi.status();
  assert.ok(['Negotiation', 'Recording'].includes(status.phase.toString()), `phase ${status.phase}`);
  assert.ok(status.slotEndsAt.toBigInt() >= status.recordingStartsAt.toBigInt());
});

test('a balances transfer is finalised; the fee goes to the block author and no money vanishes', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  // On the dev chain Alice authors every block, so Bob sends: Alice's balance shows the fee.
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const recipient = keyring.addFromMnemonic(mnemonicGenerate());
  const amount = 12_345n * 10n ** 9n; // 0.012345 EUR, well above the existential deposit

  const { blockHash, events } = await new Promise((resolve, reject) => {
    let unsubscribe;
    api.tx.balances
      .transferKeepAlive(recipient.address, amount)
      .signAndSend(bob, (result) => {
        if (result.dispatchError) {
          reject(new Error(`transfer failed: ${result.dispatchError.toString()}`));
        } else if (result.status.isFinalized) {
          unsubscribe?.();
          resolve({ blockHash: result.status.asFinalized, events: result.events });
        } else if (result.isError) {
          reject(new Error(`transfer not included: ${result.status.toString()}`));
        }
      })
      .then((unsub) => { unsubscribe = unsub; }, reject);
  });

  const success = events.find(({ event }) => api.events.system.ExtrinsicSuccess.is(event));
  assert.ok(success, 'the transfer succeeded');
  const feePaid = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feePaid, 'a fee was charged');
  const fee = feePaid.event.data.actualFee.toBigInt();
  assert.ok(fee > 0n);

  const finalizedHead = await api.rpc.chain.getFinalizedHead();
  const finalizedNumber = (await api.rpc.chain.getHeader(finalizedHead)).number.toBigInt();
  const header = await api.rpc.chain.getHeader(blockHash);
  assert.ok(finalizedNumber >= header.number.toBigInt(), 'the block is final');

  const [before, after] = await Promise.all([api.at(header.parentHash), api.at(blockHash)]);
  const free = async (at, who) => (await at.query.system.account(who)).data.free.toBigInt();
  assert.equal(await free(after, recipient.address), amount);
  assert.equal(await free(after, bob.address), (await free(before, bob.address)) - amount - fee);
  assert.equal(await free(after, alice.address), (await free(before, alice.address)) + fee, 'the author earns the fee');
  const issuance = async (at) => (await at.query.balances.totalIssuance()).toBigInt();
  assert.equal(await issuance(after), await issuance(before), 'no money vanishes');
});

test('the node serves Prometheus metrics', { skip: !prometheus && 'ENERGY_NODE_PROMETHEUS not set' }, async () => {
  const response = await fetch(`http://127.0.0.1:${prometheus}/metrics`);
  assert.equal(response.status, 200);
  const body = await response.text();
  assert.match(body, /substrate_block_height\{status="finalized"/);
});

test('polkadot.js builds and verifies the agreement bytes of the Rust negotiation core\'s vector', () => {
  // Written by the Rust negotiation core's tests (`the_fixed_agreement_vector_holds`).
  const vector = JSON.parse(readFileSync(new URL('../../../offchain-agents/energy-negotiation/vectors/agreement.json', import.meta.url), 'utf8'));
  const u8aToHex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
  const payload = agreementMessage(api, { ...vector, price: BigInt(vector.price) });
  assert.equal(u8aToHex(payload), vector.payload);
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  assert.equal(u8aToHex(alice.publicKey), vector.buyer);
  assert.ok(signatureVerify(payload, vector.signature, vector.buyer).isValid);
  payload[40] ^= 1;
  assert.ok(!signatureVerify(payload, vector.signature, vector.buyer).isValid);
});
