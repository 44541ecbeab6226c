// A simulated micro-grid trading through the chain (paper, section 4.1 and Figure 3): off-chain
// agents for several households, each with a PV array, a load and a battery, and the grid
// operator. Per household:
// - a forecasting agent predicts the next slot's net production (an exponential moving average
//   of its own past slots) and, from its battery, decides whether the household sells or buys
//   in the next slot and how much;
// - a seller agent publishes itself (`market.publishInfo`), offers the surplus
//   (`market.makeOffer`, at a floor price that is its production cost), negotiates over HTTP and
//   records each agreement in the recording window (`market.allowTransaction`);
// - a buyer agent lists the offers (`market_offers` RPC), negotiates with the sellers' endpoints
//   by alternating offers and signs the agreed terms with its negotiation key;
// - its smart meter (a meter oracle, signed here for the simulated households) reports each
//   ended slot's flows (`meterReadings.submitReading`): sellers export what they sold (one
//   seller now and then delivers only part, and pays a penalty), buyers import what they bought
//   plus any residual deficit, batteries change by the net flow.
// The grid operator (Eve) prices every upcoming slot (`market.setGridPrices`) with a day curve.
// The chain settles each agreement by itself once both meters reported its delivery slot.
//
// The program js/microgrid.mjs runs it against a node. The agents' negotiation endpoints listen
// on 127.0.0.1, ports 8801 and up.
//
// Negotiation ontology: the messages every agent exchanges, whatever its strategy. JSON over HTTP
// (`Content-Type: application/json`); prices are decimal strings in the money token's smallest
// unit per kWh, energy integer Wh, accounts SS58 addresses, offers and slots numbers.
//   POST /negotiate { offer, slot, buyer, energyWh, price, round }
//        The buyer proposes to buy `energyWh` of `offer` (for delivery in `slot`) at `price`;
//        `round` counts its proposals to this offer from 0. The seller answers with one of:
//     -> { accept: true, price, energyWh }    it takes the proposal, for `energyWh` (≤ asked);
//                                             the buyer then agrees at `price` (POST /agree)
//     -> { counter: price, energyWh, round }  its ask in this round; the buyer may agree to it
//                                             (POST /agree at that price) or propose again
//     -> { reject: reason }                   no deal on this offer (unknown, closed, sold out,
//                                             price outside [floor, grid import price], ...)
//   POST /agree { offer, slot, seller, buyer, energyWh, price, signature }
//        The buyer agrees to terms the seller accepted or countered: `signature` (hex) is its
//        agent key's sr25519 signature of `agreementMessage` (market.mjs) of these terms.
//     -> { ok: true, recordingStartsAt }      the seller records it with
//                                             `market.allowTransaction` in the recording window
//     -> { error: reason, energyWh? }         refused; `energyWh` is what the offer still has
//                                             when that is the reason (the buyer may re-sign)
//   GET /  -> { seller, offers: [{ id, slot, energyWh, availableWh, floorPrice }] }
// Prices always lie between the offer's floor and the slot's grid import price: both sides
// clamp their proposals to it, the seller rejects anything outside and the chain checks it again.
import { createServer } from 'node:http';
import { signatureVerify } from '@polkadot/util-crypto';
import { SIMULATOR_INSTALLATION, describe, findEvent, hex, rpc, send, sleep } from './chain.mjs';
import { agreementMessage, householdsGenesis, signAgreement } from './market.mjs';

/** One unit of money (one euro) in the token's smallest unit. */
export const UNIT = 10n ** 12n;
/** The households' audited installation: a 10 kWh battery, 7 kWh per slot each way. */
export const INSTALLATION = SIMULATOR_INSTALLATION;
/** The first agent's negotiation port; the others follow. */
export const FIRST_PORT = 8801;
/** Money a household and its meter start with (genesis endowment, or a top-up from a funder). */
export const HOUSEHOLD_FUNDS = 1_000n * UNIT;
export const METER_FUNDS = 10n * UNIT;

/**
 * The simulated households: PV peak and mean load per slot, the battery's charge at the first
 * reading, the charge the household keeps in reserve, its agent's kind and its production cost.
 */
export const HOUSEHOLDS = [
  { index: 2, kind: 'Seller', pvPeakWh: 6_000, loadWh: 500, initialWh: 9_000, reserveWh: 2_500, floorMilli: 80 },
  { index: 3, kind: 'Seller', pvPeakWh: 5_000, loadWh: 600, initialWh: 8_000, reserveWh: 2_500, floorMilli: 100 },
  { index: 4, kind: 'Both', pvPeakWh: 3_500, loadWh: 800, initialWh: 5_000, reserveWh: 2_500, floorMilli: 120 },
  { index: 5, kind: 'Buyer', pvPeakWh: 0, loadWh: 1_100, initialWh: 1_500, reserveWh: 1_000, floorMilli: 140 },
  { index: 6, kind: 'Buyer', pvPeakWh: 1_000, loadWh: 1_200, initialWh: 800, reserveWh: 1_000, floorMilli: 140 },
];

/**
 * The well-known keys that vote in the main command's ballots (`knownVoters` of chain.mjs keeps
 * those that are members): the consortium preset's founders and the micro-grid's households.
 */
export const DEMO_VOTERS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', ...HOUSEHOLDS.map(({ index }) => `Household${index}`)];

const fromHex = (text) => new Uint8Array(Buffer.from(String(text).replace(/^0x/, ''), 'hex'));
const min = (...values) => values.reduce((a, b) => (b < a ? b : a));
const max = (...values) => values.reduce((a, b) => (b > a ? b : a));

/** `units` of money as euros with `digits` decimals, e.g. `0.1950`. */
export function eur(units, digits = 4) {
  const value = BigInt(units);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const scale = 10n ** BigInt(12 - digits);
  const rounded = (abs + scale / 2n) / scale;
  const whole = rounded / 10n ** BigInt(digits);
  const fraction = (rounded % 10n ** BigInt(digits)).toString().padStart(digits, '0');
  return `${sign}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** Deterministic pseudo-random number in [0, 1) from integer seeds. */
export function random(...seeds) {
  let h = 0x811c9dc5;
  for (const seed of seeds) {
    const n = Math.floor(Number(seed));
    for (const word of [n >>> 0, Math.floor(n / 2 ** 32) >>> 0]) {
      h = Math.imul(h ^ word, 0x01000193);
      h ^= h >>> 15;
      h = Math.imul(h, 0x2c1b3c6d);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

// ---------------------------------------------------------------------------------------------
// The simulated physics
// ---------------------------------------------------------------------------------------------

/** The hour of the simulated day a slot stands for: a market slot is an hour. */
export const hourOf = (slot) => Number(slot) % 24;

/** Share of the PV peak produced in `hour`: daylight from 6:00 to 19:00. */
export function daylight(hour) {
  return hour >= 6 && hour < 19 ? Math.sin((Math.PI * (hour - 6 + 0.5)) / 13) : 0;
}

/** A household's load by hour, relative to its mean: morning and evening peaks. */
const LOAD_SHAPE = [
  0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1.1, 1.4, 1.2, 0.9, 0.8, 0.8,
  0.9, 0.8, 0.8, 0.9, 1.1, 1.5, 1.7, 1.6, 1.4, 1.1, 0.9, 0.7,
];

/** The weather of a slot, shared by the whole micro-grid: 1 is a clear sky. */
export const sunshine = (slot) => 0.55 + 0.45 * random(slot, 0x5eed);

/**
 * A household's devices: PV array, load and battery, and its grid connection. `run` plays one
 * slot given its contracts and returns what the smart meter measures.
 */
export class HouseholdSim {
  constructor(profile, installation = INSTALLATION) {
    this.profile = profile;
    this.capacityWh = installation.batteryCapacityWh;
    this.limitWh = installation.connectionLimitWh;
    this.batteryWh = profile.initialWh;
  }

  /** PV production in `slot`, Wh. */
  pv(slot) {
    const { pvPeakWh, index } = this.profile;
    return Math.round(pvPeakWh * daylight(hourOf(slot)) * sunshine(slot) * (0.9 + 0.2 * random(slot, index, 1)));
  }

  /** Consumption in `slot`, Wh. */
  load(slot) {
    const { loadWh, index } = this.profile;
    return Math.round(loadWh * LOAD_SHAPE[hourOf(slot)] * (0.85 + 0.3 * random(slot, index, 2)));
  }

  /**
   * Plays `slot`: the household exports `deliverShare` of the `soldWh` it sold and imports the
   * `boughtWh` it bought. A battery that runs empty first cuts the exports, then imports the
   * rest from the grid; a full one feeds the excess in (or curtails the PV of a household that
   * is holding back a delivery). Returns the meter's reading and what happened.
   */
  run(slot, { soldWh = 0, boughtWh = 0, deliverShare = 1 } = {}) {
    const pvWh = this.pv(slot);
    let loadWh = this.load(slot);
    let exported = Math.floor(soldWh * deliverShare);
    let imported = boughtWh;
    let battery = this.batteryWh + pvWh - loadWh + imported - exported;
    if (battery < 0) {
      const cut = Math.min(exported, -battery);
      exported -= cut;
      battery += cut;
      if (battery < 0) {
        imported -= battery;
        battery = 0;
      }
    }
    if (imported > this.limitWh) {
      // The connection cannot carry it: the household sheds load.
      loadWh -= imported - this.limitWh;
      imported = this.limitWh;
    }
    let feedInWh = 0;
    if (battery > this.capacityWh) {
      const excess = battery - this.capacityWh;
      battery = this.capacityWh;
      feedInWh = deliverShare < 1 ? 0 : Math.min(excess, this.limitWh - exported);
      exported += feedInWh;
    }
    this.batteryWh = battery;
    return {
      reading: { importedWh: imported, exportedWh: exported, stateOfChargeWh: battery },
      pvWh,
      loadWh,
      netWh: pvWh - loadWh,
      deliveredWh: Math.min(soldWh, exported),
      gridImportWh: Math.max(0, imported - boughtWh),
      feedInWh,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------------------------

/**
 * The forecasting agent: an exponential moving average of the household's net production
 * (PV minus load) over its past slots, and the position it implies for the next slot.
 */
export class Forecaster {
  constructor({ alpha = 0.5 } = {}) {
    this.alpha = alpha;
    this.ema = undefined;
  }

  /** Learn a slot's measured net production, Wh. */
  observe(netWh) {
    this.ema = this.ema === undefined ? netWh : this.alpha * netWh + (1 - this.alpha) * this.ema;
  }

  /** The forecast net production of a slot, Wh. */
  get forecastWh() {
    return Math.round(this.ema ?? 0);
  }

  /**
   * What to do in the delivery slot: the battery now (`batteryWh`), the contracts of the slot
   * under way (`soldWh`, `boughtWh`) and the forecast of both slots give the charge the battery
   * would end the delivery slot with; above the reserve is surplus to sell, below it a deficit
   * to buy. Returns `{ side: 'sell' | 'buy' | 'idle', energyWh, forecastWh, expectedWh }`.
   */
  decide({ batteryWh, soldWh = 0, boughtWh = 0, reserveWh, capacityWh, limitWh, maxTradeWh = 3_000, minTradeWh = 200 }) {
    const forecastWh = this.forecastWh;
    const startWh = Math.min(capacityWh, Math.max(0, batteryWh + forecastWh - soldWh + boughtWh));
    const expectedWh = startWh + forecastWh;
    const surplus = expectedWh - reserveWh;
    const cap = Math.min(maxTradeWh, limitWh);
    // While the battery drains (night), a seller offers half its surplus: the rest is for later.
    const offered = forecastWh >= 0 ? surplus : Math.ceil(surplus / 2);
    if (offered >= minTradeWh) return { side: 'sell', energyWh: Math.min(offered, startWh, cap), forecastWh, expectedWh };
    if (-surplus >= minTradeWh) return { side: 'buy', energyWh: Math.min(-surplus, cap), forecastWh, expectedWh };
    return { side: 'idle', energyWh: 0, forecastWh, expectedWh };
  }
}

/**
 * A negotiation strategy is a function `({ side, round, floor, ceiling, energyWh }) => price`:
 * the price per kWh (BigInt) that `side` ('buyer' or 'seller') proposes in `round` (0, 1, ...)
 * for an offer whose floor is `floor` and whose slot's grid import price is `ceiling`. Any
 * function will do: the agents clamp its answer to [floor, ceiling] and speak the ontology.
 *
 * `concession` is the alternating-offers strategy of the agents here: the buyer starts `start`
 * of the way up from the floor, the seller as far down from the import price, and each concedes
 * another `step` of the range per round; they deal once the proposals cross.
 */
export function concession({ start = 0.05, step = 0.15 } = {}) {
  return ({ side, round, floor, ceiling }) => {
    const share = BigInt(Math.round(Math.min(1, start + step * round) * 1e6));
    const range = ceiling - floor;
    return side === 'buyer' ? floor + (range * share) / 1_000_000n : ceiling - (range * share) / 1_000_000n;
  };
}

/**
 * Sends one account's transactions in order, with consecutive nonces: each goes to the pool once
 * the one before is there. The nonce is tracked here, since the node's `system_accountNextIndex`
 * may not count a transaction the pool has just taken; the node's answer is used when it is
 * ahead (the account signed elsewhere) or after a transaction was refused or dropped.
 */
export class Signer {
  constructor(api, pair) {
    this.api = api;
    this.pair = pair;
    this.queue = Promise.resolve();
    this.next = undefined;
  }

  /** Sign and submit `tx`; resolves with `{ blockHash, events }` once in a block. */
  send(tx) {
    const { api, pair } = this;
    const what = `${tx.method.section}.${tx.method.method}`;
    let pooled;
    const gate = new Promise((resolve) => { pooled = resolve; });
    const previous = this.queue;
    this.queue = gate;
    return previous.then(async () => {
      let nonce;
      try {
        const chain = (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
        nonce = Math.max(chain, this.next ?? 0);
      } catch (error) {
        pooled();
        throw error;
      }
      return new Promise((resolve, reject) => {
        let unsubscribe;
        let done = false;
        const finish = (settle, value) => {
          if (done) return;
          done = true;
          unsubscribe?.();
          settle(value);
        };
        tx.signAndSend(pair, { nonce }, (result) => {
          const { status, events, dispatchError } = result;
          if (dispatchError) {
            finish(reject, new Error(`${what}: ${describe(api, dispatchError)}`));
          } else if (status.isInBlock) {
            finish(resolve, { blockHash: status.asInBlock, events });
          } else if (result.isError) {
            this.next = undefined;
            finish(reject, new Error(`${what} not included: ${status}`));
          }
        }).then((unsub) => {
          this.next = nonce + 1;
          unsubscribe = unsub;
          if (done) unsub();
          pooled();
        }, (error) => {
          pooled();
          finish(reject, error);
        });
      });
    });
  }
}

/** POST `message` as JSON to `url`; the answer, or an error after `timeoutMs`. */
async function postJson(url, message, timeoutMs) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return response.json();
}

const clamp = (price, floor, ceiling) => max(floor, min(ceiling, price));

/**
 * The seller agent of a household: offers its surplus, answers negotiations on its HTTP
 * endpoint, and records the agreements buyers signed in the recording window.
 */
export class SellerAgent {
  constructor({ api, household, port, strategy, log }) {
    this.api = api;
    this.household = household;
    this.port = port;
    this.strategy = strategy;
    this.log = log;
    /** Open offers by id: terms, energy promised to buyers, negotiations and agreements. */
    this.offers = new Map();
    this.server = undefined;
  }

  get address() {
    return this.household.account.address;
  }

  /** Serve the negotiation endpoint on 127.0.0.1. */
  async listen() {
    this.server = createServer((request, response) => {
      this.serve(request, response).catch((error) => {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ error: error.message }));
      });
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close() {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  }

  async serve(request, response) {
    const reply = (status, body) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/') {
      return reply(200, {
        seller: this.address,
        offers: [...this.offers.values()].map((o) => ({
          id: o.id, slot: o.slot, energyWh: o.energyWh, availableWh: o.energyWh - o.promisedWh,
          floorPrice: o.floor.toString(),
        })),
      });
    }
    if (request.method !== 'POST' || !['/negotiate', '/agree'].includes(request.url)) {
      return reply(404, { error: 'unknown message' });
    }
    let body = '';
    for await (const chunk of request) {
      body += chunk;
      if (body.length > 16_384) return reply(413, { error: 'message too long' });
    }
    let message;
    try {
      message = JSON.parse(body);
    } catch {
      return reply(400, { error: 'not JSON' });
    }
    if (request.url === '/negotiate') return reply(200, this.negotiate(message));
    return reply(200, await this.agree(message));
  }

  /** Offer `energyWh` for delivery in `slot` at no less than `floor`; returns the offer id. */
  async offer({ slot, energyWh, floor, ceiling, closesAt }) {
    const { events } = await this.household.signer.send(this.api.tx.market.makeOffer(energyWh, floor));
    const id = findEvent(events, 'market', 'OfferMade').data.offer.toNumber();
    this.offers.set(id, {
      id, slot, energyWh, floor, ceiling, closesAt, promisedWh: 0, sessions: new Map(), agreements: [],
    });
    return id;
  }

  /** A buyer's proposal (ontology: POST /negotiate). */
  negotiate({ offer: offerId, slot, buyer, energyWh, price }) {
    const offer = this.offers.get(Number(offerId));
    if (!offer || offer.slot !== Number(slot)) return { reject: 'unknown offer' };
    if (Date.now() >= offer.closesAt) return { reject: 'negotiation closed' };
    if (typeof buyer !== 'string' || buyer === this.address) return { reject: 'bad buyer' };
    let proposed;
    try {
      proposed = BigInt(price);
    } catch {
      return { reject: 'bad price' };
    }
    if (proposed < offer.floor || proposed > offer.ceiling) return { reject: 'price outside [floor, import price]' };
    const available = offer.energyWh - offer.promisedWh;
    if (available <= 0) return { reject: 'sold out' };
    const wanted = Math.floor(Number(energyWh));
    if (!(wanted > 0)) return { reject: 'bad energy' };
    const granted = Math.min(wanted, available);
    const session = offer.sessions.get(buyer) ?? { round: 0, counters: new Set(), accepted: undefined, energyWh: granted };
    offer.sessions.set(buyer, session);
    session.energyWh = granted;
    const ask = clamp(this.strategy({ side: 'seller', round: session.round, floor: offer.floor, ceiling: offer.ceiling, energyWh: granted }), offer.floor, offer.ceiling);
    if (proposed >= ask) {
      session.accepted = proposed;
      return { accept: true, price: proposed.toString(), energyWh: granted };
    }
    session.counters.add(ask);
    session.round += 1;
    return { counter: ask.toString(), energyWh: granted, round: session.round - 1 };
  }

  /** A buyer agrees to accepted or countered terms, with its signature (ontology: POST /agree). */
  async agree({ offer: offerId, slot, seller, buyer, energyWh, price, signature }) {
    const offer = this.offers.get(Number(offerId));
    if (!offer || offer.slot !== Number(slot)) return { error: 'unknown offer' };
    if (seller !== this.address) return { error: 'not this seller' };
    if (Date.now() >= offer.closesAt) return { error: 'negotiation closed' };
    const session = offer.sessions.get(buyer);
    let agreed;
    try {
      agreed = BigInt(price);
    } catch {
      return { error: 'bad price' };
    }
    if (!session || !(session.accepted === agreed || session.counters.has(agreed))) {
      return { error: 'not the negotiated price' };
    }
    const energy = Math.floor(Number(energyWh));
    if (!(energy > 0) || energy > session.energyWh) return { error: 'not the negotiated energy' };
    if (offer.agreements.some((a) => a.buyer === buyer)) return { error: 'already agreed' };
    const info = await this.api.query.market.agents(buyer);
    if (info.isNone || !['Buyer', 'Both'].includes(info.unwrap().kind.toString())) {
      return { error: 'the buyer has not published itself as a buyer' };
    }
    const terms = { offer: offer.id, slot: offer.slot, seller: this.address, buyer, energyWh: energy, price: agreed };
    const key = info.unwrap().negotiationKey;
    let valid = false;
    try {
      valid = signatureVerify(agreementMessage(this.api, terms), fromHex(signature), key.toU8a()).isValid;
    } catch {
      valid = false;
    }
    if (!valid) return { error: 'bad signature' };
    // Checked again after the chain query: another buyer may have taken the energy meanwhile.
    const available = offer.energyWh - offer.promisedWh;
    if (energy > available) return { error: 'not that much energy left', energyWh: available };
    offer.promisedWh += energy;
    offer.agreements.push({ ...terms, signature: fromHex(signature) });
    return { ok: true, recordingStartsAt: offer.closesAt };
  }

  /** Records the agreements of the offers for delivery in `slot`; returns what was recorded. */
  async record(slot) {
    const pending = [...this.offers.values()].filter((o) => o.slot === slot).flatMap((o) => o.agreements);
    const results = await Promise.allSettled(pending.map((a) =>
      this.household.signer.send(this.api.tx.market.allowTransaction(a.offer, a.buyer, a.energyWh, a.price, a.signature))));
    const recorded = [];
    results.forEach((result, i) => {
      const a = pending[i];
      const buyer = this.household.names.get(a.buyer) ?? a.buyer;
      if (result.status === 'fulfilled') {
        const id = findEvent(result.value.events, 'market', 'AgreementRecorded').data.agreement.toNumber();
        recorded.push({ ...a, agreement: id });
        this.log('seller', `${this.household.name} records agreement #${id}: ${a.energyWh} Wh to ${buyer} at ${eur(a.price)} EUR/kWh (offer #${a.offer})`);
      } else {
        this.log('seller', `${this.household.name} could not record its agreement with ${buyer}: ${result.reason.message}`);
      }
    });
    for (const [id, offer] of this.offers) if (offer.slot <= slot) this.offers.delete(id);
    return recorded;
  }
}

/**
 * The buyer agent of a household: lists the offers of the delivery slot, negotiates with their
 * sellers, cheapest floor first, and signs what it agrees to.
 */
export class BuyerAgent {
  constructor({ api, household, rpcUrl, strategy, log, maxRounds = 12, timeoutMs = 2_000 }) {
    this.api = api;
    this.household = household;
    this.rpcUrl = rpcUrl;
    this.strategy = strategy;
    this.log = log;
    this.maxRounds = maxRounds;
    this.timeoutMs = timeoutMs;
  }

  get address() {
    return this.household.account.address;
  }

  /** GetOffers: the open offers for delivery in `slot`, over the node's `market_offers`. */
  offers(slot) {
    return rpc(this.rpcUrl, 'market_offers', [slot]);
  }

  /**
   * Buy up to `needWh` for delivery in `slot` at no more than `ceiling` (the grid import
   * price) before `deadline` (ms); returns the deals agreed.
   */
  async buy({ slot, needWh, ceiling, deadline, minTradeWh = 200 }) {
    const tried = new Set();
    const deals = [];
    let need = needWh;
    while (need >= minTradeWh && Date.now() < deadline) {
      let offers = [];
      try {
        offers = (await this.offers(slot)).filter((o) =>
          !tried.has(o.id) && o.seller !== this.address && o.energyWh > 0 && BigInt(o.floorPrice) <= ceiling);
      } catch (error) {
        this.log('buyer', `${this.household.name} could not list the offers: ${error.message}`);
      }
      if (offers.length === 0) {
        await sleep(Math.min(1_500, deadline - Date.now()));
        continue;
      }
      offers.sort((a, b) => (BigInt(a.floorPrice) < BigInt(b.floorPrice) ? -1 : BigInt(a.floorPrice) > BigInt(b.floorPrice) ? 1 : b.energyWh - a.energyWh));
      for (const offer of offers) {
        if (need < minTradeWh || Date.now() >= deadline) break;
        tried.add(offer.id);
        try {
          const deal = await this.negotiate(offer, Math.min(need, offer.energyWh), ceiling, deadline, minTradeWh);
          if (deal) {
            deals.push(deal);
            need -= deal.energyWh;
          }
        } catch (error) {
          this.log('buyer', `${this.household.name} dropped offer #${offer.id}: ${error.message}`);
        }
      }
    }
    return deals;
  }

  /** Alternating offers with one seller; the deal, or undefined. */
  async negotiate(offer, energyWh, ceiling, deadline, minTradeWh) {
    const floor = BigInt(offer.floorPrice);
    const seller = this.household.names.get(offer.seller) ?? offer.seller;
    const propose = (round) => clamp(this.strategy({ side: 'buyer', round, floor, ceiling, energyWh }), floor, ceiling);
    const trace = [];
    let energy = energyWh;
    let round = 0;
    let bid = propose(round);
    let price;
    for (;;) {
      if (Date.now() >= deadline) return undefined;
      const answer = await postJson(`${offer.endpoint}/negotiate`, {
        offer: offer.id, slot: offer.slot, buyer: this.address, energyWh: energy, price: bid.toString(), round,
      }, this.timeoutMs);
      if (answer.reject || answer.error) {
        this.log('negotiate', `${this.household.name} ↔ ${seller} (offer #${offer.id}): rejected, ${answer.reject ?? answer.error}`);
        return undefined;
      }
      if (answer.energyWh !== undefined) energy = Math.min(energy, Number(answer.energyWh));
      if (answer.accept) {
        trace.push(`${eur(bid, 3)}✓`);
        price = BigInt(answer.price);
        break;
      }
      const counter = BigInt(answer.counter);
      trace.push(`${eur(bid, 3)}/${eur(counter, 3)}`);
      round += 1;
      const next = propose(round);
      if (counter <= next) {
        trace.push(`✓${eur(counter, 3)}`);
        price = counter;
        break;
      }
      if (round >= this.maxRounds) {
        this.log('negotiate', `${this.household.name} ↔ ${seller} (offer #${offer.id}): no deal after ${round} rounds [${trace.join(' ')}]`);
        return undefined;
      }
      bid = next;
    }
    if (energy < minTradeWh) return undefined;
    const rounds = round + 1;
    const sign = (wh) => hex(signAgreement(this.api, this.household.agentKey, {
      offer: offer.id, slot: offer.slot, seller: offer.seller, buyer: this.address, energyWh: wh, price,
    }));
    const agree = (wh) => postJson(`${offer.endpoint}/agree`, {
      offer: offer.id, slot: offer.slot, seller: offer.seller, buyer: this.address, energyWh: wh,
      price: price.toString(), signature: sign(wh),
    }, this.timeoutMs);
    let answer = await agree(energy);
    if (!answer.ok && answer.energyWh !== undefined && answer.energyWh >= minTradeWh && answer.energyWh < energy) {
      energy = answer.energyWh;
      answer = await agree(energy);
    }
    if (!answer.ok) {
      this.log('negotiate', `${this.household.name} ↔ ${seller} (offer #${offer.id}): agreement refused, ${answer.error}`);
      return undefined;
    }
    this.log('negotiate', `${this.household.name} ↔ ${seller} (offer #${offer.id}): ${rounds} round${rounds > 1 ? 's' : ''} [${trace.join(' ')}] → ${energy} Wh at ${eur(price)} EUR/kWh (floor ${eur(floor)}, import ${eur(ceiling)}), signed`);
    return { offer: offer.id, slot: offer.slot, seller: offer.seller, buyer: this.address, energyWh: energy, price, floor, ceiling, rounds };
  }
}

/** A household's smart meter: reports each ended slot's flows, signed by the meter's key. */
export class MeterOracle {
  constructor({ api, meter }) {
    this.api = api;
    this.signer = new Signer(api, meter);
  }

  /** Report `reading` of `slot`; resolves with the block's events. */
  async report(slot, reading) {
    return (await this.signer.send(this.api.tx.meterReadings.submitReading(slot, reading))).events;
  }
}

/**
 * Grid prices of a slot, per kWh: importing costs 0.30 EUR with a day curve (cheap at night,
 * dear at the evening peak); feeding in earns 0.05 EUR.
 */
export function dayCurve(slot) {
  const hour = hourOf(slot);
  const importMilli = hour < 6 ? 240 : hour < 10 ? 300 : hour < 16 ? 270 : hour < 21 ? 380 : 300;
  return { importPrice: (BigInt(importMilli) * UNIT) / 1000n, feedInPrice: (50n * UNIT) / 1000n };
}

/** The grid operator (MGOS): prices every upcoming slot. */
export class GridOperatorAgent {
  constructor({ api, operator, prices = dayCurve, ahead = 3, log }) {
    this.api = api;
    this.operator = operator;
    this.signer = new Signer(api, operator);
    this.prices = prices;
    this.ahead = ahead;
    this.log = log;
  }

  /** Make sure the `ahead` slots after `slot` have prices; resolves once they do. */
  async priceUpcoming(slot) {
    const missing = [];
    for (let s = slot + 1; s <= slot + this.ahead; s += 1) {
      if ((await this.api.query.market.slotGridPrices(s)).isNone) missing.push(s);
    }
    await Promise.all(missing.map(async (s) => {
      const prices = this.prices(s);
      try {
        await this.signer.send(this.api.tx.market.setGridPrices(s, prices));
        this.log('operator', `slot ${s} (${String(hourOf(s)).padStart(2, '0')}:00): import ${eur(prices.importPrice)}, feed-in ${eur(prices.feedInPrice)} EUR/kWh`);
      } catch (error) {
        this.log('operator', `could not price slot ${s}: ${error.message}`);
      }
    }));
  }
}

/** A simulated household: its keys, devices and agents. */
export class Household {
  constructor({ api, keyring, profile, port, rpcUrl, strategy, names, log }) {
    this.profile = profile;
    this.name = `Household${profile.index}`;
    this.kind = profile.kind;
    this.floor = (BigInt(profile.floorMilli) * UNIT) / 1000n;
    const keys = householdKeys(keyring, profile);
    this.account = keys.account;
    this.meterKey = keys.meter;
    this.agentKey = keys.agent;
    this.endpoint = `http://127.0.0.1:${port}`;
    this.names = names;
    this.signer = new Signer(api, this.account);
    this.sim = new HouseholdSim(profile);
    this.forecaster = new Forecaster();
    this.meter = new MeterOracle({ api, meter: this.meterKey });
    this.seller = new SellerAgent({ api, household: this, port, strategy, log });
    this.buyer = new BuyerAgent({ api, household: this, rpcUrl, strategy, log });
    /** The last slot its meter reported. */
    this.lastReported = undefined;
  }

  get sells() {
    return this.kind === 'Seller' || this.kind === 'Both';
  }

  get buys() {
    return this.kind === 'Buyer' || this.kind === 'Both';
  }

  /** The forecasting agent's position for the next slot, within what the agent may do. */
  decide({ soldWh, boughtWh }) {
    const position = this.forecaster.decide({
      batteryWh: this.sim.batteryWh, soldWh, boughtWh, reserveWh: this.profile.reserveWh,
      capacityWh: this.sim.capacityWh, limitWh: this.sim.limitWh,
    });
    if ((position.side === 'sell' && !this.sells) || (position.side === 'buy' && !this.buys)) {
      return { ...position, side: 'idle', energyWh: 0 };
    }
    return position;
  }
}

/** The keys of a simulated household: its account, its meter's and its agent's. */
export function householdKeys(keyring, { index }) {
  return {
    account: keyring.addFromUri(`//Household${index}`, { name: `Household${index}` }),
    meter: keyring.addFromUri(`//Meter${index}`, { name: `Meter${index}` }),
    agent: keyring.addFromUri(`//Household${index}//agent`, { name: `Household${index} agent` }),
  };
}

/**
 * The genesis patch that admits the micro-grid's `households` with their meters and
 * installations, after `members` (the chain's other members, `[address, role]`), e.g. for
 * `patchedSpec` of network.mjs. Arrays replace the preset's: list every member.
 */
export function microgridPatch(keyring, members, households = HOUSEHOLDS) {
  const keys = households.map((profile) => householdKeys(keyring, profile));
  return householdsGenesis(members, keys, INSTALLATION);
}

/**
 * Adds the micro-grid to a chain spec's genesis configuration (`spec.genesis.runtimeGenesis`'s
 * patch or config) after what the preset has: members, installations and endowments.
 */
export function addMicrogridGenesis(genesis, keyring, households = HOUSEHOLDS) {
  const keys = households.map((profile) => householdKeys(keyring, profile));
  const added = householdsGenesis(genesis.consortium?.members ?? [], keys, INSTALLATION);
  genesis.consortium = { ...genesis.consortium, members: added.consortium.members };
  genesis.meterReadings = {
    ...genesis.meterReadings,
    installations: [
      ...(genesis.meterReadings?.installations ?? []),
      ...added.meterReadings.installations,
    ],
  };
  genesis.balances ??= {};
  genesis.balances.balances = [
    ...(genesis.balances.balances ?? []),
    ...keys.map((k) => [k.account.address, Number(HOUSEHOLD_FUNDS)]),
    ...keys.map((k) => [k.meter.address, Number(METER_FUNDS)]),
  ];
  return genesis;
}

/** The market clock of the chain, for local timing (block timestamps come from the same clock). */
export class SlotClock {
  constructor({ epochMillis, epochSlot, slotMillis, recordingMillis }) {
    Object.assign(this, { epochMillis, epochSlot, slotMillis, recordingMillis });
  }

  static async read(api) {
    const next = await api.query.market.nextClock();
    const clock = next.isSome && Date.now() >= next.unwrap().epochMillis.toNumber()
      ? next.unwrap() : await api.query.market.currentClock();
    return new SlotClock({
      epochMillis: clock.epochMillis.toNumber(),
      epochSlot: clock.epochSlot.toNumber(),
      slotMillis: clock.slotMillis.toNumber(),
      recordingMillis: clock.recordingMillis.toNumber(),
    });
  }

  slotAt(ms) {
    return this.epochSlot + Math.floor((ms - this.epochMillis) / this.slotMillis);
  }

  /** `{ slot, startsAt, recordingStartsAt, slotEndsAt }` of `slot`, ms. */
  times(slot) {
    const startsAt = this.epochMillis + (slot - this.epochSlot) * this.slotMillis;
    const slotEndsAt = startsAt + this.slotMillis;
    return { slot, startsAt, recordingStartsAt: slotEndsAt - this.recordingMillis, slotEndsAt };
  }
}

// ---------------------------------------------------------------------------------------------
// The micro-grid
// ---------------------------------------------------------------------------------------------

/** Offers go out only if they land in a block before the recording window (blocks are 6 s). */
const OFFER_MARGIN_MS = 8_000;
/** Agreements go out only if they land in a block before the slot ends. */
const RECORD_MARGIN_MS = 5_500;

/**
 * Runs the households' agents, the grid operator and the simulated physics slot by slot.
 * `run()` resolves with a summary of what was traded and settled.
 */
export class MicroGrid {
  constructor({
    api, rpcUrl, keyring, operator, funder, households = HOUSEHOLDS, firstPort = FIRST_PORT,
    strategy = (profile) => concession({ start: 0.05, step: 0.1 + 0.04 * (profile.index % 3) }),
    shortfall = { every: 3, share: 0.5 }, minRoomMs = 24_000, log = (tag, message) => console.log(`[grid] ${tag.padEnd(9)} ${message}`),
  }) {
    this.api = api;
    this.rpcUrl = rpcUrl;
    this.operatorKey = operator;
    this.funder = funder;
    this.shortfall = shortfall;
    this.minRoomMs = minRoomMs;
    this.log = log;
    this.names = new Map([[operator.address, `${operator.meta.name ?? 'operator'} (grid operator)`]]);
    this.operator = new GridOperatorAgent({ api, operator, log });
    this.households = households.map((profile, i) => new Household({
      api, keyring, profile, port: firstPort + i, rpcUrl, strategy: strategy(profile), names: this.names, log,
    }));
    for (const h of this.households) {
      this.names.set(h.account.address, h.name);
      this.names.set(h.meterKey.address, `${h.name}'s meter`);
    }
    this.summary = { slots: [], settlements: [], penalties: [], releases: [] };
    this.stopping = false;
    this.wake = new AbortController();
    this.tasks = new Set();
  }

  name(address) {
    return this.names.get(address.toString()) ?? address.toString();
  }

  /** Fund, serve the endpoints, publish the agents, report the batteries, price the next slots. */
  async start() {
    const { api } = this;
    this.clock = await SlotClock.read(api);
    await this.fund();
    await Promise.all(this.households.map((h) => h.seller.listen()));
    await this.watchEvents();
    const slot = this.clock.slotAt(Date.now());
    await Promise.all([
      this.operator.priceUpcoming(slot),
      ...this.households.map((h) => this.publish(h)),
      ...this.households.map((h) => this.initialReading(h, slot - 1)),
    ]);
  }

  /** Tops up the households and their meters from the funder (a no-op once genesis funded them). */
  async fund() {
    if (!this.funder) return;
    const { api } = this;
    const transfers = [];
    for (const h of this.households) {
      for (const [who, amount] of [[h.account, HOUSEHOLD_FUNDS], [h.meterKey, METER_FUNDS]]) {
        const free = (await api.query.system.account(who.address)).data.free.toBigInt();
        if (free < amount / 2n) transfers.push(api.tx.balances.transferKeepAlive(who.address, amount - free));
      }
    }
    if (transfers.length === 0) return;
    await send(api, api.tx.utility.batchAll(transfers), this.funder);
    this.log('funds', `${this.funder.meta.name ?? this.funder.address} funded ${transfers.length} accounts of the micro-grid`);
  }

  /** Step 1: the household's agent publishes its kind, endpoint and key (once). */
  async publish(h) {
    const info = await this.api.query.market.agents(h.account.address);
    if (info.isSome) {
      const { kind, endpoint, negotiationKey } = info.unwrap();
      if (kind.toString() === h.kind && endpoint.toUtf8() === h.endpoint && hex(negotiationKey) === hex(h.agentKey.publicKey)) return;
    }
    await h.signer.send(this.api.tx.market.publishInfo(h.kind, h.endpoint, h.agentKey.publicKey));
    this.log('publish', `${h.name}: ${h.kind} agent at ${h.endpoint}, key ${hex(h.agentKey.publicKey).slice(0, 12)}…`);
  }

  /** The battery as the chain knows it, or a first reading of `slot` that mints its charge. */
  async initialReading(h, slot) {
    const battery = await this.api.query.meterReadings.batteries(h.account.address);
    if (battery.isSome) {
      h.sim.batteryWh = battery.unwrap().storedWh.toNumber();
      h.lastReported = battery.unwrap().lastSlot.toNumber();
    } else {
      const reading = { importedWh: 0, exportedWh: 0, stateOfChargeWh: h.sim.batteryWh };
      await h.meter.report(slot, reading);
      h.lastReported = slot;
      this.log('meter', `${h.name} slot ${slot}: first reading, battery ${h.sim.batteryWh} Wh (minted as energy tokens)`);
    }
    // The household remembers its past: the forecaster learns the last few slots.
    for (let s = h.lastReported - 3; s <= h.lastReported; s += 1) h.forecaster.observe(h.sim.pv(s) - h.sim.load(s));
  }

  /** Follows the chain's blocks and logs settlements, penalties and released offers. */
  async watchEvents() {
    this.lastBlock = (await this.api.rpc.chain.getHeader()).number.toNumber();
    this.eventQueue = Promise.resolve();
    this.unsubscribeHeads = await this.api.rpc.chain.subscribeNewHeads((header) => {
      this.followEvents(header.number.toNumber());
    });
  }

  /** Reads the events of the blocks up to `head` not read yet; resolves once they are. */
  followEvents(head) {
    const { api } = this;
    this.eventQueue = this.eventQueue.then(async () => {
      for (let n = this.lastBlock + 1; n <= head; n += 1) {
        const hash = await api.rpc.chain.getBlockHash(n);
        this.onEvents(n, await api.query.system.events.at(hash));
        this.lastBlock = n;
      }
    }).catch((error) => {
      if (!this.stopping) this.log('chain', `could not read events: ${error.message}`);
    });
    return this.eventQueue;
  }

  onEvents(block, events) {
    for (const { event } of events) {
      if (event.section !== 'market') continue;
      const { data } = event;
      if (event.method === 'AgreementSettled') {
        const s = data.settlement;
        const settled = {
          block, agreement: data.agreement.toNumber(), seller: data.seller.toString(), buyer: data.buyer.toString(),
          delivered: s.delivered.toNumber(), paid: s.paid.toBigInt(),
          sellerPenalty: s.sellerPenalty.toBigInt(), buyerPenalty: s.buyerPenalty.toBigInt(),
        };
        this.summary.settlements.push(settled);
        const penalties = [
          settled.sellerPenalty > 0n ? `seller penalty ${eur(settled.sellerPenalty)}` : '',
          settled.buyerPenalty > 0n ? `buyer penalty ${eur(settled.buyerPenalty)}` : '',
        ].filter(Boolean).join(', ') || 'no penalty';
        this.log('settle', `#${settled.agreement} ${this.name(settled.seller)} → ${this.name(settled.buyer)}: ${settled.delivered} Wh delivered, ${eur(settled.paid)} EUR paid, ${penalties} (block #${block})`);
      } else if (event.method === 'PenaltyPaid') {
        const penalty = {
          block, agreement: data.agreement.toNumber(), payer: data.payer.toString(),
          operator: data.operator.toString(), amount: data.amount.toBigInt(),
        };
        this.summary.penalties.push(penalty);
        this.log('penalty', `#${penalty.agreement}: ${this.name(penalty.payer)} pays ${eur(penalty.amount)} EUR to ${this.name(penalty.operator)}`);
      } else if (event.method === 'OfferReleased') {
        const released = data.released.toNumber();
        this.summary.releases.push({ block, offer: data.offer.toNumber(), released });
        if (released > 0) this.log('release', `offer #${data.offer}: ${released} Wh unsold, free again`);
      }
    }
  }

  /** Sleep until `ms` (Unix time), or until `stop()`. */
  async sleepUntil(ms) {
    const wait = ms - Date.now();
    if (wait <= 0 || this.stopping) return;
    await new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.wake.signal.addEventListener('abort', done, { once: true });
    });
  }

  /** The unsettled agreements for delivery in `slot`. */
  async agreements(slot) {
    return (await this.api.query.market.agreements.entries())
      .map(([key, value]) => ({ id: key.args[0].toNumber(), ...value.unwrap().toJSON(), energy: value.unwrap().energy.toNumber() }))
      .filter((a) => a.slot === slot);
  }

  /** Energy each household sold and bought for delivery in `slot`. */
  async contracts(slot) {
    const byAddress = new Map(this.households.map((h) => [h.account.address, { soldWh: 0, boughtWh: 0 }]));
    for (const a of await this.agreements(slot)) {
      if (byAddress.has(a.seller)) byAddress.get(a.seller).soldWh += a.energy;
      if (byAddress.has(a.buyer)) byAddress.get(a.buyer).boughtWh += a.energy;
    }
    return byAddress;
  }

  /**
   * The meters report `slot`, just ended: each household's devices play the slot with its
   * contracts (every `shortfall.every`-th slot one seller delivers only `shortfall.share`).
   */
  async reportSlot(slot) {
    const due = this.households.filter((h) => h.lastReported === undefined || h.lastReported < slot);
    if (due.length === 0) return;
    const contracts = await this.contracts(slot);
    const sellers = due.filter((h) => contracts.get(h.account.address).soldWh > 0);
    const every = this.shortfall?.every ?? 0;
    const short = every > 0 && sellers.length > 0 && slot % every === 0 ? sellers[slot % sellers.length] : undefined;
    await Promise.all(due.map(async (h) => {
      const { soldWh, boughtWh } = contracts.get(h.account.address);
      const played = h.sim.run(slot, { soldWh, boughtWh, deliverShare: h === short ? this.shortfall.share : 1 });
      h.forecaster.observe(played.netWh);
      h.lastReported = slot;
      const { importedWh, exportedWh, stateOfChargeWh } = played.reading;
      const notes = [
        soldWh ? `sold ${soldWh}, delivered ${played.deliveredWh}${played.deliveredWh < soldWh ? ' (short!)' : ''}` : '',
        boughtWh ? `bought ${boughtWh}` : '',
        played.gridImportWh ? `grid import ${played.gridImportWh}` : '',
        played.feedInWh ? `feed-in ${played.feedInWh}` : '',
      ].filter(Boolean).join(', ');
      this.log('meter', `${h.name} slot ${slot}: PV ${played.pvWh}, load ${played.loadWh} → imported ${importedWh}, exported ${exportedWh}, battery ${stateOfChargeWh} Wh${notes ? ` (${notes})` : ''}`);
      try {
        await h.meter.report(slot, played.reading);
      } catch (error) {
        this.log('meter', `${h.name}'s reading of slot ${slot} was refused: ${error.message}`);
      }
    }));
  }

  /** One trading slot `slot` for delivery in `slot + 1`: forecasts, offers, negotiation, recording. */
  async trade(slot, times) {
    const { api } = this;
    const delivery = slot + 1;
    const record = { slot, delivery, decisions: {}, offers: [], deals: [], agreements: [] };
    this.summary.slots.push(record);
    const prices = await api.query.market.slotGridPrices(delivery);
    if (prices.isNone) {
      this.log('market', `slot ${delivery} has no grid prices: nobody trades it`);
      return record;
    }
    const importPrice = prices.unwrap().importPrice.toBigInt();
    record.importPrice = importPrice;
    const contracts = await this.contracts(slot);
    for (const h of this.households) {
      const decision = h.decide(contracts.get(h.account.address));
      record.decisions[h.name] = decision;
      h.decision = decision;
      const what = decision.side === 'idle' ? 'neither sells nor buys' : `${decision.side}s ${decision.energyWh} Wh`;
      this.log('forecast', `${h.name}: next slot's net ${decision.forecastWh >= 0 ? '+' : ''}${decision.forecastWh} Wh, battery ${h.sim.batteryWh} → ~${decision.expectedWh} Wh: ${what}`);
    }
    const deadline = times.recordingStartsAt - 1_500;
    const sellers = this.households.filter((h) => h.decision.side === 'sell');
    const buyers = this.households.filter((h) => h.decision.side === 'buy');
    await Promise.all([
      ...sellers.map(async (h) => {
        const { free } = (await api.call.energyTokenApi.balanceOf(h.account.address)).toJSON();
        const energyWh = Math.min(h.decision.energyWh, Number(free));
        if (energyWh < 200) {
          this.log('seller', `${h.name} has only ${free} Wh of free energy tokens: no offer`);
          return;
        }
        if (Date.now() > times.recordingStartsAt - OFFER_MARGIN_MS) {
          this.log('seller', `${h.name}: too late to offer in slot ${slot}`);
          return;
        }
        try {
          const id = await h.seller.offer({ slot: delivery, energyWh, floor: h.floor, ceiling: importPrice, closesAt: times.recordingStartsAt });
          record.offers.push({ id, seller: h.account.address, energyWh, floor: h.floor });
          this.log('offer', `#${id} ${h.name}: ${energyWh} Wh for slot ${delivery} at no less than ${eur(h.floor)} EUR/kWh (${free} Wh free tokens) → ${h.endpoint}`);
        } catch (error) {
          this.log('offer', `${h.name} could not offer: ${error.message}`);
        }
      }),
      ...buyers.map(async (h) => {
        const deals = await h.buyer.buy({ slot: delivery, needWh: h.decision.energyWh, ceiling: importPrice, deadline });
        record.deals.push(...deals);
        const got = deals.reduce((sum, d) => sum + d.energyWh, 0);
        this.log('buyer', `${h.name} agreed to buy ${got} of the ${h.decision.energyWh} Wh it needs${got < h.decision.energyWh ? '; the grid supplies the rest' : ''}`);
      }),
    ]);
    // Step 5, in the recording window: the sellers record what their buyers signed.
    await this.sleepUntil(times.recordingStartsAt + 500);
    if (this.stopping) return record;
    if (Date.now() > times.slotEndsAt - RECORD_MARGIN_MS) {
      this.log('seller', `slot ${slot}'s recording window is nearly over: agreements not recorded`);
      return record;
    }
    const recorded = await Promise.all(sellers.map((h) => h.seller.record(delivery)));
    record.agreements = recorded.flat();
    return record;
  }

  /** Prints each household's battery, energy tokens and money, and the operator's income. */
  async table(slot) {
    const { api } = this;
    const rows = await Promise.all(this.households.map(async (h) => {
      const energy = (await api.call.energyTokenApi.balanceOf(h.account.address)).toJSON();
      const { data } = await api.query.system.account(h.account.address);
      return { h, energy, free: data.free.toBigInt(), held: data.reserved.toBigInt() };
    }));
    this.startMoney ??= new Map(rows.map((r) => [r.h.name, r.free + r.held]));
    const operator = (await api.query.system.account(this.operatorKey.address)).data;
    const operatorMoney = operator.free.toBigInt() + operator.reserved.toBigInt();
    this.startOperator ??= operatorMoney;
    const lines = [
      `balances at slot ${slot}:`,
      `  ${'household'.padEnd(11)} ${'kind'.padEnd(6)} ${'battery'.padStart(9)} ${'tokens free/held'.padStart(17)} ${'money EUR'.padStart(12)} ${'held EUR'.padStart(9)} ${'Δ EUR'.padStart(9)}`,
      ...rows.map(({ h, energy, free, held }) => `  ${h.name.padEnd(11)} ${h.kind.padEnd(6)} ${`${h.sim.batteryWh} Wh`.padStart(9)} ${`${energy.free} / ${energy.held} Wh`.padStart(17)} ${eur(free).padStart(12)} ${eur(held).padStart(9)} ${eur(free + held - this.startMoney.get(h.name)).padStart(9)}`),
      `  ${this.name(this.operatorKey.address)}: penalties received ${eur(this.summary.penalties.reduce((sum, p) => sum + p.amount, 0n))} EUR, money Δ ${eur(operatorMoney - this.startOperator)} EUR (after fees)`,
    ];
    for (const line of lines) this.log('table', line);
  }

  /**
   * Runs slot after slot: at each slot's start the meters report the slot that ended, the
   * operator prices the next ones and, while fewer than `slots` were traded, the agents trade
   * the slot. Once `slots` are traded it waits for their deliveries to settle, and resolves.
   */
  async run({ slots = Infinity } = {}) {
    const { api } = this;
    let traded = 0;
    const deliveries = [];
    for (;;) {
      if (this.stopping) break;
      this.clock = await SlotClock.read(api);
      const slot = this.clock.slotAt(Date.now());
      const times = this.clock.times(slot);
      const hour = String(hourOf(slot)).padStart(2, '0');
      const trading = traded < slots;
      this.log('slot', `── slot ${slot} (${hour}:00)${trading ? ` — trading the energy of slot ${slot + 1}` : ''}`);
      await Promise.all([this.reportSlot(slot - 1), trading && this.operator.priceUpcoming(slot)]);
      const finished = !trading && await this.settled(deliveries);
      // The settlements of the blocks so far are logged before the balances.
      await this.followEvents((await api.rpc.chain.getHeader()).number.toNumber());
      await this.table(slot);
      if (finished) break;
      if (trading) {
        if (times.recordingStartsAt - Date.now() >= this.minRoomMs) {
          traded += 1;
          deliveries.push(slot + 1);
          const task = this.trade(slot, times).catch((error) => this.log('market', `trading slot ${slot} failed: ${error.message}`));
          this.tasks.add(task);
          task.finally(() => this.tasks.delete(task));
        } else {
          this.log('slot', `too little of slot ${slot}'s negotiation phase is left: trading starts next slot`);
        }
      }
      await this.sleepUntil(times.slotEndsAt + 300);
    }
    await Promise.all(this.tasks);
    return this.summary;
  }

  /** Whether every delivery slot in `deliveries` was reported and its agreements and offers are gone. */
  async settled(deliveries) {
    if (this.tasks.size > 0) return false;
    const last = Math.max(...deliveries);
    if (this.households.some((h) => h.lastReported < last)) return false;
    const agreements = (await this.api.query.market.agreements.entries())
      .filter(([, value]) => deliveries.includes(value.unwrap().slot.toNumber()));
    const offers = (await this.api.query.market.offers.entries())
      .filter(([, value]) => deliveries.includes(value.unwrap().slot.toNumber()));
    return agreements.length === 0 && offers.length === 0;
  }

  /** Stops the agents: no more trading, endpoints closed, event subscription dropped. */
  async stop() {
    this.stopping = true;
    this.wake.abort();
    this.unsubscribeHeads?.();
    this.unsubscribeHeads = undefined;
    await Promise.all(this.households.map((h) => h.seller.close()));
  }
}
