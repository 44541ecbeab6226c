//! Households and the agent accounts they authorize to trade for them.

use crate::{AgentHousehold, Config, Error, Pallet};
use energy_primitives::{Role, RoleProvider};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Zero, DispatchError};

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash: what buyers' agreement signatures and agents' messages bind,
	/// so that neither passes on another chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	pub(crate) fn is_household(who: &T::AccountId) -> bool {
		T::Roles::role(who) == Some(Role::Household)
	}

	/// The household `caller` trades for: itself, or the household that authorized it as
	/// its agent, if that is still a household.
	pub fn household_of(caller: T::AccountId) -> Result<T::AccountId, DispatchError> {
		if Self::is_household(&caller) {
			return Ok(caller);
		}
		AgentHousehold::<T>::get(&caller)
			.filter(Self::is_household)
			.ok_or_else(|| Error::<T>::NotAHousehold.into())
	}
}
