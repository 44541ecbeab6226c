// Prints the verification times of the privacy proofs natively and in the runtime, with their
// ratios, and writes them as JSON. Called by scripts/privacy-verification.sh:
//   node js/privacy-verification.mjs RUNTIME_BENCHMARK_JSON CRITERION_DIR OUT_JSON

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [runtimeJson, criterionDir, outJson] = process.argv.slice(2);
if (!runtimeJson || !criterionDir || !outJson) {
  console.error('usage: privacy-verification.mjs RUNTIME_BENCHMARK_JSON CRITERION_DIR OUT_JSON');
  process.exit(2);
}

// frame-benchmarking writes names as byte arrays or strings, depending on the version.
const text = (value) => (Array.isArray(value) ? Buffer.from(value).toString('utf8') : value);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Median extrinsic time in microseconds of `benchmark` at component value `size`.
const batches = JSON.parse(readFileSync(runtimeJson, 'utf8'));
const runtimeMicros = (benchmark, size) => {
  const batch = batches.find((entry) => text(entry.benchmark) === benchmark);
  if (!batch) throw new Error(`the runtime benchmarks have no ${benchmark}`);
  const times = batch.time_results
    .filter((result) => result.components.some(([, value]) => value === size))
    .map((result) => Number(result.extrinsic_time) / 1000);
  if (times.length === 0) throw new Error(`${benchmark} was not measured at ${size}`);
  return median(times);
};

// Criterion's median in microseconds of `group/size`.
const nativeMicros = (group, size) => {
  const file = path.join(criterionDir, group, String(size), 'new', 'estimates.json');
  return JSON.parse(readFileSync(file, 'utf8')).median.point_estimate / 1000;
};

const proofs = [
  ...[1, 2, 16].map((size) => ({
    proof: `range proof, ${size} output${size > 1 ? 's' : ''}`,
    native: nativeMicros('range_proof_verify', size),
    host: runtimeMicros('verify_range_proof', size),
    wasm: runtimeMicros('verify_range_proof_in_wasm', size),
  })),
  ...[11, 16].map((size) => ({
    proof: `CLSAG ring signature, ring of ${size}`,
    native: nativeMicros('clsag_verify', size),
    host: runtimeMicros('verify_ring_signature', size),
    wasm: runtimeMicros('verify_ring_signature_in_wasm', size),
  })),
].map((row) => ({ ...row, hostRatio: row.host / row.native, wasmRatio: row.wasm / row.native }));

const ms = (micros) => (micros / 1000).toFixed(2).padStart(7);
console.log(
  `${'proof'.padEnd(36)} native ms  runtime (host) ms  × native  runtime (wasm) ms  × native`,
);
for (const row of proofs) {
  console.log(
    `${row.proof.padEnd(36)} ${ms(row.native)}  ${ms(row.host).padStart(17)}  ` +
      `${row.hostRatio.toFixed(2).padStart(8)}  ${ms(row.wasm).padStart(17)}  ` +
      `${row.wasmRatio.toFixed(2).padStart(8)}`,
  );
}
const worst = Math.max(...proofs.map((row) => row.hostRatio));
console.log(`target: in-runtime verification at most 1.5 × native; worst ${worst.toFixed(2)} × (${worst <= 1.5 ? 'met' : 'not met'})`);
writeFileSync(outJson, `${JSON.stringify({ proofs, worstHostRatio: worst }, null, 2)}\n`);
console.log(`figures written to ${outJson}`);
