//! What the node's agents did, counted in the node's persistent offchain storage
//! (`energy_primitives::AGENT_COUNTERS_STORAGE_KEY`), which the node reads for its Prometheus
//! metrics: a runtime has no registry of its own.

use energy_primitives::{AgentCounters, AGENT_COUNTERS_STORAGE_KEY};
use sp_runtime::offchain::storage::StorageValueRef;

/// Changes the counters as `change` does (atomically: the worker's runs may overlap).
pub(super) fn count(change: impl FnOnce(&mut AgentCounters)) {
	let _ = StorageValueRef::persistent(AGENT_COUNTERS_STORAGE_KEY).mutate(
		|kept: Result<Option<AgentCounters>, _>| -> Result<AgentCounters, ()> {
			let mut counters = kept.ok().flatten().unwrap_or_default();
			change(&mut counters);
			Ok(counters)
		},
	);
}

/// The counters so far.
pub fn counters() -> AgentCounters {
	StorageValueRef::persistent(AGENT_COUNTERS_STORAGE_KEY)
		.get::<AgentCounters>()
		.ok()
		.flatten()
		.unwrap_or_default()
}
