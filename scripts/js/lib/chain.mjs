// Helpers shared by the client scripts and tests: send a transaction and wait for its block,
// run a consortium ballot (a Council motion) from proposal to close, admit a household and its
// smart meter, and wait for something on chain.
import { ApiPromise, WsProvider } from '@polkadot/api';

/** `bytes` in hex, with `0x`. */
export const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;

/** Resolves after `ms` milliseconds (at once if `ms` is not positive). */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Resolves when the node behind `api` imports its next block, or after `timeoutMs`: what waits
 * for a change on chain awaits this rather than polling on a timer.
 */
export function nextBlock(api, timeoutMs = 30_000) {
  return new Promise((resolve) => {
    let heads = 0;
    let unsubscribe;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, timeoutMs));
    // The subscription reports the current head first; the one after it is the next block.
    api.rpc.chain.subscribeNewHeads(() => {
      heads += 1;
      if (heads > 1) finish();
    }).then((stop) => {
      unsubscribe = stop;
      if (done) stop();
    }, finish);
  });
}

/**
 * Check `check` until it returns a truthy value, or throw after `timeoutMs` with the last lines
 * each of `nodes` (network.mjs's `Node`) logged. With `api`, whose node's state `check` reads,
 * it checks again at each block that node imports; without, every second (for checks that span
 * several nodes).
 */
export async function eventually(what, timeoutMs, check, nodes = [], api = undefined) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) {
      const logs = nodes.map((node) => `--- ${node.name}\n${node.logTail()}`).join('\n');
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}\n${logs}`);
    }
    await (api ? nextBlock(api, deadline - Date.now()) : sleep(1000));
  }
}

/** Connect to a node's WebSocket RPC. */
export function connect(url) {
  return ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true, noInitWarn: true });
}

/** A dispatch error as `pallet.Error`, or the error's own text. */
export function describe(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

/**
 * Sign `tx` with `signer`, wait until it is in a block (or finalized), and return the block
 * hash and the transaction's events. Rejects with `pallet.Error` if the call failed.
 */
export function send(api, tx, signer, { finalized = false } = {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, (result) => {
      const { status, events, dispatchError } = result;
      if (dispatchError) {
        unsubscribe?.();
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${describe(api, dispatchError)}`));
      } else if (finalized ? status.isFinalized : status.isInBlock) {
        unsubscribe?.();
        resolve({ blockHash: finalized ? status.asFinalized : status.asInBlock, events });
      } else if (result.isError) {
        unsubscribe?.();
        reject(new Error(`${tx.method.section}.${tx.method.method} not included: ${status}`));
      }
    }).then((unsub) => { unsubscribe = unsub; }, reject);
  });
}

/** The first event `section.method` among `events`, or undefined. */
export function findEvent(events, section, method) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}

/**
 * Put `call` to the consortium's vote: `proposer` proposes it with the majority threshold,
 * every account in `ayes` votes for it, and `closer` closes it. Returns the close's events.
 * Ballots pass when more than half of the voting members say aye.
 */
export async function ballot(api, call, { proposer, ayes, closer = proposer, log = () => {} }) {
  const { section, method } = call.method;
  const voters = await api.query.council.members();
  const threshold = Math.floor(voters.length / 2) + 1;
  const lengthBound = call.encodedLength;
  const { events } = await send(api, api.tx.council.propose(threshold, call, lengthBound), proposer);
  if (threshold < 2) {
    // A single voter's proposal is its own majority: the collective executes it at once.
    checkExecuted(api, events, 'the proposal');
    log(`${section}.${method} executed: the proposer is the only voter`);
    return events;
  }
  const proposed = findEvent(events, 'council', 'Proposed');
  if (!proposed) throw new Error(`${section}.${method} was not proposed`);
  const { proposalIndex, proposalHash } = proposed.data;
  log(`ballot #${proposalIndex} on ${section}.${method}: needs ${threshold} of ${voters.length} ayes`);
  // Each voter signs its own transaction, so the votes go out together.
  await Promise.all(ayes.map(async (voter) => {
    const voted = await send(api, api.tx.council.vote(proposalHash, proposalIndex, true), voter);
    const { yes, no } = findEvent(voted.events, 'council', 'Voted').data;
    log(`  ${voter.meta.name ?? voter.address} votes aye (${yes} aye, ${no} nay)`);
  }));
  const weightBound = api.consts.council.maxProposalWeight;
  const closed = await send(
    api,
    api.tx.council.close(proposalHash, proposalIndex, weightBound, lengthBound),
    closer,
  );
  checkExecuted(api, closed.events, `ballot #${proposalIndex}`);
  log(`  ballot #${proposalIndex} passed and executed`);
  return closed.events;
}

/** Throw unless `events` hold a successful `council.Executed`. */
function checkExecuted(api, events, what) {
  const executed = findEvent(events, 'council', 'Executed');
  if (!executed) throw new Error(`${what} did not pass`);
  const result = executed.data.result;
  if (result.isErr) throw new Error(`${what} passed but its call failed: ${describe(api, result.asErr)}`);
}

/**
 * The paper's admission of a new household (section 4.1): `candidate` gets money from
 * `funder`, applies with the deposit, and the members vote it in. Returns the admission event.
 */
export async function admitHousehold(api, { candidate, funder, proposer, ayes, log = () => {} }) {
  const name = candidate.meta.name ?? candidate.address;
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  log(`${name} (${candidate.address}) receives 1000 EUR from ${funder.meta.name}`);
  await send(api, api.tx.balances.transferKeepAlive(candidate.address, 1000n * unit), funder);
  const deposit = api.consts.consortium.applicationDeposit.toBigInt();
  log(`${name} applies to join as a household; ${deposit / unit} EUR deposit held`);
  await send(api, api.tx.consortium.apply('Household'), candidate);
  const events = await ballot(api, api.tx.consortium.admit(candidate.address), { proposer, ayes, log });
  const admitted = findEvent(events, 'consortium', 'MemberAdmitted');
  const voters = (await api.query.council.members()).length;
  log(`${name} is a member with role ${admitted.data.role}; its deposit is back; ${voters} members vote now`);
  return admitted;
}

/** The installation `meter-simulator` models by default: a 10 kWh battery, 7 kWh per hour. */
export const SIMULATOR_INSTALLATION = { batteryCapacityWh: 10_000, connectionLimitWh: 7_000 };

/**
 * A household's smart meter joins (paper, section 4.1): `meter` gets money from `funder`,
 * applies as the household's MeterOracle, and one ballot admits it and registers the
 * household's audited `installation`.
 */
export async function admitMeter(api, { meter, household, installation, funder, proposer, ayes, log = () => {} }) {
  const name = meter.meta.name ?? meter.address;
  const unit = 10n ** BigInt(api.registry.chainDecimals[0]);
  await send(api, api.tx.balances.transferKeepAlive(meter.address, 1000n * unit), funder);
  await send(api, api.tx.consortium.apply({ MeterOracle: { household: household.address } }), meter);
  log(`${name} applies as ${household.meta.name ?? household.address}'s meter oracle`);
  await ballot(api, api.tx.utility.batchAll([
    api.tx.consortium.admit(meter.address),
    api.tx.meterReadings.setInstallation(household.address, installation),
  ]), { proposer, ayes, log });
}

/**
 * A household's smart meter joins with its key in a node's keystore, as the main command's
 * Household1 does: the meter's key `suri` goes into the keystore of the node `api` is connected
 * to, under `metr`, so that node's offchain worker reads the meter and signs its readings; unless
 * the meter is a member already, one ballot admits it with the household's `installation`
 * (`admitMeter`). `awaitBattery` then waits for the worker's first reading.
 */
export async function installMeter(api, {
  meter, suri, household, installation = SIMULATOR_INSTALLATION, funder, proposer, ayes, log = () => {},
}) {
  await api.rpc.author.insertKey('metr', suri, hex(meter.publicKey));
  log(`${meter.meta.name}'s key (${meter.address}) is in the node's keystore under "metr"`);
  if ((await api.query.consortium.members(meter.address)).isSome) return;
  await admitMeter(api, { meter, household, installation, funder, proposer, ayes, log });
  const name = household.meta.name ?? household.address;
  log(`${name}'s installation: ${installation.batteryCapacityWh} Wh battery, ${installation.connectionLimitWh} Wh per hour`);
}

/**
 * The battery the chain stores for `household` once a reading of its meter is in: waits up to
 * `timeoutMs`, then fails with the log tails of `nodes`.
 */
export function awaitBattery(api, household, timeoutMs, nodes = []) {
  const name = household.meta.name ?? household.address;
  return eventually(`a reading of ${name}'s meter on chain`, timeoutMs, async () => {
    const stored = await api.query.meterReadings.batteries(household.address);
    return stored.isSome ? stored.unwrap() : undefined;
  }, nodes, api);
}

/**
 * The demonstration's voters: the accounts of the well-known keys `names` (`//Name`) that are
 * voting members now. A ballot of the main command gets their ayes.
 */
export async function knownVoters(api, keyring, names) {
  const voters = new Set((await api.query.council.members()).map((who) => who.toString()));
  return names
    .map((name) => keyring.addFromUri(`//${name}`, { name }))
    .filter((pair) => voters.has(pair.address));
}

/**
 * Call a JSON-RPC method over HTTP of the node at `node`: a port on 127.0.0.1, or a URL.
 */
export async function rpc(node, method, params = []) {
  const url = typeof node === 'number' ? `http://127.0.0.1:${node}` : node;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
