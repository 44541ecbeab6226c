// Shows the consortium at work: every new block with its author, and GRANDPA finality, as seen
// by each validator over @polkadot/api. Runs until Ctrl-C.
import { ApiPromise, WsProvider } from '@polkadot/api';

const endpoints = process.argv.slice(2);
if (endpoints.length === 0) {
  console.error('usage: node js/watch.mjs ws://127.0.0.1:9944 [ws://...]');
  process.exit(2);
}

const apis = await Promise.all(
  endpoints.map((url) => ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true })),
);
const [first] = apis;
const chain = await first.rpc.system.chain();
const validators = await first.query.validatorSet.validators();
console.log(`${chain}: ${validators.length} validators, ${endpoints.length} nodes watched`);

// Each node's finalized head, read with `chain_getFinalizedHead` as every new block arrives.
async function finalizedHeights() {
  return Promise.all(
    apis.map(async (api) => {
      const hash = await api.rpc.chain.getFinalizedHead();
      return (await api.rpc.chain.getHeader(hash)).number.toNumber();
    }),
  );
}

await first.derive.chain.subscribeNewHeads(async (header) => {
  const heights = await finalizedHeights();
  console.log(
    `block #${header.number} ${header.hash.toHex().slice(0, 10)}… by ${header.author?.toString() ?? '?'}` +
      ` | finalized per node: ${heights.map((height) => `#${height}`).join(' ')}`,
  );
});

const stop = async () => {
  await Promise.all(apis.map((api) => api.disconnect()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
