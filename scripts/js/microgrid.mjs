// Runs the simulated micro-grid of lib/microgrid.mjs against a node: the households'
// forecasting, seller and buyer agents, their smart meters and the grid operator (Eve) trade
// through the chain's market slot after slot; Alice tops up the households' money if needed.
// Usage: node js/microgrid.mjs [ws://127.0.0.1:9944] [--slots N]
// Runs until Ctrl-C, or until N slots were traded and their deliveries settled. The agents'
// negotiation endpoints listen on 127.0.0.1, ports 8801 and up.
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from './lib/chain.mjs';
import { MicroGrid } from './lib/microgrid.mjs';

async function main(args) {
  let url = 'ws://127.0.0.1:9944';
  let slots = Infinity;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--slots') slots = Number(args[(i += 1)]);
    else if (!args[i].startsWith('--')) url = args[i];
    else throw new Error(`unknown option ${args[i]}; usage: node js/microgrid.mjs [ws://127.0.0.1:9944] [--slots N]`);
  }
  if (!(slots > 0)) throw new Error('--slots needs a positive number');
  await cryptoWaitReady();
  const api = await connect(url);
  const keyring = new Keyring({ type: 'sr25519' });
  const grid = new MicroGrid({
    api,
    rpcUrl: url.replace(/^ws/, 'http'),
    keyring,
    operator: keyring.addFromUri('//Eve', { name: 'Eve' }),
    funder: keyring.addFromUri('//Alice', { name: 'Alice' }),
  });
  let stopping;
  const stop = () => {
    stopping ??= grid.stop().then(() => api.disconnect()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await grid.start();
  const summary = await grid.run({ slots });
  if (!stopping) {
    const agreements = summary.slots.reduce((sum, s) => sum + s.agreements.length, 0);
    console.log(`[grid] done: ${summary.slots.length} slots traded, ${agreements} agreements, ${summary.settlements.length} settled, ${summary.penalties.length} penalties`);
    stop();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
