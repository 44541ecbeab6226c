// Writes the consortium's chain spec with the simulated micro-grid's households already admitted
// in genesis (members, their meters, audited installations and money), so that the main command's
// micro-grid trades from its first slot. The preset's own members (the four validators, the
// grid operator, the fiat gateway) and endowments stay as they are; the households come after.
// Usage: ENERGY_NODE_BIN=<energy-node> node js/microgrid-spec.mjs <out-path> [preset]
import { renameSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { HOUSEHOLDS, addMicrogridGenesis } from './lib/microgrid.mjs';
import { patchedSpec } from './lib/network.mjs';

/** Writes the spec of `preset` with the micro-grid's `households` to `outPath`; returns the path. */
export async function writeMicrogridSpec(outPath, { preset = 'consortium', households = HOUSEHOLDS } = {}) {
  if (!process.env.ENERGY_NODE_BIN) throw new Error('set ENERGY_NODE_BIN to the energy-node binary');
  await cryptoWaitReady();
  const target = resolve(outPath);
  const keyring = new Keyring({ type: 'sr25519' });
  const path = patchedSpec(dirname(target), preset, (genesis) => addMicrogridGenesis(genesis, keyring, households),
    basename(target).replace(/\.json$/, ''));
  // `patchedSpec` names its file `.json`.
  if (path !== target) renameSync(path, target);
  return target;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [outPath, preset = 'consortium'] = process.argv.slice(2);
  if (!outPath) {
    console.error('usage: ENERGY_NODE_BIN=<energy-node> node js/microgrid-spec.mjs <out-path> [preset]');
    process.exit(2);
  }
  writeMicrogridSpec(outPath, { preset }).then((path) => {
    console.log(path);
    process.exit(0);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}
