// Flooding a node and reading what its blocks did, for the benchmark scripts: sign everything
// first, so signing costs nothing once the clock runs, then push it all into the pool; read each
// block once (timestamp, extrinsic hashes, events, weight); and the node's authoring times.

import { describe, sleep } from './chain.mjs';

/** Requests to the node in flight at once while flooding. */
const IN_FLIGHT = 128;

/**
 * Sign each `[tx, signer]` with consecutive nonces per signer (from its next index) and no era,
 * so nothing needs the chain while signing. Returns the signed transactions, in order.
 */
export async function signAll(api, items) {
  const nonces = new Map();
  for (const [, signer] of items) {
    if (!nonces.has(signer.address)) {
      nonces.set(signer.address, (await api.rpc.system.accountNextIndex(signer.address)).toNumber());
    }
  }
  const signed = [];
  for (const [tx, signer] of items) {
    const nonce = nonces.get(signer.address);
    nonces.set(signer.address, nonce + 1);
    signed.push(await tx.signAsync(signer, { nonce, era: 0 }));
  }
  return signed;
}

/** Items of `perSigner` calls of each signer, interleaved so the pool sees every signer at once. */
export function interleave(signers, perSigner, call) {
  const items = [];
  for (let k = 0; k < perSigner; k += 1) {
    signers.forEach((signer, i) => items.push([call(i, k), signer]));
  }
  return items;
}

/** Submit signed transactions as fast as the node takes them; returns the seconds it took. */
export async function submitAll(api, txs) {
  const begin = Date.now();
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < txs.length) {
      const tx = txs[next];
      next += 1;
      try {
        await api.rpc.author.submitExtrinsic(tx);
      } catch (error) {
        errors.push(`${tx.method.section}.${tx.method.method}: ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, txs.length) }, worker));
  if (errors.length) throw new Error(`the pool refused ${errors.length} of ${txs.length}: ${errors[0]}`);
  return (Date.now() - begin) / 1000;
}

const blocks = new Map();

export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Block `number` of the best chain (a single authority: the best chain never reorganises). */
export async function readBlock(api, number) {
  if (blocks.has(number)) return blocks.get(number);
  const hash = await api.rpc.chain.getBlockHash(number);
  const [signed, events, weight] = await Promise.all([
    api.rpc.chain.getBlock(hash),
    api.query.system.events.at(hash),
    api.query.system.blockWeight.at(hash),
  ]);
  const { extrinsics } = signed.block;
  const setTime = extrinsics.find(({ method }) => method.section === 'timestamp' && method.method === 'set');
  const block = {
    number,
    hash: hash.toHex(),
    // Genesis has no timestamp: zero.
    timestamp: setTime ? setTime.method.args[0].toNumber() : 0,
    extrinsicHashes: extrinsics.map((extrinsic) => extrinsic.hash.toHex()),
    events,
    refTime: {
      normal: weight.normal.refTime.toBigInt(),
      operational: weight.operational.refTime.toBigInt(),
      mandatory: weight.mandatory.refTime.toBigInt(),
    },
  };
  blocks.set(number, block);
  return block;
}

/**
 * Wait until every one of `txs` is in a block from block `from` on, and return the blocks that
 * include some, with how many. Throws if any failed, naming the errors.
 */
export async function awaitIncluded(api, what, txs, from, timeoutMs) {
  const wanted = new Set(txs.map((tx) => tx.hash.toHex()));
  const including = [];
  const failures = new Map();
  const deadline = Date.now() + timeoutMs;
  let found = 0;
  let next = from;
  while (found < wanted.size) {
    const best = await bestNumber(api);
    for (; next <= best && found < wanted.size; next += 1) {
      const block = await readBlock(api, next);
      const mine = new Set(block.extrinsicHashes.flatMap((hash, i) => (wanted.has(hash) ? [i] : [])));
      if (mine.size === 0) continue;
      found += mine.size;
      including.push({ block, count: mine.size });
      for (const { phase, event } of block.events) {
        if (phase.isApplyExtrinsic && mine.has(phase.asApplyExtrinsic.toNumber())
          && event.section === 'system' && event.method === 'ExtrinsicFailed') {
          const name = describe(api, event.data.dispatchError);
          failures.set(name, (failures.get(name) ?? 0) + 1);
        }
      }
    }
    if (found < wanted.size) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: ${wanted.size - found} of ${wanted.size} not in a block after ${timeoutMs / 1000} s`);
      }
      await sleep(500);
    }
  }
  if (failures.size) {
    const list = [...failures].map(([name, count]) => `${count} × ${name}`).join(', ');
    throw new Error(`${what}: extrinsics failed: ${list}`);
  }
  return including;
}

/**
 * How long the node took to author each block, in ms, from its log: what the blocks cost to
 * execute, next to the weight they were charged.
 */
export function authoringTimes(logText) {
  const times = new Map();
  for (const [, number, ms] of logText.matchAll(/Prepared block for proposing at (\d+) \((\d+) ms\)/g)) {
    times.set(Number(number), Number(ms));
  }
  return times;
}

/** Prints `rows` (arrays of strings) under `header` as a table: the first column left-aligned. */
export function printTable(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
}

/**
 * Runs a benchmark script: `run()`, then `cleanup()` (stop its node, remove its files), also on
 * Ctrl-C or SIGTERM, which exit with 130. A failure prints the error and the last lines of the
 * node's log (`node()` gives the node, once started) and sets a failing exit code.
 */
export async function runScript(name, { run, cleanup, node, log }) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping the node`);
      await cleanup();
      process.exit(130);
    });
  }
  try {
    await run();
  } catch (error) {
    // After Ctrl-C the signal handler stops the node and exits; what it broke is no news.
    if (!stopping) {
      console.error(`${name} failed: ${error.stack ?? error}`);
      if (node()) console.error(`--- node log (last lines)\n${node().logTail(40)}`);
      process.exitCode = 1;
    }
  } finally {
    if (!stopping) await cleanup();
  }
}
