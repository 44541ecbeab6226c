//! Configures governance: the ballots (`pallet-collective`) of the voting members
//! (`pallet-membership`), the registry of members and roles (`pallet-consortium`) and the nodes
//! allowed to peer (`pallet-node-authorization`).

#[cfg(feature = "runtime-benchmarks")]
use crate::benchmarks::BenchmarkSessionKeys;
use crate::{
	AccountId, Balance, Balances, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, ValidatorSet, UNIT,
};
use energy_primitives::DAYS;
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, Contains, NeverEnsureOrigin},
	weights::Weight,
};
use pallet_collective::deposit::{Delayed, Geometric};
use sp_runtime::{FixedU128, Perbill};

use super::system::RuntimeBlockWeights;

/// Most members of the consortium, in every role: households, their meters, validators,
/// gateways and the grid operator. A micro-grid of 1,000 households is 2,006 members with its
/// founders (`energy_primitives::microgrid::MAX_HOUSEHOLDS`); every household but meters votes,
/// so a ballot's vote and close are charged for up to this many voters.
pub const MAX_MEMBERS: u32 = 2_048;

/// Most ballots open at once.
pub const MAX_BALLOTS: u32 = 32;

/// Most applications open at once.
pub const MAX_APPLICATIONS: u32 = 32;

/// Most nodes allowed to join the peer-to-peer network.
pub const MAX_WELL_KNOWN_NODES: u32 = 64;

/// The collective of the voting members whose motions are the consortium's ballots.
pub type CouncilInstance = pallet_collective::Instance1;

/// A passed ballot: more than `1/2` of the voting members said aye. Every privileged call of
/// our pallets takes this origin; change the share here.
pub type ConsortiumMajority =
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilInstance, 1, 2>;

parameter_types! {
	/// How long a ballot stays open before it expires (abstentions then count as nays).
	/// Stored under `:BallotDuration:`, so a passed ballot can change it with
	/// `consortium.dispatchAsRoot(system.setStorage(..))`.
	pub storage BallotDuration: BlockNumber = 2 * DAYS;
	/// A ballot may carry a call of at most half a block's weight.
	pub MaxBallotWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// What a ballot's deposit is held for.
	pub const BallotHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	/// The deposit of the fifth ballot open at once.
	pub const BallotDepositBase: Balance = 10 * UNIT;
	/// Each further open ballot's deposit doubles.
	pub BallotDepositRatio: FixedU128 = FixedU128::from_u32(2);
	/// Where the deposits of applications rejected as spam go: the fee collector, whose money
	/// only a ballot spends.
	pub SpamDepositsTo: AccountId = super::money::fee_collector();
}

/// Open ballots are a shared limit (`MAX_BALLOTS`), so proposing one costs more the more are
/// open: the first four open at once are free, the fifth holds 10 EUR from its proposer, and
/// each further one twice the one before. One member filling the 32 places would hold
/// 10 EUR × (2^28 - 1), more money than exists; a member proposing during such an attack pays
/// what the attacker's next ballot would, and every deposit comes back when its ballot closes
/// (`council.releaseProposalCost(hash)`, which anyone may call).
pub type BallotDeposit = HoldConsideration<
	AccountId,
	Balances,
	BallotHoldReason,
	Delayed<ConstU32<4>, Geometric<BallotDepositRatio, BallotDepositBase>>,
	u32,
>;

/// Ballots: equal-vote motions of the voting members. Anyone may close a ballot once it has
/// passed, once it cannot pass any more, or once it has expired.
impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = BallotDuration;
	type MaxProposals = ConstU32<MAX_BALLOTS>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	/// There is no prime member (every vote weighs the same), so an abstention counts as a nay.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// The voting members change only through the registry (`pallet-membership`).
	type SetMembersOrigin = NeverEnsureOrigin<()>;
	type MaxProposalWeight = MaxBallotWeight;
	/// Nobody overrules a ballot: it passes or fails by the members' votes alone.
	type DisapproveOrigin = NeverEnsureOrigin<()>;
	type KillOrigin = NeverEnsureOrigin<()>;
	type Consideration = BallotDeposit;
}

/// The calls no origin may dispatch, on their own or inside a batch or a ballot: those that
/// would change the voting members outside the registry.
///
/// `pallet-membership`'s `change_key` lets a voting member hand its seat to any account. The
/// member would keep its role in the registry without a vote, every ballot to remove it or change
/// its role would fail (`NotMember`), and a validator doing so could no longer be voted out. The
/// registry must stay the only thing that changes voters. The pallet's other calls already take
/// origins nobody but the registry has (`EnsureRegistry`) or nobody at all (the prime).
pub struct GovernanceCallFilter;
impl Contains<RuntimeCall> for GovernanceCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::CouncilMembership(pallet_membership::Call::change_key { .. }))
	}
}

/// The voting members: every member of the registry but meter oracles. Only the registry
/// changes them (see `GovernanceCallFilter`), and there is no prime member.
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = pallet_consortium::EnsureRegistry;
	type RemoveOrigin = pallet_consortium::EnsureRegistry;
	type SwapOrigin = pallet_consortium::EnsureRegistry;
	type ResetOrigin = pallet_consortium::EnsureRegistry;
	type PrimeOrigin = NeverEnsureOrigin<()>;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// The registry of members and roles.
impl pallet_consortium::Config for Runtime {
	type ConsortiumOrigin = ConsortiumMajority;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Returned when the candidate is admitted, rejected or withdraws; a ballot that rejects
	/// it as spam pays it to the fee collector instead. Filling the 32 open applications takes
	/// 3,200 EUR, lost to spam ballots, and no candidate withdraws before a ballot on it could
	/// have closed.
	type ApplicationDeposit = ConstU128<{ 100 * UNIT }>;
	type MinApplicationPeriod = BallotDuration;
	type SpamDepositsTo = SpamDepositsTo;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxApplications = ConstU32<MAX_APPLICATIONS>;
	type VotingMembers =
		pallet_consortium::MembershipAdapter<Runtime, pallet_membership::Instance1>;
	type Validators = ValidatorSet;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSessionKeys;
}

/// Only the consortium's nodes peer: each node's offchain worker restricts its peer set to the
/// well-known nodes, which only a passed ballot changes.
impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<MAX_WELL_KNOWN_NODES>;
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = ConsortiumMajority;
	type RemoveOrigin = ConsortiumMajority;
	type SwapOrigin = ConsortiumMajority;
	type ResetOrigin = ConsortiumMajority;
	/// The pallet has no benchmarks; its own estimates.
	type WeightInfo = ();
}
