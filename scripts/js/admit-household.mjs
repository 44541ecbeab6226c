// The main command's demonstration of consortium governance (paper, section 4.1): a new
// household applies with a refundable deposit, and the members admit it by an equal-vote ballot.
// The members who vote are the chain's founders and the micro-grid's households (`//Household1`
// to `//HouseholdN`, N the households its chain spec admits).
// Usage: node js/admit-household.mjs [ws://127.0.0.1:9944] [Newcomer] [N]
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { admitHousehold, connect, knownVoters } from './lib/chain.mjs';

const [url = 'ws://127.0.0.1:9944', name = 'Newcomer', households = '20'] = process.argv.slice(2);
if (!/^\d+$/.test(households)) {
  console.error('usage: node js/admit-household.mjs [ws://127.0.0.1:9944] [Newcomer] [N]');
  process.exit(2);
}
const DEMO_VOTERS = [
  'Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie',
  ...Array.from({ length: Number(households) }, (_, i) => `Household${i + 1}`),
];
await cryptoWaitReady();
const api = await connect(url);
const keyring = new Keyring({ type: 'sr25519' });
const account = (who) => keyring.addFromUri(`//${who}`, { name: who });
const alice = account('Alice');
const candidate = account(name);
const log = (message) => console.log(`[ballot] ${message}`);

try {
  const existing = await api.query.consortium.members(candidate.address);
  if (existing.isSome) {
    log(`${name} is already a member (${existing.unwrap()})`);
  } else {
    // Every voter whose key the demonstration holds: the validators and the micro-grid's households.
    const ayes = await knownVoters(api, keyring, DEMO_VOTERS);
    await admitHousehold(api, { candidate, funder: alice, proposer: alice, ayes, log });
  }
} finally {
  await api.disconnect();
}
