//! The Prometheus metrics of the households' agents inside the node (`energy_agent_*`). The
//! agents run in the runtime, which has no registry: the offchain worker counts what they do in
//! the node's offchain storage (`energy_primitives::AgentCounters`), and each scrape reads it
//! there, so the figures are the agents' own and cost nothing between scrapes. The inbox's
//! messages (`energy_agent_inbox_messages_total`) are counted by `pallet-market-rpc`.

use codec::Decode;
use energy_primitives::{AgentCounters, AGENT_COUNTERS_STORAGE_KEY};
use sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};
use substrate_prometheus_endpoint::{
	register, MetricSource, Opts, PrometheusError, Registry, SourcedCounter, SourcedGauge,
};

/// One of the counters, read from the node's offchain storage.
#[derive(Clone)]
struct Counter<S> {
	storage: S,
	pick: fn(&AgentCounters) -> u64,
}

impl<S: OffchainStorage + Send + Sync> MetricSource for Counter<S> {
	type N = u64;

	fn collect(&self, mut set: impl FnMut(&[&str], u64)) {
		set(&[], (self.pick)(&read(&self.storage)));
	}
}

/// The counters in `storage`: zero before the agents counted anything (or if what is there is
/// not counters, which the metrics must not fail on).
fn read(storage: &impl OffchainStorage) -> AgentCounters {
	storage
		.get(STORAGE_PREFIX, AGENT_COUNTERS_STORAGE_KEY)
		.and_then(|bytes| AgentCounters::decode(&mut &bytes[..]).ok())
		.unwrap_or_default()
}

/// The agents' counters: name, help, and which of them.
const COUNTERS: [(&str, &str, fn(&AgentCounters) -> u64); 4] = [
	("energy_agent_offers_total", "Offers the node's selling agents submitted", |c| c.offers),
	(
		"energy_agent_agreements_recorded_total",
		"Agreements the node's selling agents submitted for recording",
		|c| c.agreements_sold,
	),
	("energy_agent_agreements_bought_total", "Agreements the node's buying agents made", |c| {
		c.agreements_bought
	}),
	(
		"energy_agent_errors_total",
		"Calls the node's agents could not make and messages their counterparts refused or left \
		 unanswered",
		|c| c.errors,
	),
];

/// Registers the agents' metrics in `registry`, read from `storage` at every scrape.
pub fn register_agent_metrics<S>(registry: &Registry, storage: S) -> Result<(), PrometheusError>
where
	S: OffchainStorage + Clone + Send + Sync + 'static,
{
	for (name, help, pick) in COUNTERS {
		let source = Counter { storage: storage.clone(), pick };
		register(SourcedCounter::new(&Opts::new(name, help), source)?, registry)?;
	}
	let open = Counter { storage, pick: |c| u64::from(c.negotiations_open) };
	let opts = Opts::new(
		"energy_agent_negotiations_open",
		"Negotiations of the node's agents open at the last block: buyers going on at the next \
		 block and buyers its sellers hold energy for",
	);
	register(SourcedGauge::new(&opts, open)?, registry)?;
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use parking_lot::Mutex;
	use sp_core::offchain::storage::InMemOffchainStorage;
	use std::sync::Arc;

	/// Offchain storage whose clones share their data, as the node's database does.
	#[derive(Clone, Default)]
	struct Shared(Arc<Mutex<InMemOffchainStorage>>);

	impl OffchainStorage for Shared {
		fn set(&mut self, prefix: &[u8], key: &[u8], value: &[u8]) {
			self.0.lock().set(prefix, key, value)
		}
		fn remove(&mut self, prefix: &[u8], key: &[u8]) {
			self.0.lock().remove(prefix, key)
		}
		fn get(&self, prefix: &[u8], key: &[u8]) -> Option<Vec<u8>> {
			self.0.lock().get(prefix, key)
		}
		fn compare_and_set(
			&mut self,
			prefix: &[u8],
			key: &[u8],
			old_value: Option<&[u8]>,
			new_value: &[u8],
		) -> bool {
			self.0.lock().compare_and_set(prefix, key, old_value, new_value)
		}
	}

	#[test]
	fn each_scrape_reads_what_the_agents_counted() {
		let registry = Registry::new();
		let mut storage = Shared::default();
		register_agent_metrics(&registry, storage.clone()).unwrap();
		let value = |name: &str| {
			registry.gather().into_iter().find(|family| family.get_name() == name).map(|family| {
				// A counter's gauge reads zero, and a gauge's counter.
				let metric = &family.get_metric()[0];
				metric.get_counter().get_value() + metric.get_gauge().get_value()
			})
		};
		// Nothing counted yet, or bytes that are no counters: zeros, not a failed scrape.
		assert_eq!(value("energy_agent_offers_total"), Some(0.0));
		storage.set(STORAGE_PREFIX, AGENT_COUNTERS_STORAGE_KEY, b"no counters");
		assert_eq!(value("energy_agent_errors_total"), Some(0.0));
		let counters = AgentCounters {
			offers: 3,
			agreements_sold: 7,
			agreements_bought: 2,
			negotiations_open: 4,
			errors: 1,
		};
		storage.set(STORAGE_PREFIX, AGENT_COUNTERS_STORAGE_KEY, &counters.encode());
		assert_eq!(value("energy_agent_offers_total"), Some(3.0));
		assert_eq!(value("energy_agent_agreements_recorded_total"), Some(7.0));
		assert_eq!(value("energy_agent_agreements_bought_total"), Some(2.0));
		assert_eq!(value("energy_agent_errors_total"), Some(1.0));
		assert_eq!(value("energy_agent_negotiations_open"), Some(4.0));
	}
}
