//! Market keys: their registration with a proof of possession, and the rings private calls hide
//! in, made of the keys of current households.

use crate::{Config, Error, KeyOf, MarketKeyCount, MarketKeys, Pallet, TakenKeys};
use alloc::vec::Vec;
use codec::Encode;
use energy_primitives::{Role, RoleProvider};
use energy_privacy::{
	market_verify, registration_message, KeyImage, MarketKey, MarketRole, MarketScope,
	MarketSignature,
};
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Whether `who` is a household.
	pub fn is_household(who: &T::AccountId) -> bool {
		matches!(T::Roles::role(who), Some(Role::Household))
	}

	/// The scope of a market key's proof of possession: its image links to nothing the
	/// household does in the market.
	pub fn registration_scope() -> MarketScope {
		MarketScope { genesis: Self::genesis(), slot: 0, role: MarketRole::Registration }
	}

	/// The checks of `register_market_key`, cheapest first; returns the key's index.
	pub(crate) fn check_registration(
		who: &T::AccountId,
		key: &MarketKey,
		proof: &MarketSignature,
		image: &KeyImage,
	) -> Result<u32, Error<T>> {
		ensure!(Self::is_household(who), Error::<T>::NotAHousehold);
		ensure!(!KeyOf::<T>::contains_key(who), Error::<T>::AlreadyRegistered);
		ensure!(!TakenKeys::<T>::contains_key(key), Error::<T>::KeyTaken);
		let index = MarketKeyCount::<T>::get();
		ensure!(index < T::MaxMarketKeys::get(), Error::<T>::TooManyMarketKeys);
		market_verify(
			&registration_message(&who.encode()),
			&Self::registration_scope(),
			&[*key],
			image,
			proof,
		)
		.map_err(|_| Error::<T>::InvalidProofOfPossession)?;
		Ok(index)
	}

	/// The cheap checks of a ring: its size (its type bounds it by `MaxRingSize`), its order
	/// and that it names registered keys.
	pub(crate) fn check_ring_shape(ring: &[u32]) -> Result<(), Error<T>> {
		ensure!(ring.len() as u32 >= T::MinRingSize::get(), Error::<T>::RingTooSmall);
		ensure!(ring.windows(2).all(|pair| pair[0] < pair[1]), Error::<T>::RingNotSorted);
		ensure!(
			ring.last().is_some_and(|last| *last < MarketKeyCount::<T>::get()),
			Error::<T>::UnknownMarketKey
		);
		Ok(())
	}

	/// The keys `ring` names, each a current household's: a household that left the
	/// consortium cannot trade, nor lend its key to a ring.
	pub(crate) fn ring_keys(ring: &[u32]) -> Result<Vec<MarketKey>, Error<T>> {
		ring.iter()
			.map(|index| {
				let (household, key) =
					MarketKeys::<T>::get(index).ok_or(Error::<T>::UnknownMarketKey)?;
				ensure!(Self::is_household(&household), Error::<T>::NotAMember);
				Ok(key)
			})
			.collect()
	}
}
