// The main command's demonstration of a smart meter joining (paper, section 4.1): the meter's key
// goes into a node's keystore, the meter applies as the household's MeterOracle, and one ballot
// admits it and registers the household's audited installation. The node's offchain worker then
// reads the meter over HTTP each hour and its readings mint energy tokens to the household.
// Usage: node js/install-meter.mjs [ws://127.0.0.1:9944] [Household1]
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { awaitBattery, connect, installMeter, knownVoters } from './lib/chain.mjs';
import { DEMO_VOTERS } from './lib/microgrid.mjs';

const [url = 'ws://127.0.0.1:9944', name = 'Household1'] = process.argv.slice(2);
await cryptoWaitReady();
const api = await connect(url);
const keyring = new Keyring({ type: 'sr25519' });
const account = (who) => keyring.addFromUri(`//${who}`, { name: who });
const alice = account('Alice');
const household = account(name);
const meter = account(`${name}Meter`);
const log = (message) => console.log(`[meter] ${message}`);

try {
  const ayes = await knownVoters(api, keyring, DEMO_VOTERS);
  await installMeter(api, { meter, suri: `//${name}Meter`, household, funder: alice, proposer: alice, ayes, log });
  log('waiting for the offchain worker to read the meter (the last hour is reported at once, then hourly)');
  const battery = await awaitBattery(api, household, 120_000);
  const reading = await api.query.meterReadings.readings(household.address, battery.lastSlot);
  const balance = await api.call.energyTokenApi.balanceOf(household.address);
  log(`slot ${battery.lastSlot}: ${JSON.stringify(reading.unwrap().toJSON())}`);
  log(`${name} holds ${balance.free} Wh of energy tokens (${balance.held} Wh held)`);
} finally {
  await api.disconnect();
}
