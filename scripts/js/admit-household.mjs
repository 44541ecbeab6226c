// The main command's demonstration of consortium governance (paper, section 4.1): a new
// household applies with a refundable deposit, and the members admit it by an equal-vote ballot.
// Usage: node js/admit-household.mjs [ws://127.0.0.1:9944] [Household1]
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { admitHousehold, connect, knownVoters } from './lib/chain.mjs';
import { DEMO_VOTERS } from './lib/microgrid.mjs';

const [url = 'ws://127.0.0.1:9944', name = 'Household1'] = process.argv.slice(2);
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
