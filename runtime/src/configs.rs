//! How each pallet of the runtime is configured.

use crate::{
	AccountId, Address, Aura, Balance, Balances, Block, BlockNumber, Consortium, Council,
	EnergyToken, Hash, Market, MeterReadings, Nonce, OriginCaller, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	Session, SessionKeys, Signature, SignedPayload, System, TxExtension, UncheckedExtrinsic,
	ValidatorSet, EXISTENTIAL_DEPOSIT, UNIT, VERSION,
};
use codec::Encode;
use energy_primitives::{SlotIndex, DAYS, MINUTES, SLOT_DURATION, SS58_PREFIX};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOfDiverse, FindAuthor, Get,
		NeverEnsureOrigin, OnUnbalanced, VariantCountOf,
	},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	generic::Era,
	traits::{ConvertInto, One, OpaqueKeys, Verify},
	Perbill,
};
use sp_version::RuntimeVersion;

/// Three quarters of each block are for transactions; the rest for operational calls.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Largest block, in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// Most validators the consortium can have; also the Aura and GRANDPA authority limit.
pub const MAX_VALIDATORS: u32 = 32;

/// Most members of the consortium, in every role: households, their meters, validators,
/// gateways and the grid operator.
pub const MAX_MEMBERS: u32 = 128;

/// Most ballots open at once.
pub const MAX_BALLOTS: u32 = 32;

/// Most applications open at once.
pub const MAX_APPLICATIONS: u32 = 32;

/// Most nodes allowed to join the peer-to-peer network.
pub const MAX_WELL_KNOWN_NODES: u32 = 64;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of execution in each six-second block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// Blocks of at most 5 MiB, of which normal transactions may fill three quarters.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

/// The money token: balances in the smallest unit of the consortium's fiat currency.
impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ToBlockAuthor;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

/// Fees and dust go to the author of the block. The money token is backed by fiat that the
/// gateways hold, so none of it may vanish; the validators earn what running the chain costs.
pub struct ToBlockAuthor;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToBlockAuthor {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		let digest = System::digest();
		let pre_runtime = digest.logs().iter().filter_map(|item| item.as_pre_runtime());
		if let Some(author) =
			pallet_session::FindAccountFromAuthorIndex::<Runtime, Aura>::find_author(pre_runtime)
		{
			// Validators hold money, so their accounts exist and crediting them cannot fail.
			let _ = <Balances as Balanced<AccountId>>::resolve(&author, amount);
		}
	}
}

/// Fees in money tokens: one unit per picosecond of weight and per byte, a fixed multiplier
/// (a consortium chain has no fee market to clear).
impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ToBlockAuthor>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// Batches of calls: a ballot can admit a validator and authorize its node in one motion.
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

impl pallet_validator_set::Config for Runtime {
	/// A passed ballot; admitting or removing a validator member changes the set too.
	type ValidatorOrigin = ConsortiumMajority;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSessionKeys;
}

/// Benchmarks register an account's session keys straight in storage: a real `set_keys` needs
/// an ownership proof signed by keys the runtime cannot make.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkSessionKeys;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for BenchmarkSessionKeys {
	fn register_session_keys(who: &AccountId) {
		use codec::Decode;
		if let Ok(keys) = SessionKeys::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
		{
			pallet_session::NextKeys::<Runtime>::insert(who, keys);
		}
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consortium::BenchmarkHelper<AccountId> for BenchmarkSessionKeys {
	fn register_session_keys(who: &AccountId) {
		<Self as pallet_validator_set::BenchmarkHelper<AccountId>>::register_session_keys(who)
	}

	fn open_ballots(who: &AccountId) {
		use codec::Encode;
		use sp_runtime::traits::Hash as _;
		let open =
			pallet_collective::Proposals::<Runtime, CouncilInstance>::decode_len().unwrap_or(0);
		for i in open as u32..MAX_BALLOTS {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: i.encode() });
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
			let index = pallet_collective::ProposalCount::<Runtime, CouncilInstance>::get();
			let len = call.encoded_size() as u32;
			let proposer = RuntimeOrigin::signed(who.clone());
			let proposed = Council::propose(proposer.clone(), 2, alloc::boxed::Box::new(call), len);
			let voted = Council::vote(proposer, hash, index, true);
			if proposed.is_err() || voted.is_err() {
				break;
			}
		}
	}
}

parameter_types! {
	/// Blocks in a session: validator changes take effect at session boundaries. Stored under
	/// `:SessionLength:` so a chain spec (or a test network) can set a shorter one.
	pub storage SessionLength: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Validators are vetted by the consortium, so session keys need no deposit.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

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
}

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
	/// Members are vetted, so proposing needs no deposit.
	type Consideration = ();
}

/// The voting members: every member of the registry but meter oracles. Only the registry
/// changes them, and there is no prime member.
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
	/// Enough to deter spam, returned whatever the ballot decides.
	type ApplicationDeposit = ConstU128<{ 100 * UNIT }>;
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

/// The market slot now, on the market's clock: meters report and members anchor by it.
pub struct CurrentSlot;
impl Get<SlotIndex> for CurrentSlot {
	fn get() -> SlotIndex {
		Market::current_slot()
	}
}

/// Each member's hourly data anchors.
impl pallet_anchoring::Config for Runtime {
	type Roles = Consortium;
	type CurrentSlot = CurrentSlot;
	type MaxUriLength = ConstU32<256>;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

/// Benchmarks of pallets that act on members make their accounts households.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkMembers;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_anchoring::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_member(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}
}

/// The fiat gateway: money minted against fiat deposits, burned on paid-out withdrawals.
impl pallet_money_gateway::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Roles = Consortium;
	type MaxReferenceLength = ConstU32<64>;
	type MaxOpenWithdrawals = ConstU32<1024>;
	type WeightInfo = pallet_money_gateway::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_money_gateway::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_gateway(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::FiatGateway);
	}
}

/// The energy token: watt-hours stored in household batteries, minted and burned only by the
/// meter readings below.
impl pallet_energy_token::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_energy_token::weights::SubstrateWeight<Runtime>;
}

/// Smart meters: one reading per household and slot. The grid operator registers the
/// installations it audited; a ballot can too (and must, while the consortium has no operator).
impl pallet_meter_readings::Config for Runtime {
	type Roles = Consortium;
	type Energy = EnergyToken;
	type CurrentSlot = CurrentSlot;
	type InstallationOrigin =
		EitherOfDiverse<ConsortiumMajority, pallet_consortium::EnsureGridOperator<Runtime>>;
	type AuthorityId = pallet_meter_readings::crypto::MeterAuthId;
	/// Five blocks (30 s) for a reading to land before the meter sends it again.
	type ResendAfter = ConstU32<5>;
	type WeightInfo = pallet_meter_readings::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_meter_readings::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_meter(meter: &AccountId, household: &AccountId) {
		use energy_primitives::Role;
		let _ = Consortium::benchmark_member(household, &Role::Household);
		let _ = Consortium::benchmark_member(
			meter,
			&Role::MeterOracle { household: household.clone() },
		);
	}

	fn make_household(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}

	fn set_slot(slot: SlotIndex) {
		pallet_timestamp::Now::<Runtime>::put(Market::clock().start_of(slot));
	}
}

/// The hourly market. The grid operator prices the slots (a ballot can too); ballots change
/// the clock and the penalty rate.
impl pallet_market::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Energy = EnergyToken;
	type Meters = MeterReadings;
	type Roles = Consortium;
	type UnixTime = pallet_timestamp::Pallet<Runtime>;
	type GridOrigin =
		EitherOfDiverse<ConsortiumMajority, pallet_consortium::EnsureGridOperator<Runtime>>;
	type GovernanceOrigin = ConsortiumMajority;
	/// Three blocks: a slot must have room for a recording window and a negotiation.
	type MinSlotMillis = ConstU64<{ 3 * energy_primitives::MILLISECS_PER_BLOCK }>;
	/// Meters have two more slots to report a delivery before the silent side is penalised.
	type GraceSlots = ConstU64<2>;
	type MaxEndpointLength = ConstU32<128>;
	type MaxOffersPerSlot = ConstU32<1024>;
	type MaxOffersPerSeller = ConstU32<4>;
	type MaxAgreementsPerOffer = ConstU32<64>;
	type MaxAgreementsPerSlot = ConstU32<2048>;
	type MaxPendingSlots = ConstU32<16>;
	type MaxSettlementsPerBlock = ConstU32<64>;
	type WeightInfo = pallet_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_market::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_household(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}

	fn make_grid_operator(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::GridOperator);
	}

	fn mint_energy(who: &AccountId, energy: energy_primitives::Energy) {
		use frame_support::traits::fungible::Mutate;
		let _ = EnergyToken::mint_into(who, energy);
	}

	fn set_reading(
		household: &AccountId,
		slot: SlotIndex,
		reading: energy_primitives::MeterReading,
		unbacked: energy_primitives::Energy,
	) {
		pallet_meter_readings::Readings::<Runtime>::insert(household, slot, reading);
		pallet_meter_readings::Unbacked::<Runtime>::insert(household, unbacked);
	}

	fn set_time(millis: u64) {
		pallet_timestamp::Now::<Runtime>::put(millis);
	}
}

/// Lets the meters' offchain workers sign their readings like any account: the same
/// transaction extensions as a wallet's, with a mortal era.
impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		let period = u64::from(BlockHashCount::get())
			.checked_next_power_of_two()
			.map(|c| c / 2)
			.unwrap_or(2);
		let born = u64::from(System::block_number().saturating_sub(1));
		let extension: TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(Era::mortal(period, born)),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		);
		let payload = SignedPayload::new(call, extension).ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, Address::Id(account), signature, extension))
	}
}

parameter_types! {
	/// The shielded pool's account: `modl` + `enr/pool`.
	pub const ShieldedPoolId: frame_support::PalletId = frame_support::PalletId(*b"enr/pool");
	/// A private transaction pays at least a cent: unsigned, it pays no transaction fee.
	pub const ShieldedMinFee: u64 = (UNIT / 100) as u64;
	/// Private transactions cannot tip (they have no signer to pay one), so they all get one
	/// fixed priority: half the largest.
	pub const ShieldedPriority: sp_runtime::transaction_validity::TransactionPriority =
		sp_runtime::transaction_validity::TransactionPriority::MAX / 2;
}

/// The shielded money pool: money moved into hidden notes, paid privately, moved back out.
/// Rings of 11 to 16 notes (as Monero's 16) hide the spent note; fees go to the block author,
/// as transaction fees do.
impl pallet_shielded_pool::Config for Runtime {
	type Currency = Balances;
	type OnFee = ToBlockAuthor;
	type PalletId = ShieldedPoolId;
	/// 2^20 notes: six years of ten households each paying privately once an hour (a payment
	/// makes two notes, the payee's and the change).
	type MaxNotes = ConstU64<{ 1 << 20 }>;
	type MinRingSize = ConstU32<11>;
	type MaxRingSize = ConstU32<16>;
	type MaxInputs = ConstU32<4>;
	type MaxOutputs = ConstU32<16>;
	type MinFee = ShieldedMinFee;
	type UnsignedPriority = ShieldedPriority;
	/// Ten minutes of blocks: a private transaction the pool cannot include by then is
	/// validated again.
	type UnsignedLongevity = ConstU64<{ 10 * MINUTES as u64 }>;
	type WeightInfo = pallet_shielded_pool::weights::SubstrateWeight<Runtime>;
}
