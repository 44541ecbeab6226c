//! A runtime with the real energy token and the meter readings; roles and the clock are small
//! stand-ins, and transactions are signed like the runtime's (sr25519 meter keys).

use crate as pallet_meter_readings;
use codec::Encode;
use energy_primitives::{Installation, Role, RoleProvider, SlotIndex};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::{
	offchain::{AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes},
	EnsureRoot,
};
use sp_runtime::{
	generic::UncheckedExtrinsic, traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature,
	MultiSigner,
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
	pub type EnergyToken = pallet_energy_token;
	#[runtime::pallet_index(2)]
	pub type MeterReadings = pallet_meter_readings;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

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

/// The test accounts: `account(n)` is 32 bytes of `n`.
pub fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

/// Two households with installations, their meters, and a member who is neither.
pub fn house_a() -> AccountId {
	account(1)
}
pub fn house_b() -> AccountId {
	account(2)
}
pub fn meter_a() -> AccountId {
	account(11)
}
pub fn meter_b() -> AccountId {
	account(12)
}
pub fn validator() -> AccountId {
	account(20)
}

/// Both households' installation: a 10 kWh battery on a 7 kWh-per-slot connection.
pub const INSTALLATION: Installation =
	Installation { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 };

/// Blocks the offchain worker waits before sending an unanswered reading again.
pub const RESEND_AFTER: u32 = 5;

/// Readings each household keeps.
pub const MAX_READINGS_KEPT: u32 = 4;

/// The slot the tests are in; readings are for slot `NOW - 1` and earlier.
pub const NOW: SlotIndex = 100;

parameter_types! {
	pub static CurrentSlot: SlotIndex = NOW;
	pub static Roles: BTreeMap<AccountId, Role<AccountId>> = BTreeMap::from([
		(house_a(), Role::Household),
		(house_b(), Role::Household),
		(meter_a(), Role::MeterOracle { household: house_a() }),
		(meter_b(), Role::MeterOracle { household: house_b() }),
		(validator(), Role::Validator),
	]);
}

pub struct MockRoles;
impl RoleProvider<AccountId> for MockRoles {
	fn role(who: &AccountId) -> Option<Role<AccountId>> {
		Roles::get().get(who).cloned()
	}

	fn grid_operator() -> Option<AccountId> {
		None
	}
}

/// Makes `who` a member in `role` (the consortium's admission, for tests and benchmarks).
pub fn set_role(who: &AccountId, role: Role<AccountId>) {
	Roles::mutate(|roles| roles.insert(who.clone(), role));
}

impl pallet_meter_readings::Config for Test {
	type Roles = MockRoles;
	type Energy = EnergyToken;
	type CurrentSlot = CurrentSlot;
	type InstallationOrigin = EnsureRoot<AccountId>;
	type AuthorityId = crate::crypto::MeterAuthId;
	type ResendAfter = ConstU32<RESEND_AFTER>;
	type MaxReadingsKept = ConstU32<MAX_READINGS_KEPT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkRoles;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkRoles;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchmarkRoles {
	fn make_meter(meter: &AccountId, household: &AccountId) {
		set_role(household, Role::Household);
		set_role(meter, Role::MeterOracle { household: household.clone() });
	}

	fn make_household(who: &AccountId) {
		set_role(who, Role::Household);
	}

	fn set_slot(slot: SlotIndex) {
		CurrentSlot::set(slot);
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_meter_readings::GenesisConfig::<Test> {
		installations: vec![(house_a(), INSTALLATION), (house_b(), INSTALLATION)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Events are not recorded in block 0.
	ext.execute_with(|| System::set_block_number(1));
	ext
}
