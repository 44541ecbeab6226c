//! A runtime with balances, a money pool and an energy pool (two instances of the shielded pool
//! over one token: each pool's notes stay in it), and the private market. The market's clock,
//! grid prices and households are set by the tests.

use crate as pallet_private_market;
use energy_primitives::{
	Balance, Energy, GridPrices, MarketStatus, MeterData, MeterReading, Phase, Role, RoleProvider,
	SlotIndex, TradingSlots,
};
use frame_support::{
	derive_impl,
	instances::{Instance1, Instance2},
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

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
	pub type MoneyPool = pallet_shielded_pool<Instance1>;
	#[runtime::pallet_index(3)]
	pub type EnergyPool = pallet_shielded_pool<Instance2>;
	#[runtime::pallet_index(4)]
	pub type PrivateMarket = pallet_private_market;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<EXISTENTIAL_DEPOSIT>;
}

/// Households, by account: distinctive byte patterns, so a test can look for them in what a
/// private call writes.
pub const ALICE: u64 = 0xA11C_E0A1_1CE0_A11C;
pub const BOB: u64 = 0xB0B0_B0B0_B0B0_B0B0;
pub const CHARLIE: u64 = 0xC4A2_11E0_C4A2_11E0;
pub const DAVE: u64 = 0xDA7E_DA7E_DA7E_DA7E;
pub const ERIN: u64 = 0xE214_E214_E214_E214;
/// Not a household.
pub const METER: u64 = 0x3E7E_2000_3E7E_2000;
/// The grid operator, who receives penalties.
pub const OPERATOR: u64 = 0x0BE2_A702_0BE2_A702;
/// Where the pools' fees go.
pub const FEE_COLLECTOR: u64 = 0xFEEC_011E_C708_FEEC;
pub const MEMBERS: [u64; 5] = [ALICE, BOB, CHARLIE, DAVE, ERIN];
pub const START: Balance = 1_000_000_000;
pub const EXISTENTIAL_DEPOSIT: Balance = 500;
pub const MAX_MARKET_KEYS: u32 = 6;
pub const MIN_RING_SIZE: u32 = 3;
pub const MAX_RING_SIZE: u32 = 5;
pub const MAX_LOCK_INPUTS: u32 = 3;
pub const MAX_OFFERS_PER_SLOT: u32 = 3;
pub const MAX_PURCHASES_PER_SLOT: u32 = 3;
pub const MAX_OFFER_DETAILS: u32 = 32;
pub const STAMP_BITS: u32 = 4;
pub const CLAIM_SLOTS: u64 = 2;
pub const LONGEVITY: u64 = 16;
/// The pools' rings in tests.
pub const POOL_RING: usize = 5;

parameter_types! {
	pub const MoneyPoolId: PalletId = PalletId(*b"mony/shp");
	pub const EnergyPoolId: PalletId = PalletId(*b"enrg/shp");
	pub const MaxBlockShare: Perbill = Perbill::from_percent(50);
	/// The households of the consortium; a test removes one to show it leaves the market.
	pub static Households: Vec<u64> = MEMBERS.to_vec();
	/// The market's status now.
	pub static Status: MarketStatus = negotiation(10);
	/// The grid's prices of every slot, per kWh: 0.25 to import, 0.05 fed in.
	pub static Prices: Option<GridPrices> =
		Some(GridPrices { import_price: 250_000, feed_in_price: 50_000 });
	/// Each household's energy exported in each slot, as its meter reported it.
	pub static Exports: Vec<(u64, SlotIndex, Energy)> = Vec::new();
	/// The meters' ledger of used exports: household, slot, energy.
	pub static UsedExports: Vec<(u64, SlotIndex, Energy)> = Vec::new();
	/// Whether the consortium has a grid operator.
	pub static HasOperator: bool = true;
}

/// The negotiation window of slot `slot`, which trades slot `slot + 1`.
pub fn negotiation(slot: SlotIndex) -> MarketStatus {
	MarketStatus { slot, phase: Phase::Negotiation, recording_starts_at: 0, slot_ends_at: 0 }
}

/// The consortium's roles: `Households` are households, everyone else a meter.
pub struct Roles;
impl RoleProvider<u64> for Roles {
	fn role(who: &u64) -> Option<Role<u64>> {
		if Households::get().contains(who) {
			Some(Role::Household)
		} else {
			Some(Role::MeterOracle { household: ALICE })
		}
	}
	fn grid_operator() -> Option<u64> {
		HasOperator::get().then_some(OPERATOR)
	}
}

/// The meters: a household's reading of a slot reports the exports of `Exports`.
pub struct Meters;
impl MeterData<u64> for Meters {
	fn reading(household: &u64, slot: SlotIndex) -> Option<MeterReading> {
		Exports::get().into_iter().find(|(who, at, _)| who == household && *at == slot).map(
			|(_, _, exported_wh)| MeterReading {
				imported_wh: 0,
				exported_wh,
				state_of_charge_wh: 0,
			},
		)
	}
	fn burn_unbacked(_household: &u64) -> Energy {
		0
	}
	fn used_exports(household: &u64, slot: SlotIndex) -> Energy {
		UsedExports::get()
			.into_iter()
			.filter(|(who, at, _)| who == household && *at == slot)
			.map(|(_, _, energy)| energy)
			.sum()
	}
	fn use_exports(household: &u64, slot: SlotIndex, energy: Energy) {
		UsedExports::mutate(|ledger| ledger.push((*household, slot, energy)));
	}
}

/// The market's clock and prices, as the tests set them.
pub struct Market;
impl TradingSlots for Market {
	fn status() -> MarketStatus {
		Status::get()
	}
	fn grid_prices(_slot: SlotIndex) -> Option<GridPrices> {
		Prices::get()
	}
}

/// The fee rule of both pools: a lock of one note with a ring of 5 pays 10 + 3 + 5 + 5 = 23.
macro_rules! pool_config {
	($instance:ty, $id:ty) => {
		impl pallet_shielded_pool::Config<$instance> for Test {
			type Currency = Balances;
			type OnFee = ();
			type PalletId = $id;
			type MaxNotes = ConstU64<256>;
			type MinRingSize = ConstU32<3>;
			type MaxRingSize = ConstU32<16>;
			type MaxInputs = ConstU32<4>;
			type MaxOutputs = ConstU32<16>;
			type MinFee = ConstU64<10>;
			type FeePerInput = ConstU64<3>;
			type FeePerOutput = ConstU64<5>;
			type FeePerRingMember = ConstU64<1>;
			type MaxBlockShare = MaxBlockShare;
			type StampBits = ConstU32<STAMP_BITS>;
			type UnsignedLongevity = ConstU64<LONGEVITY>;
			type WeightInfo = ();
		}
	};
}
pool_config!(Instance1, MoneyPoolId);
pool_config!(Instance2, EnergyPoolId);

impl pallet_private_market::Config for Test {
	type Roles = Roles;
	type Market = Market;
	type Meters = Meters;
	type EnergyNotes = EnergyPool;
	type MoneyNotes = MoneyPool;
	type AuditorOrigin = EnsureRoot<u64>;
	type MaxMarketKeys = ConstU32<MAX_MARKET_KEYS>;
	type MinRingSize = ConstU32<MIN_RING_SIZE>;
	type MaxRingSize = ConstU32<MAX_RING_SIZE>;
	type MaxLockInputs = ConstU32<MAX_LOCK_INPUTS>;
	type MaxOffersPerSlot = ConstU32<MAX_OFFERS_PER_SLOT>;
	type MaxPurchasesPerSlot = ConstU32<MAX_PURCHASES_PER_SLOT>;
	type MaxOfferDetails = ConstU32<MAX_OFFER_DETAILS>;
	type DefaultClaimSlots = ConstU64<CLAIM_SLOTS>;
	type StampBits = ConstU32<STAMP_BITS>;
	type UnsignedLongevity = ConstU64<LONGEVITY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

/// The benchmarks' setup in this mock: households, the clock, prices and meters are the tests'.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkSetup;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BenchmarkSetup {
	fn make_household(who: &u64) {
		Households::mutate(|households| households.push(*who));
	}
	fn make_grid_operator(_who: &u64) {
		HasOperator::set(true);
	}
	fn set_slot(slot: SlotIndex) {
		Status::set(negotiation(slot));
	}
	fn set_exports(household: &u64, slot: SlotIndex, exported: Energy) {
		Exports::mutate(|exports| exports.push((*household, slot, exported)));
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut balances: Vec<(u64, Balance)> =
		MEMBERS.iter().chain([&METER, &OPERATOR]).map(|who| (*who, START)).collect();
	balances.push((FEE_COLLECTOR, EXISTENTIAL_DEPOSIT));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// The benchmarks sign with one-time keys of a keystore.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}
