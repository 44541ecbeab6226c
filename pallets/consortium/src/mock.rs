//! A runtime with the real ballots: `pallet-collective` motions over the voting members that
//! `pallet-membership` keeps, and balances for the deposits. The validator set is a small
//! stand-in kept in storage (so a refused call rolls it back too); `pallet-validator-set` has
//! its own tests.

use crate::{self as pallet_consortium, EnsureRegistry, MembershipAdapter};
use alloc::collections::BTreeSet;
use energy_primitives::{Role, ValidatorSetManager};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{BuildGenesisConfig, ConstU32, ConstU64, NeverEnsureOrigin},
	weights::Weight,
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(3)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	// After the membership: its genesis fills the voting members.
	#[runtime::pallet_index(4)]
	pub type Consortium = pallet_consortium;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Blocks a ballot stays open.
pub const VOTING_PERIOD: u64 = 10;
/// Most ballots open at once.
pub const MAX_BALLOTS: u32 = 8;
/// Most members, in every role.
pub const MAX_MEMBERS: u32 = 12;
/// Most open applications.
pub const MAX_APPLICATIONS: u32 = 4;
/// The application deposit.
pub const DEPOSIT: u64 = 10;
/// Blocks an application stays before its candidate may withdraw it.
pub const MIN_APPLICATION_PERIOD: u64 = VOTING_PERIOD;
/// Where the deposits of applications rejected as spam go.
pub const SPAM_POT: u64 = 99;
/// The validator set never shrinks below this.
pub const MIN_VALIDATORS: usize = 1;

parameter_types! {
	pub MaxBallotWeight: Weight = Weight::from_parts(1_000_000_000_000, u64::MAX);
	pub const SpamPot: u64 = SPAM_POT;
}

impl pallet_collective::Config<pallet_collective::Instance1> for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ConstU64<VOTING_PERIOD>;
	type MaxProposals = ConstU32<MAX_BALLOTS>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = ();
	type SetMembersOrigin = NeverEnsureOrigin<()>;
	type MaxProposalWeight = MaxBallotWeight;
	type DisapproveOrigin = NeverEnsureOrigin<()>;
	type KillOrigin = NeverEnsureOrigin<()>;
	type Consideration = ();
}

impl pallet_membership::Config<pallet_membership::Instance1> for Test {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRegistry;
	type RemoveOrigin = EnsureRegistry;
	type SwapOrigin = EnsureRegistry;
	type ResetOrigin = EnsureRegistry;
	type PrimeOrigin = NeverEnsureOrigin<()>;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type WeightInfo = ();
}

/// A passed ballot: more than half of the voting members said aye.
pub type ConsortiumMajority =
	pallet_collective::EnsureProportionMoreThan<u64, pallet_collective::Instance1, 1, 2>;

impl pallet_consortium::Config for Test {
	type ConsortiumOrigin = ConsortiumMajority;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ApplicationDeposit = ConstU64<DEPOSIT>;
	type MinApplicationPeriod = ConstU64<MIN_APPLICATION_PERIOD>;
	type SpamDepositsTo = SpamPot;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxApplications = ConstU32<MAX_APPLICATIONS>;
	type VotingMembers = MembershipAdapter<Test, pallet_membership::Instance1>;
	type Validators = MockValidators;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

const VALIDATORS: &[u8] = b":mock:validators";
const SESSION_KEYS: &[u8] = b":mock:session_keys";

/// The validator set: accounts in storage, and accounts with session keys.
pub struct MockValidators;

impl MockValidators {
	/// The current set.
	pub fn set() -> BTreeSet<u64> {
		unhashed::get_or_default(VALIDATORS)
	}

	/// Give `who` session keys.
	pub fn give_keys(who: u64) {
		let mut keyed: BTreeSet<u64> = unhashed::get_or_default(SESSION_KEYS);
		keyed.insert(who);
		unhashed::put(SESSION_KEYS, &keyed);
	}
}

impl ValidatorSetManager<u64> for MockValidators {
	fn has_session_keys(who: &u64) -> bool {
		unhashed::get_or_default::<BTreeSet<u64>>(SESSION_KEYS).contains(who)
	}

	fn is_validator(who: &u64) -> bool {
		Self::set().contains(who)
	}

	fn add_validator(who: &u64) -> DispatchResult {
		let mut set = Self::set();
		if !set.insert(*who) {
			return Err(DispatchError::Other("AlreadyValidator"));
		}
		unhashed::put(VALIDATORS, &set);
		Ok(())
	}

	fn remove_validator(who: &u64) -> DispatchResult {
		let mut set = Self::set();
		if set.len() <= MIN_VALIDATORS {
			return Err(TOO_FEW_VALIDATORS);
		}
		if !set.remove(who) {
			return Err(DispatchError::Other("NotValidator"));
		}
		unhashed::put(VALIDATORS, &set);
		Ok(())
	}
}

/// What the stand-in validator set answers when it would drop below its minimum.
pub const TOO_FEW_VALIDATORS: DispatchError = DispatchError::Other("TooFewValidators");

/// Benchmarks in the mock: session keys in the stand-in, ballots proposed by the member.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn register_session_keys(who: &u64) {
		MockValidators::give_keys(*who);
	}

	fn open_ballots(who: &u64) {
		open_ballots_by(*who);
	}
}

/// Fill the ballot queue with motions proposed by `who`, each with `who`'s aye.
pub fn open_ballots_by(who: u64) {
	use sp_runtime::traits::Hash;
	let open = pallet_collective::Proposals::<Test, pallet_collective::Instance1>::decode_len()
		.unwrap_or(0) as u32;
	for i in open..MAX_BALLOTS {
		let call = RuntimeCall::System(frame_system::Call::remark {
			remark: alloc::vec![i as u8, who as u8],
		});
		let len = codec::Encode::encoded_size(&call) as u32;
		let index = pallet_collective::ProposalCount::<Test, pallet_collective::Instance1>::get();
		let hash = <Test as frame_system::Config>::Hashing::hash_of(&call);
		let proposer = RuntimeOrigin::signed(who);
		Council::propose(proposer.clone(), 3, alloc::boxed::Box::new(call), len)
			.expect("a member can propose");
		Council::vote(proposer, hash, index, true).expect("a member can vote");
	}
}

/// Households 1, 2 and 3 (household 1 with meter 6), validator 4, grid operator 5 and fiat
/// gateway 7 found the consortium: six voters (meter 6 does not vote), so a ballot needs four.
pub const VALIDATOR: u64 = 4;
pub const GRID_OPERATOR: u64 = 5;
pub const METER: u64 = 6;
pub const GATEWAY: u64 = 7;
pub const VOTERS: [u64; 6] = [1, 2, 3, 4, 5, 7];
/// Candidates with 100 to spend; 11 and 12 have session keys.
pub const CANDIDATES: core::ops::RangeInclusive<u64> = 10..=19;
pub const KEYED: [u64; 2] = [11, 12];
/// An account that cannot pay the deposit.
pub const POOR: u64 = 20;

pub fn genesis_members() -> alloc::vec::Vec<(u64, Role<u64>)> {
	alloc::vec![
		(1, Role::Household),
		(2, Role::Household),
		(3, Role::Household),
		(VALIDATOR, Role::Validator),
		(GRID_OPERATOR, Role::GridOperator),
		(METER, Role::MeterOracle { household: 1 }),
		(GATEWAY, Role::FiatGateway),
	]
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=19).map(|who| (who, 100)).chain([(POOR, DEPOSIT / 2)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		pallet_consortium::GenesisConfig::<Test> { members: genesis_members() }.build();
		unhashed::put(VALIDATORS, &BTreeSet::from([VALIDATOR]));
		for who in [VALIDATOR].into_iter().chain(KEYED) {
			MockValidators::give_keys(who);
		}
		// Events are not recorded in block 0.
		System::set_block_number(1);
	});
	// Genesis goes into the backend, so benchmarks that wipe the overlay between runs keep it.
	ext.commit_all().expect("genesis commits");
	ext
}

/// The origin of a ballot that `ayes` of the six voters passed.
pub fn ballot(ayes: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<u64, pallet_collective::Instance1>::Members(
		ayes,
		VOTERS.len() as u32,
	)
	.into()
}

/// The origin of a passed ballot.
pub fn passed() -> RuntimeOrigin {
	ballot(4)
}
