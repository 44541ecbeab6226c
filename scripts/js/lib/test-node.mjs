// The flags and ports of a node that the tests and scripts start on 127.0.0.1, from their one
// definition, node/tests/test-node.json, which the node's Rust tests read too. No dependencies:
// scripts/lib.sh reads it through js/test-node-args.mjs before the JavaScript packages matter.
import { readFileSync } from 'node:fs';

const TEST_NODE = JSON.parse(readFileSync(new URL('../../../node/tests/test-node.json', import.meta.url), 'utf8'));

/** The ports `{ p2p, rpc, prometheus }` node 0 listens on; node `index` adds `index` to each. */
export const BASE_PORTS = Object.freeze({ ...TEST_NODE.ports });

/** The ports `{ p2p, rpc, prometheus }` of node `index`, counted from `base`. */
export function nodePorts(index, base = BASE_PORTS) {
  return Object.fromEntries(Object.entries(base).map(([name, port]) => [name, port + index]));
}

/** Node key `n` as the node takes it: 64 hex digits. Keys 1 to 4 are the presets' well-known nodes. */
export const nodeKeyHex = (n) => BigInt(n).toString(16).padStart(64, '0');

/**
 * The flags of a node of `chain` (a preset or a chain spec file) with its data under `basePath`,
 * listening on `ports`, with network key `nodeKey` (a number). The node's identity (`--alice`,
 * or `--name` and `--validator`), its bootnodes and any extra flags are the caller's.
 */
export function nodeArgs({ chain, basePath, ports, nodeKey }) {
  const values = { chain, basePath, ...ports, nodeKey: nodeKeyHex(nodeKey) };
  return TEST_NODE.args.map((arg) => arg.replace(/\{(\w+)\}/g, (_, name) => {
    if (values[name] === undefined) throw new Error(`test-node.json: no value for {${name}}`);
    return String(values[name]);
  }));
}
