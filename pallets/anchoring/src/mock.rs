//! A runtime with the anchoring pallet; members and the clock are small stand-ins.

use crate as pallet_anchoring;
use energy_primitives::{Role, RoleProvider, SlotIndex};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

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
	pub type Anchoring = pallet_anchoring;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Accounts 1 to 3 are members; everyone else is not.
pub const MEMBERS: [u64; 3] = [1, 2, 3];
/// The longest URI in the tests.
pub const MAX_URI: u32 = 16;

parameter_types! {
	/// The market slot the tests are in.
	pub static Now: SlotIndex = 100;
	/// Members that benchmarks add.
	pub static Joined: Vec<u64> = Vec::new();
}

pub struct Members;
impl RoleProvider<u64> for Members {
	fn role(who: &u64) -> Option<Role<u64>> {
		(MEMBERS.contains(who) || Joined::get().contains(who)).then_some(Role::Household)
	}

	fn grid_operator() -> Option<u64> {
		None
	}
}

impl pallet_anchoring::Config for Test {
	type Roles = Members;
	type CurrentSlot = Now;
	type MaxUriLength = ConstU32<MAX_URI>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkMembers;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BenchmarkMembers {
	fn make_member(who: &u64) {
		Joined::mutate(|joined| joined.push(*who));
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Events are not recorded in block 0.
	ext.execute_with(|| System::set_block_number(1));
	ext
}
