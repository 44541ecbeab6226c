// The hourly market from a client's side (paper, section 4.1): the market clock, the message a
// buyer's agent signs to agree to a trade, and the calls of each step.
import { SIMULATOR_INSTALLATION, send, findEvent, nextBlock } from './chain.mjs';

/** Domain separator of agreement signatures; `energy_primitives::AGREEMENT_CONTEXT`. */
const AGREEMENT_CONTEXT = 'energy-market/agreement';

/** The market clock now: `{ slot, phase, recordingStartsAt, slotEndsAt }` (numbers, ms). */
export async function status(api) {
  const s = await api.call.marketApi.status();
  return {
    slot: s.slot.toNumber(),
    phase: s.phase.toString(),
    recordingStartsAt: s.recordingStartsAt.toNumber(),
    slotEndsAt: s.slotEndsAt.toNumber(),
  };
}

/**
 * Wait until a slot's negotiation phase has at least `room` ms left, and return its status.
 * Block time, not the local clock, decides: the chain's last timestamp is what calls see.
 */
export async function awaitNegotiation(api, room = 25_000) {
  for (;;) {
    const now = (await api.query.timestamp.now()).toNumber();
    const s = await status(api);
    if (s.phase === 'Negotiation' && s.recordingStartsAt - now >= room) return s;
    await nextBlock(api);
  }
}

/** Wait until the recording window of `slot` is open on chain. */
export async function awaitRecording(api, slot) {
  for (;;) {
    const s = await status(api);
    if (s.slot > slot) throw new Error(`the recording window of slot ${slot} passed`);
    if (s.slot === slot && s.phase === 'Recording') return s;
    await nextBlock(api);
  }
}

/** Wait until the chain is in a slot after `slot`. */
export async function awaitSlotAfter(api, slot) {
  for (;;) {
    const s = await status(api);
    if (s.slot > slot) return s;
    await nextBlock(api);
  }
}

/**
 * The bytes a buyer's agent signs to agree to buy `energyWh` from offer `offer` (of `seller`,
 * delivered in `slot`) at `price` per kWh: `energy_primitives::agreement_message`. The chain's
 * genesis hash is `api`'s unless `genesisHash` is given.
 */
export function agreementMessage(api, { offer, slot, seller, buyer, energyWh, price, genesisHash = api.genesisHash }) {
  return api.createType('(Bytes, H256, u64, u64, AccountId, AccountId, u64, u128)', [
    AGREEMENT_CONTEXT, genesisHash, offer, slot, seller, buyer, energyWh, price,
  ]).toU8a();
}

/** The buyer agent's signature (its sr25519 negotiation key `agentKey`) of those terms. */
export function signAgreement(api, agentKey, terms) {
  return agentKey.sign(agreementMessage(api, terms));
}

/** What `energyWh` costs at `price` per kWh, rounded down: `energy_primitives::energy_value`. */
export function energyValue(energyWh, price) {
  return (BigInt(price) * BigInt(energyWh)) / 1000n;
}

/**
 * The genesis patch (for `patchedSpec` of network.mjs) of a chain whose consortium is `members`
 * (`[address, role]`, every other member: arrays replace the preset's) plus `households`
 * (`{ account, meter }` key pairs): each a household member with its meter, and `installation`.
 */
export function householdsGenesis(members, households, installation = SIMULATOR_INSTALLATION) {
  return {
    consortium: {
      members: [
        ...members,
        ...households.map((h) => [h.account.address, 'household']),
        ...households.map((h) => [h.meter.address, { meterOracle: { household: h.account.address } }]),
      ],
    },
    meterReadings: { installations: households.map((h) => [h.account.address, installation]) },
  };
}

/** Step 2: `seller` offers `energyWh` at no less than `floorPrice`; returns the offer id. */
export async function makeOffer(api, seller, energyWh, floorPrice) {
  const { events } = await send(api, api.tx.market.makeOffer(energyWh, floorPrice), seller);
  return findEvent(events, 'market', 'OfferMade').data.offer.toNumber();
}

/**
 * Step 5 for several buyers of one offer: `signer` (the seller or its authorized agent) records
 * `agreements` (`{ buyer, energyWh, price, signature }`) together; returns their ids.
 */
export async function allowTransactions(api, signer, offer, agreements) {
  const batch = agreements.map(({ buyer, energyWh, price, signature }) => ({ buyer, energy: energyWh, price, signature }));
  const { events } = await send(api, api.tx.market.allowTransactions(offer, batch), signer);
  return events
    .filter(({ event }) => event.section === 'market' && event.method === 'AgreementRecorded')
    .map(({ event }) => event.data.agreement.toNumber());
}

/** Step 5: `seller` records the agreement the buyer's agent signed; returns the agreement id. */
export async function allowTransaction(api, seller, { offer, buyer, energyWh, price, signature }) {
  const { events } = await send(
    api, api.tx.market.allowTransaction(offer, buyer, energyWh, price, signature), seller,
  );
  return findEvent(events, 'market', 'AgreementRecorded').data.agreement.toNumber();
}
