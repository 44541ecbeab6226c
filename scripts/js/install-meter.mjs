// The main command's demonstration of a smart meter joining (paper, section 4.1): the meter's key
// goes into a node's keystore, the meter applies as the household's MeterOracle, and one ballot
// admits it and registers the household's audited installation. The node's offchain worker then
// reads the meter over HTTP each hour and its readings mint energy tokens to the household.
// Usage: node js/install-meter.mjs [ws://127.0.0.1:9944] [Household1]
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { SIMULATOR_INSTALLATION, admitMeter, connect, knownVoters } from './lib/chain.mjs';
import { HOUSEHOLDS } from './microgrid.mjs';
import { eventually } from './lib/network.mjs';

const [url = 'ws://127.0.0.1:9944', name = 'Household1'] = process.argv.slice(2);
const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
await cryptoWaitReady();
const api = await connect(url);
const keyring = new Keyring({ type: 'sr25519' });
const account = (who) => keyring.addFromUri(`//${who}`, { name: who });
const alice = account('Alice');
const household = account(name);
const meter = account(`${name}Meter`);
const log = (message) => console.log(`[meter] ${message}`);

try {
  await api.rpc.author.insertKey('metr', `//${name}Meter`, hex(meter.publicKey));
  log(`${meter.meta.name}'s key (${meter.address}) is in the node's keystore under "metr"`);
  if ((await api.query.consortium.members(meter.address)).isNone) {
    const installation = SIMULATOR_INSTALLATION;
    const ayes = await knownVoters(api, keyring, ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', ...HOUSEHOLDS.map(({ index }) => `Household${index}`)]);
    await admitMeter(api, { meter, household, installation, funder: alice, proposer: alice, ayes, log });
    log(`${name}'s installation: ${installation.batteryCapacityWh} Wh battery, ${installation.connectionLimitWh} Wh per hour`);
  }
  log('waiting for the offchain worker to read the meter (the last hour is reported at once, then hourly)');
  const battery = await eventually('the first reading', 120_000, async () => {
    const stored = await api.query.meterReadings.batteries(household.address);
    return stored.isSome ? stored.unwrap() : undefined;
  });
  const reading = await api.query.meterReadings.readings(household.address, battery.lastSlot);
  const balance = await api.call.energyTokenApi.balanceOf(household.address);
  log(`slot ${battery.lastSlot}: ${JSON.stringify(reading.unwrap().toJSON())}`);
  log(`${name} holds ${balance.free} Wh of energy tokens (${balance.held} Wh held)`);
} finally {
  await api.disconnect();
}
