// What an observer of the chain reads of a block, and whether a secret shows in it: the
// transaction, the block's events and the storage it changed, searched for accounts, keys and
// amounts in every form they could take. The private transfers' and the private market's
// observer tests share it.
import { hex } from './chain.mjs';

/** `:code`, the runtime's wasm: megabytes, and no private transaction changes it. */
const CODE_KEY = '0x3a636f6465';

/** Block `hash` as `api` reads it: the state before it (`atParent`) and after it (`atBlock`), and its event records. */
export async function blockAt(api, hash) {
  const parentHash = (await api.rpc.chain.getHeader(hash)).parentHash.toHex();
  const [atParent, atBlock] = [await api.at(parentHash), await api.at(hash)];
  return { hash, parentHash, atParent, atBlock, records: await atBlock.query.system.events() };
}

/** Every storage key of the chain at block `hash` but `:code`. */
async function storageKeys(node, hash) {
  const keys = [];
  for (let start = null; ;) {
    const page = await node.rpc('state_getKeysPaged', ['0x', 1000, start, hash]);
    keys.push(...page);
    if (page.length < 1000) return keys.filter((key) => key !== CODE_KEY);
    start = page.at(-1);
  }
}

/** The storage entries block `hash` changed, read from `node` (its `rpc`): `{ key, value }` in hex, `value` null if removed. */
export async function storageChanges(node, parentHash, hash) {
  const keys = [...new Set([...await storageKeys(node, parentHash), ...await storageKeys(node, hash)])];
  const values = async (at) => {
    const [{ changes }] = await node.rpc('state_queryStorageAt', [keys, at]);
    return new Map(changes);
  };
  const [old, now] = [await values(parentHash), await values(hash)];
  return keys
    .filter((key) => (old.get(key) ?? null) !== (now.get(key) ?? null))
    .map((key) => ({ key, value: now.get(key) ?? null }));
}

function u64le(value) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return bytes;
}

function u128le(value) {
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64LE(value & 0xffff_ffff_ffff_ffffn);
  bytes.writeBigUInt64LE(value >> 64n, 8);
  return bytes;
}

/**
 * A secret and the forms an observer could find it in: `bytes` in raw SCALE data, `texts` in
 * decoded JSON (case as polkadot.js writes it), `numbers` as whole decimal numbers in JSON.
 */
const secret = (what, { bytes = [], texts = [], numbers = [] }) => ({ what, bytes: bytes.map((b) => Buffer.from(b)), texts, numbers });

/** An account: its 32 bytes, its SS58 address (as text and as bytes) and its hex. */
export const accountSecret = (what, pair) => secret(what, {
  bytes: [pair.publicKey, Buffer.from(pair.address)], texts: [pair.address, hex(pair.publicKey).slice(2)],
});

/** A wallet key (`0x` and 32 bytes of hex). */
export const keySecret = (what, key) => secret(what, { bytes: [Buffer.from(key.slice(2), 'hex')], texts: [key.slice(2)] });

/**
 * An amount (`api` encodes it): u64 (the pool's amounts) and u128 (balances) little-endian, SCALE compact, decimal.
 * A compact encoding shorter than six bytes (an amount below 2^32) is left out: two or four
 * bytes turn up in kilobytes of proofs by chance.
 */
export const amountSecret = (api, what, units) => {
  const compact = api.createType('Compact<u128>', units).toU8a();
  return secret(what, {
    bytes: [u64le(units), u128le(units), ...(compact.length >= 6 ? [compact] : [])],
    numbers: [units.toString()],
  });
};

/** Where each secret shows among `haystacks` (`{ where, bytes, text? }`): `where reveals what`. */
export function leaks(haystacks, secrets) {
  const found = [];
  for (const { where, bytes, text } of haystacks) {
    for (const { what, bytes: raw, texts, numbers } of secrets) {
      const shows = raw.some((needle) => Buffer.from(bytes).includes(needle))
        || (text !== undefined && (
          texts.some((needle) => text.includes(needle))
          // A whole number, not digits inside a longer number or a hex string.
          || numbers.some((number) => new RegExp(`(?<![0-9a-zA-Z])${number}(?![0-9a-zA-Z])`).test(text))));
      if (shows) found.push(`${where} reveals ${what}`);
    }
  }
  return found;
}

/** Each event record of a block, raw and as JSON. */
export const eventHaystacks = (records) => records.map((record) => ({
  where: `event ${record.event.section}.${record.event.method}`,
  bytes: record.toU8a(),
  text: JSON.stringify(record.toJSON()),
}));

/** Everything an observer reads of a private transaction's block: the transaction, the block's
 * events, and the storage keys and values it changed. */
export const blockHaystacks = (extrinsic, records, changes) => [
  { where: 'the transaction', bytes: extrinsic.toU8a(), text: JSON.stringify(extrinsic.method.toJSON()) },
  ...eventHaystacks(records),
  ...changes.flatMap(({ key, value }) => [
    { where: `storage key ${key}`, bytes: Buffer.from(key.slice(2), 'hex') },
    { where: `the value of ${key}`, bytes: Buffer.from((value ?? '0x').slice(2), 'hex') },
  ]),
];
