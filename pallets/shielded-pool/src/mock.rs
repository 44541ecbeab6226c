//! A runtime with balances, transaction payment and the shielded pool. The pool's fees go to a
//! fee collector account, as the runtime sends transaction fees to the block author.

use crate as pallet_shielded_pool;
use energy_primitives::Balance;
use frame_support::{
	derive_impl,
	instances::Instance2,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstU32, ConstU64, OnUnbalanced,
	},
	weights::IdentityFee,
	PalletId,
};
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
	pub type ShieldedPool = pallet_shielded_pool;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	/// A second pool over the same token, to show each pool's spends stay in it.
	#[runtime::pallet_index(4)]
	pub type OtherPool = pallet_shielded_pool<Instance2>;
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

/// Signed transactions pay as the runtime's do (a unit per picosecond and per byte), so tests
/// can compare a private transaction's priority with a signed one's.
#[derive_impl(pallet_transaction_payment::config_preludes::TestDefaultConfig)]
impl pallet_transaction_payment::Config for Test {
	type OnChargeTransaction = pallet_transaction_payment::FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
}

/// Two households with money, an account with none, and where fees go. The account ids are
/// distinctive byte patterns, so a test can look for them in everything a transfer writes.
pub const ALICE: u64 = 0xA11C_E0A1_1CE0_A11C;
pub const BOB: u64 = 0xB0B0_B0B0_B0B0_B0B0;
pub const EMPTY: u64 = 0xE397_E397_E397_E397;
pub const FEE_COLLECTOR: u64 = 0xFEEC_011E_C708_FEEC;
/// What each household starts with.
pub const START: Balance = 10_000_000;
pub const EXISTENTIAL_DEPOSIT: Balance = 500;
pub const MIN_RING_SIZE: u32 = 3;
pub const MAX_RING_SIZE: u32 = 16;
pub const MAX_INPUTS: u32 = 4;
pub const MAX_OUTPUTS: u32 = 16;
pub const MAX_NOTES: u64 = 64;
/// The fee rule: a transfer of one note into two with a ring of 11 pays 10 + 3 + 2·5 + 11 = 34.
pub const MIN_FEE: u64 = 10;
pub const FEE_PER_INPUT: u64 = 3;
pub const FEE_PER_OUTPUT: u64 = 5;
pub const FEE_PER_RING_MEMBER: u64 = 1;
pub const LONGEVITY: u64 = 16;
/// Few bits, so tests find stamps in a few dozen hashes.
pub const STAMP_BITS: u32 = 6;

parameter_types! {
	pub const ShieldedPoolId: PalletId = PalletId(*b"enrg/shp");
	/// Accounts are eight bytes here, `modl` and the first four of the id: they must differ.
	pub const OtherPoolId: PalletId = PalletId(*b"othr/shp");
	/// A tenth of the normal class: a few transfers fill it.
	pub const MaxBlockShare: Perbill = Perbill::from_percent(10);
}

/// Sends fees to `FEE_COLLECTOR`, an account that exists from genesis.
pub struct ToFeeCollector;
impl OnUnbalanced<Credit<u64, Balances>> for ToFeeCollector {
	fn on_nonzero_unbalanced(amount: Credit<u64, Balances>) {
		let _ = <Balances as Balanced<u64>>::resolve(&FEE_COLLECTOR, amount);
	}
}

impl pallet_shielded_pool::Config for Test {
	type Currency = Balances;
	type OnFee = ToFeeCollector;
	type PalletId = ShieldedPoolId;
	type MaxNotes = ConstU64<MAX_NOTES>;
	type MinRingSize = ConstU32<MIN_RING_SIZE>;
	type MaxRingSize = ConstU32<MAX_RING_SIZE>;
	type MaxInputs = ConstU32<MAX_INPUTS>;
	type MaxOutputs = ConstU32<MAX_OUTPUTS>;
	type MinFee = ConstU64<MIN_FEE>;
	type FeePerInput = ConstU64<FEE_PER_INPUT>;
	type FeePerOutput = ConstU64<FEE_PER_OUTPUT>;
	type FeePerRingMember = ConstU64<FEE_PER_RING_MEMBER>;
	type MaxBlockShare = MaxBlockShare;
	type StampBits = ConstU32<STAMP_BITS>;
	type UnsignedLongevity = ConstU64<LONGEVITY>;
	type WeightInfo = ();
}

/// The other pool: the money pool's limits and fees, another `PalletId`.
impl pallet_shielded_pool::Config<Instance2> for Test {
	type Currency = Balances;
	type OnFee = ToFeeCollector;
	type PalletId = OtherPoolId;
	type MaxNotes = <Test as pallet_shielded_pool::Config>::MaxNotes;
	type MinRingSize = <Test as pallet_shielded_pool::Config>::MinRingSize;
	type MaxRingSize = <Test as pallet_shielded_pool::Config>::MaxRingSize;
	type MaxInputs = <Test as pallet_shielded_pool::Config>::MaxInputs;
	type MaxOutputs = <Test as pallet_shielded_pool::Config>::MaxOutputs;
	type MinFee = <Test as pallet_shielded_pool::Config>::MinFee;
	type FeePerInput = <Test as pallet_shielded_pool::Config>::FeePerInput;
	type FeePerOutput = <Test as pallet_shielded_pool::Config>::FeePerOutput;
	type FeePerRingMember = <Test as pallet_shielded_pool::Config>::FeePerRingMember;
	type MaxBlockShare = <Test as pallet_shielded_pool::Config>::MaxBlockShare;
	type StampBits = <Test as pallet_shielded_pool::Config>::StampBits;
	type UnsignedLongevity = <Test as pallet_shielded_pool::Config>::UnsignedLongevity;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, START), (BOB, START), (FEE_COLLECTOR, EXISTENTIAL_DEPOSIT)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Events are not recorded in block 0.
	ext.execute_with(|| System::set_block_number(1));
	// Genesis goes into the backend, so benchmarks that wipe the overlay between runs keep it.
	ext.commit_all().expect("genesis commits");
	ext
}
