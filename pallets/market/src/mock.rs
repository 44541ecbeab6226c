//! A runtime with the real money (`pallet-balances`), energy token, meter readings and clock;
//! roles are a small stand-in. Slots last a minute, the last 15 seconds of which record.

use crate as pallet_market;
use codec::Encode;
use energy_primitives::{
	agreement_message, AgentKind, Balance, Energy, Installation, OfferId, Role, RoleProvider,
	SlotIndex,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Get},
};
use frame_system::{
	offchain::{AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes},
	EnsureRoot,
};
use sp_core::{sr25519, Pair};
use sp_runtime::{
	generic::UncheckedExtrinsic, traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature,
	MultiSigner, Perbill,
};
use std::collections::BTreeMap;

pub type AccountId = AccountId32;
type Block = frame_system::mocking::MockBlockU32<Test>;
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, MultiSignature, ()>;

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
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type EnergyToken = pallet_energy_token;
	#[runtime::pallet_index(4)]
	pub type MeterReadings = pallet_meter_readings;
	#[runtime::pallet_index(5)]
	pub type Market = pallet_market;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

use frame_support::traits::ConstU128;

impl pallet_energy_token::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = ();
}

impl SigningTypes for Test {
	type Public = MultiSigner;
	type Signature = MultiSignature;
}

impl<C> CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<A: AppCrypto<MultiSigner, MultiSignature>>(
		call: RuntimeCall,
		public: MultiSigner,
		account: AccountId,
		nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		let signature = A::sign(&(&call, nonce).encode(), public)?;
		Some(Extrinsic::new_signed(call, account, signature, ()))
	}
}

/// The meters read the market's clock, as in the runtime.
pub struct MarketSlot;
impl Get<SlotIndex> for MarketSlot {
	fn get() -> SlotIndex {
		Market::current_slot()
	}
}

impl pallet_meter_readings::Config for Test {
	type Roles = MockRoles;
	type Energy = EnergyToken;
	type CurrentSlot = MarketSlot;
	type InstallationOrigin = EnsureRoot<AccountId>;
	type AuthorityId = pallet_meter_readings::crypto::MeterAuthId;
	type ResendAfter = ConstU32<5>;
	type MaxReadingsKept = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkRoles;
}

/// The test accounts: `account(n)` is 32 bytes of `n`.
pub fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// Three households, their meters, the grid operator and a validator (not a household).
pub fn seller() -> AccountId {
	account(1)
}
pub fn buyer() -> AccountId {
	account(2)
}
pub fn other_buyer() -> AccountId {
	account(3)
}
pub fn meter_of(household: &AccountId) -> AccountId {
	let [n, ..] = <[u8; 32]>::from(household.clone());
	account(n + 10)
}
pub fn operator() -> AccountId {
	account(20)
}
pub fn validator() -> AccountId {
	account(21)
}

/// The households, in order.
pub fn households() -> [AccountId; 3] {
	[seller(), buyer(), other_buyer()]
}

/// The negotiation key of a household's agent.
pub fn agent_key(household: &AccountId) -> sr25519::Pair {
	let [n, ..] = <[u8; 32]>::from(household.clone());
	sr25519::Pair::from_string(&format!("//Agent{n}"), None).unwrap()
}

/// What the buyer's agent signs for an agreement.
pub fn sign_agreement(
	signer: &AccountId,
	offer: OfferId,
	slot: SlotIndex,
	seller: &AccountId,
	buyer: &AccountId,
	energy: Energy,
	price: Balance,
) -> sr25519::Signature {
	let genesis = System::block_hash(0);
	agent_key(signer).sign(&agreement_message(&genesis, offer, slot, seller, buyer, energy, price))
}

pub const EXISTENTIAL_DEPOSIT: Balance = 1_000;
/// Money each household starts with.
pub const ENDOWMENT: Balance = 1_000_000_000;
/// Every household's installation: a 10 kWh battery on a 7 kWh-per-slot connection.
pub const INSTALLATION: Installation =
	Installation { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 };

/// Slots last a minute; the last 15 seconds record.
pub const SLOT_MILLIS: u64 = 60_000;
pub const RECORDING_MILLIS: u64 = 15_000;
/// The penalty rate at genesis.
pub const PENALTY_RATE: Perbill = Perbill::from_percent(20);
/// The slot the tests start in.
pub const START: SlotIndex = 1_000;
/// Import and feed-in prices per kWh of every slot the tests trade.
pub const IMPORT_PRICE: Balance = 300_000;
pub const FEED_IN_PRICE: Balance = 50_000;
/// Limits, small enough to reach in tests.
pub const MAX_OFFERS_PER_SLOT: u32 = 4;
pub const MAX_OFFERS_PER_SELLER: u32 = 2;
pub const MAX_AGREEMENTS_PER_OFFER: u32 = 2;
pub const MAX_AGREEMENTS_PER_SLOT: u32 = 3;
pub const MAX_PENDING_SLOTS: u32 = 4;
pub const MAX_SETTLEMENTS_PER_BLOCK: u32 = 3;
pub const GRACE_SLOTS: SlotIndex = 2;
pub const PRICE_HISTORY_SLOTS: SlotIndex = 4;
pub const MAX_ENDPOINT: u32 = 32;

parameter_types! {
	pub static Roles: BTreeMap<AccountId, Role<AccountId>> = {
		let mut roles = BTreeMap::from([
			(operator(), Role::GridOperator),
			(validator(), Role::Validator),
		]);
		for household in households() {
			roles.insert(meter_of(&household), Role::MeterOracle { household: household.clone() });
			roles.insert(household, Role::Household);
		}
		roles
	};
}

pub struct MockRoles;
impl RoleProvider<AccountId> for MockRoles {
	fn role(who: &AccountId) -> Option<Role<AccountId>> {
		Roles::get().get(who).cloned()
	}

	fn grid_operator() -> Option<AccountId> {
		Roles::get().into_iter().find_map(|(who, role)| (role == Role::GridOperator).then_some(who))
	}
}

/// Makes `who` a member in `role`, or no member.
pub fn set_role(who: &AccountId, role: Option<Role<AccountId>>) {
	Roles::mutate(|roles| match role {
		Some(role) => roles.insert(who.clone(), role),
		None => roles.remove(who),
	});
}

impl pallet_market::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Energy = EnergyToken;
	type Meters = MeterReadings;
	type Roles = MockRoles;
	type UnixTime = Timestamp;
	type GridOrigin = EnsureRoot<AccountId>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MinSlotMillis = ConstU64<12_000>;
	type GraceSlots = ConstU64<GRACE_SLOTS>;
	type MaxEndpointLength = ConstU32<MAX_ENDPOINT>;
	type MaxOffersPerSlot = ConstU32<MAX_OFFERS_PER_SLOT>;
	type MaxOffersPerSeller = ConstU32<MAX_OFFERS_PER_SELLER>;
	type MaxAgreementsPerOffer = ConstU32<MAX_AGREEMENTS_PER_OFFER>;
	type MaxAgreementsPerSlot = ConstU32<MAX_AGREEMENTS_PER_SLOT>;
	type MaxPendingSlots = ConstU32<MAX_PENDING_SLOTS>;
	type MaxSettlementsPerBlock = ConstU32<MAX_SETTLEMENTS_PER_BLOCK>;
	type PriceHistorySlots = ConstU64<PRICE_HISTORY_SLOTS>;
	type AgentAuthorityId = crate::offchain::AgentAuthId;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkRoles;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkRoles;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_meter_readings::BenchmarkHelper<AccountId> for BenchmarkRoles {
	fn make_meter(meter: &AccountId, household: &AccountId) {
		set_role(household, Some(Role::Household));
		set_role(meter, Some(Role::MeterOracle { household: household.clone() }));
	}
	fn make_household(who: &AccountId) {
		set_role(who, Some(Role::Household));
	}
	fn set_slot(slot: SlotIndex) {
		set_time(slot * SLOT_MILLIS);
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchmarkRoles {
	fn make_household(who: &AccountId) {
		set_role(who, Some(Role::Household));
	}
	fn make_grid_operator(who: &AccountId) {
		set_role(who, Some(Role::GridOperator));
	}
	fn mint_energy(who: &AccountId, energy: Energy) {
		use frame_support::traits::fungible::Mutate;
		EnergyToken::mint_into(who, energy).unwrap();
	}
	fn set_reading(
		household: &AccountId,
		slot: SlotIndex,
		reading: energy_primitives::MeterReading,
		unbacked: Energy,
	) {
		pallet_meter_readings::Readings::<Test>::insert(household, slot, reading);
		pallet_meter_readings::Unbacked::<Test>::insert(household, unbacked);
	}
	fn set_time(millis: u64) {
		set_time(millis);
	}
}

/// Sets the Unix time, in milliseconds.
pub fn set_time(millis: u64) {
	pallet_timestamp::Now::<Test>::put(millis);
}

/// Moves the clock `offset` milliseconds into `slot`.
pub fn go_to(slot: SlotIndex, offset: u64) {
	set_time(slot * SLOT_MILLIS + offset);
}

/// Moves the clock to the start of `slot`: negotiation.
pub fn negotiate_in(slot: SlotIndex) {
	go_to(slot, 0);
}

/// Moves the clock into the recording window of `slot`.
pub fn record_in(slot: SlotIndex) {
	go_to(slot, SLOT_MILLIS - RECORDING_MILLIS);
}

/// Every agent's published endpoint.
pub fn endpoint(household: &AccountId) -> Vec<u8> {
	format!("http://127.0.0.1:87{:02}", <[u8; 32]>::from(household.clone())[0]).into_bytes()
}

/// A chain in the negotiation phase of slot `START`, with all three households endowed with
/// money, installed, published as `Both`, and grid prices for the next few slots.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: households()
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.chain([(operator(), ENDOWMENT)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_meter_readings::GenesisConfig::<Test> {
		installations: households().into_iter().map(|who| (who, INSTALLATION)).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_market::GenesisConfig::<Test> {
		slot_millis: SLOT_MILLIS,
		recording_millis: RECORDING_MILLIS,
		penalty_rate: PENALTY_RATE,
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		// Events are not recorded in block 0.
		System::set_block_number(1);
		negotiate_in(START);
		for slot in START + 1..START + 8 {
			pallet_market::SlotGridPrices::<Test>::insert(
				slot,
				pallet_market::GridPrices {
					import_price: IMPORT_PRICE,
					feed_in_price: FEED_IN_PRICE,
				},
			);
		}
		pallet_market::OldestPricedSlot::<Test>::put(START + 1);
		for household in households() {
			pallet_market::Agents::<Test>::insert(
				&household,
				pallet_market::AgentInfo {
					kind: AgentKind::Both,
					endpoint: endpoint(&household).try_into().unwrap(),
					negotiation_key: agent_key(&household).public(),
				},
			);
		}
	});
	ext
}

/// The benchmarks' chain: an empty market with a keystore for the agents' keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}
