// The ports and flags of a node that scripts/lib.sh's `start_validator` starts, from the one
// definition the tests read (lib/test-node.mjs): prints node INDEX's p2p, RPC and Prometheus
// ports, then its flags, each followed by a NUL byte. Its node key is INDEX + 1.
// Usage: node js/test-node-args.mjs CHAIN BASE_PATH INDEX
import { nodeArgs, nodePorts } from './lib/test-node.mjs';

const [chain, basePath, index] = process.argv.slice(2);
if (!chain || !basePath || !/^\d+$/.test(index ?? '')) {
  console.error('usage: node js/test-node-args.mjs CHAIN BASE_PATH INDEX');
  process.exit(2);
}
const ports = nodePorts(Number(index));
const args = nodeArgs({ chain, basePath, ports, nodeKey: Number(index) + 1 });
process.stdout.write([ports.p2p, ports.rpc, ports.prometheus, ...args].map((field) => `${field}\0`).join(''));
