//! How each pallet of the runtime is configured, one module per subject. Everything the rest
//! of the crate (and the node) names is re-exported here, as `crate::configs::X`.

mod consensus;
mod energy_market;
mod governance;
mod money;
mod offchain;
mod privacy;
mod system;

pub use self::{
	consensus::{SessionLength, SessionOffset, MAX_VALIDATORS},
	energy_market::CurrentSlot,
	governance::{
		BallotDuration, ConsortiumMajority, CouncilInstance, GovernanceCallFilter, MaxBallotWeight,
		MAX_APPLICATIONS, MAX_BALLOTS, MAX_MEMBERS, MAX_WELL_KNOWN_NODES,
	},
	money::{fee_collector, FeeCollectorId, FeeMultiplier, ToBlockAuthor},
	privacy::{
		EnergyMaxBlockShare, EnergyPoolId, ShieldedFeePerInput, ShieldedFeePerOutput,
		ShieldedFeePerRingMember, ShieldedMaxBlockShare, ShieldedMinFee, ShieldedPoolId,
		ENERGY_FEE_PRICE,
	},
	system::{
		BlockHashCount, RuntimeBlockLength, RuntimeBlockWeights, SS58Prefix, Version,
		MAX_BLOCK_LENGTH,
	},
};
