//! Stands in for cumulus' `cumulus-client-parachain-inherent` in the node's build (the root
//! manifest's `[patch.crates-io]`).
//!
//! The benchmarking CLI's `benchmark overhead` builds a [`MockValidationDataInherentDataProvider`]
//! when the runtime it measures is a parachain (its metadata has `ParachainSystem` and
//! `ParachainInfo`). Ours is a solochain, so that branch never runs; but the real crate pulls
//! cumulus' relay-chain interface, polkadot's overseer and node subsystems, BABE and authority
//! discovery into the node's native build (31 crates). This crate keeps the provider's type with
//! the fields the CLI sets, and refuses to provide anything: a parachain's overhead is not
//! measurable with this node, and says so instead of measuring the wrong thing.

use polkadot_parachain_primitives::primitives::{HeadData, Id as ParaId};
use sp_inherents::{Error, InherentData, InherentDataProvider, InherentIdentifier};

/// The fields of cumulus' mock validation-data provider that the benchmarking CLI sets.
#[derive(Default)]
pub struct MockValidationDataInherentDataProvider<R = ()> {
	/// The parachain.
	pub para_id: ParaId,
	/// The head of the parachain block the inherent is for.
	pub current_para_block_head: Option<HeadData>,
	/// The relay-chain block the parachain starts at.
	pub relay_offset: u32,
	/// How far behind the relay chain's head the relay parent is.
	pub relay_parent_offset: u32,
	/// How the relay chain's randomness is made up.
	pub relay_randomness_config: R,
}

#[async_trait::async_trait]
impl<R: Send + Sync> InherentDataProvider for MockValidationDataInherentDataProvider<R> {
	async fn provide_inherent_data(&self, _: &mut InherentData) -> Result<(), Error> {
		Err(Error::Application(
			"this node is built for a solochain: it has no parachain validation data to mock"
				.into(),
		))
	}

	async fn try_handle_error(
		&self,
		_: &InherentIdentifier,
		_: &[u8],
	) -> Option<Result<(), Error>> {
		None
	}
}
