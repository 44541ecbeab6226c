//! # Meter readings
//!
//! Smart meters are the oracles of the marketplace (paper, section 4.1). For every market slot
//! each household's registered meter submits one signed reading: the energy imported and
//! exported through the grid connection during the slot, and its battery's state of charge at
//! the end of it. Readings are checked against the household's audited installation, kept for
//! the market's settlement, and keep the energy token backed by real stored energy: a rise in
//! the battery mints tokens to the household, a fall burns them. Tokens that cannot be burned
//! because the market holds them (energy offered or sold) are the household's *unbacked*
//! energy: they are burned as soon as the market releases them, and a later rise of the battery
//! backs them again before anything new is minted. Energy in existence is therefore always the
//! energy stored in batteries plus the unbacked energy.
//!
//! The pallet's offchain worker is the meter: for every meter key in the node's keystore it
//! fetches the last slot's reading from the meter's HTTP endpoint and submits it as a signed
//! transaction; a meter that missed slots reports them first, oldest first, up to a day back
//! (`MAX_BACKFILL_SLOTS`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod offchain;
pub mod weights;
pub use weights::WeightInfo;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

/// The signing key of a smart meter: sr25519 under the key type `metr`.
pub mod crypto {
	use energy_primitives::METER_KEY_TYPE;
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};

	app_crypto!(sr25519, METER_KEY_TYPE);

	/// Signs the meter offchain worker's transactions with a `metr` key of the keystore.
	pub struct MeterAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for MeterAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = sp_core::sr25519::Signature;
		type GenericPublic = sp_core::sr25519::Public;
	}
}

/// What benchmarks need from the runtime to set up their worst case.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `household` a household member and `meter` its meter.
	fn make_meter(meter: &AccountId, household: &AccountId);
	/// Make `who` a household member.
	fn make_household(who: &AccountId);
	/// Move the clock into market slot `slot`.
	fn set_slot(slot: energy_primitives::SlotIndex);
}

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use energy_primitives::{Energy, Installation, MeterReading, Role, RoleProvider, SlotIndex};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			tokens::{Fortitude, Precision, Preservation},
		},
	};
	use frame_system::{offchain::CreateSignedTransaction, pallet_prelude::*};

	/// What the chain knows of a household's battery.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Default,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct Battery {
		/// The slot of the household's latest reading; readings only move forward.
		pub last_slot: SlotIndex,
		/// The state of charge of that reading: the energy that tokens were minted for and not
		/// yet burned.
		pub stored_wh: Energy,
	}

	/// The in-code storage version: the starting point of this pallet's future migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		CreateSignedTransaction<Call<Self>> + frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// Who plays which role: meters report for the household they belong to.
		type Roles: RoleProvider<Self::AccountId>;

		/// The energy token, minted and burned as batteries charge and discharge. No one else
		/// should be given its `Mutate`.
		type Energy: Mutate<Self::AccountId, Balance = Energy>;

		/// The market slot now; readings are for slots that have ended.
		type CurrentSlot: Get<SlotIndex>;

		/// Who registers a household's audited installation (the grid operator or a ballot).
		type InstallationOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The meter keys the offchain worker signs with.
		type AuthorityId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// Blocks the offchain worker waits for a sent reading to land before sending it again.
		#[pallet::constant]
		type ResendAfter: Get<BlockNumberFor<Self>>;

		/// How many readings each household keeps, its latest ones: a new reading past them
		/// removes the oldest. The market settles a slot within a few slots of its end, so a
		/// week of hourly slots leaves every settlement its readings and keeps storage bounded.
		#[pallet::constant]
		type MaxReadingsKept: Get<u32>;

		/// Weights of this pallet's calls, generated by `energy-node benchmark pallet`.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks' households and meters.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Each household's audited installation.
	#[pallet::storage]
	pub type Installations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Installation, OptionQuery>;

	/// The readings, by household and slot: the input of the market's settlement.
	#[pallet::storage]
	pub type Readings<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SlotIndex,
		MeterReading,
		OptionQuery,
	>;

	/// The slots of each household's kept readings, oldest first.
	#[pallet::storage]
	pub type ReadingSlots<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<SlotIndex, T::MaxReadingsKept>,
		ValueQuery,
	>;

	/// The energy of each household's exports in each slot that settlements took as delivered
	/// (`MeterData::use_exports`): the public market's and the private market's, so no
	/// exported Wh is paid for twice. Kept as long as the slot's reading.
	#[pallet::storage]
	pub type UsedExports<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SlotIndex,
		Energy,
		ValueQuery,
	>;

	/// Each household's battery as its latest reading left it.
	#[pallet::storage]
	pub type Batteries<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Battery, OptionQuery>;

	/// Energy tokens each household has that its battery no longer backs: they were held by the
	/// market when the battery discharged. Burned once free, backed again by a later charge.
	#[pallet::storage]
	pub type Unbacked<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Energy, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Installations of the genesis households.
		pub installations: alloc::vec::Vec<(T::AccountId, Installation)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (household, installation) in &self.installations {
				assert!(
					installation.connection_limit_wh > 0,
					"a genesis installation has no grid connection"
				);
				Installations::<T>::insert(household, installation);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `household`'s installation was registered or changed.
		InstallationSet { household: T::AccountId, installation: Installation },
		/// `meter` reported `reading` for `household` and `slot`.
		ReadingSubmitted {
			household: T::AccountId,
			meter: T::AccountId,
			slot: SlotIndex,
			reading: MeterReading,
		},
		/// The battery gained energy: `backed` Wh of it backs tokens that were unbacked, and
		/// `minted` Wh were minted to the household as new energy tokens.
		EnergyStored { household: T::AccountId, slot: SlotIndex, minted: Energy, backed: Energy },
		/// The battery lost energy: `burned` Wh of the household's tokens were burned and
		/// `unbacked` Wh could not be, because the household did not have them free (the market
		/// holds them, or it moved them away); those are burned when they are free again.
		EnergyReleased {
			household: T::AccountId,
			slot: SlotIndex,
			burned: Energy,
			unbacked: Energy,
		},
		/// `burned` Wh of `household`'s unbacked tokens were burned once the market released them.
		UnbackedBurned { household: T::AccountId, burned: Energy },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a registered meter oracle submits readings.
		NotAMeter,
		/// Installations belong to household members.
		NotAHousehold,
		/// An installation needs a grid connection that carries energy.
		ZeroConnectionLimit,
		/// The household has no registered installation to check the reading against.
		NoInstallation,
		/// A reading covers a whole slot: this slot has not ended yet.
		SlotNotOver,
		/// The meter already reported this slot.
		DuplicateReading,
		/// The household has a reading for a later slot; readings only move forward.
		StaleReading,
		/// The state of charge is above the battery's capacity.
		ChargeAboveCapacity,
		/// More energy was imported than the grid connection carries in a slot.
		ImportAboveLimit,
		/// More energy was exported than the grid connection carries in a slot.
		ExportAboveLimit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(block: BlockNumberFor<T>) {
			Self::report_meters(block);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register or change `household`'s audited installation: its battery capacity and its
		/// grid connection's limit per slot.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_installation())]
		pub fn set_installation(
			origin: OriginFor<T>,
			household: T::AccountId,
			installation: Installation,
		) -> DispatchResult {
			T::InstallationOrigin::ensure_origin(origin)?;
			ensure!(T::Roles::role(&household) == Some(Role::Household), Error::<T>::NotAHousehold);
			ensure!(installation.connection_limit_wh > 0, Error::<T>::ZeroConnectionLimit);
			Installations::<T>::insert(&household, installation);
			Self::deposit_event(Event::InstallationSet { household, installation });
			Ok(())
		}

		/// Report the caller's household's `reading` for `slot`, a slot that has ended. Once
		/// per slot, in slot order. Tokens are minted for energy the battery gained and burned
		/// for energy it lost. A reading of one of the last `MAX_BACKFILL_SLOTS` ended slots is
		/// free, as reporting is the meter's duty (the offchain worker reports no older ones);
		/// an older one pays the transaction fee, so a meter cannot fill the chain for free with
		/// readings of long-past slots. The household's oldest reading past `MaxReadingsKept`
		/// is removed.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_reading())]
		pub fn submit_reading(
			origin: OriginFor<T>,
			slot: SlotIndex,
			reading: MeterReading,
		) -> DispatchResultWithPostInfo {
			let meter = ensure_signed(origin)?;
			let household = Self::household_of(&meter).ok_or(Error::<T>::NotAMeter)?;
			let battery = Self::check_reading(&household, slot, &reading)?;

			let stored = reading.state_of_charge_wh;
			let owed = Unbacked::<T>::get(&household);
			if stored > battery.stored_wh {
				let gained = stored - battery.stored_wh;
				let backed = gained.min(owed);
				let minted = gained - backed;
				if minted > 0 {
					T::Energy::mint_into(&household, minted)?;
				}
				Self::set_unbacked(&household, owed - backed);
				Self::deposit_event(Event::EnergyStored {
					household: household.clone(),
					slot,
					minted,
					backed,
				});
			} else if stored < battery.stored_wh {
				let lost = battery.stored_wh - stored;
				let burned = Self::burn_free(&household, lost)?;
				let unbacked = lost - burned;
				Self::set_unbacked(&household, owed.saturating_add(unbacked));
				Self::deposit_event(Event::EnergyReleased {
					household: household.clone(),
					slot,
					burned,
					unbacked,
				});
			}
			Batteries::<T>::insert(&household, Battery { last_slot: slot, stored_wh: stored });
			Self::keep_reading(&household, slot, reading);
			Self::deposit_event(Event::ReadingSubmitted { household, meter, slot, reading });
			let recent =
				slot.saturating_add(crate::offchain::MAX_BACKFILL_SLOTS) >= T::CurrentSlot::get();
			Ok(if recent { Pays::No } else { Pays::Yes }.into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The household `meter` reports for, if it is a registered meter.
		pub fn household_of(meter: &T::AccountId) -> Option<T::AccountId> {
			match T::Roles::role(meter) {
				Some(Role::MeterOracle { household }) => Some(household),
				_ => None,
			}
		}

		/// Every check a reading of `household` for `slot` must pass, without writing anything;
		/// the offchain worker runs them too, so a meter never pays for a reading the chain
		/// would refuse. Returns the battery as the previous reading left it.
		pub fn check_reading(
			household: &T::AccountId,
			slot: SlotIndex,
			reading: &MeterReading,
		) -> Result<Battery, Error<T>> {
			ensure!(slot < T::CurrentSlot::get(), Error::<T>::SlotNotOver);
			ensure!(!Readings::<T>::contains_key(household, slot), Error::<T>::DuplicateReading);
			let battery = match Batteries::<T>::get(household) {
				Some(battery) => {
					ensure!(slot > battery.last_slot, Error::<T>::StaleReading);
					battery
				}
				None => Battery::default(),
			};
			let installation =
				Installations::<T>::get(household).ok_or(Error::<T>::NoInstallation)?;
			ensure!(
				reading.state_of_charge_wh <= installation.battery_capacity_wh,
				Error::<T>::ChargeAboveCapacity
			);
			ensure!(
				reading.imported_wh <= installation.connection_limit_wh,
				Error::<T>::ImportAboveLimit
			);
			ensure!(
				reading.exported_wh <= installation.connection_limit_wh,
				Error::<T>::ExportAboveLimit
			);
			Ok(battery)
		}

		/// Burns up to `amount` of `household`'s free tokens; returns what was burned.
		pub(crate) fn burn_free(
			household: &T::AccountId,
			amount: Energy,
		) -> Result<Energy, DispatchError> {
			let free = T::Energy::reducible_balance(
				household,
				Preservation::Expendable,
				Fortitude::Polite,
			);
			if amount.min(free) == 0 {
				return Ok(0);
			}
			T::Energy::burn_from(
				household,
				amount.min(free),
				Preservation::Expendable,
				Precision::BestEffort,
				Fortitude::Polite,
			)
		}

		/// Stores `household`'s reading of `slot`, its latest, and removes its oldest reading if
		/// it keeps `MaxReadingsKept` of them already.
		fn keep_reading(household: &T::AccountId, slot: SlotIndex, reading: MeterReading) {
			ReadingSlots::<T>::mutate(household, |slots| {
				if slots.is_full() && !slots.is_empty() {
					let oldest = slots.remove(0);
					Readings::<T>::remove(household, oldest);
					UsedExports::<T>::remove(household, oldest);
				}
				// Room was made above; a bound of zero keeps nothing.
				if slots.try_push(slot).is_ok() {
					Readings::<T>::insert(household, slot, reading);
				}
			});
		}

		pub(crate) fn set_unbacked(household: &T::AccountId, owed: Energy) {
			if owed == 0 {
				Unbacked::<T>::remove(household);
			} else {
				Unbacked::<T>::insert(household, owed);
			}
		}

		/// Every battery is what its latest reading says, and energy in existence is the energy
		/// stored in batteries plus the unbacked energy.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let stored: u128 = Batteries::<T>::iter_values().map(|b| u128::from(b.stored_wh)).sum();
			let unbacked: u128 = Unbacked::<T>::iter_values().map(u128::from).sum();
			ensure!(
				u128::from(T::Energy::total_issuance()) == stored + unbacked,
				"energy in existence is not stored energy plus unbacked energy"
			);
			for (household, slots) in ReadingSlots::<T>::iter() {
				ensure!(
					slots.windows(2).all(|pair| pair[0] < pair[1]),
					"a household's kept reading slots are not in order"
				);
				ensure!(
					slots.iter().all(|slot| Readings::<T>::contains_key(&household, slot))
						&& Readings::<T>::iter_key_prefix(&household).count() == slots.len(),
					"a household's readings are not the ones it keeps"
				);
			}
			for (household, slot, used) in UsedExports::<T>::iter() {
				let reading = Readings::<T>::get(&household, slot)
					.ok_or("exports are used of a slot whose reading is not kept")?;
				ensure!(used <= reading.exported_wh, "more exports used than exported");
			}
			for (household, battery) in Batteries::<T>::iter() {
				let reading = Readings::<T>::get(&household, battery.last_slot)
					.ok_or("a battery's latest reading is missing")?;
				ensure!(
					reading.state_of_charge_wh == battery.stored_wh,
					"a battery's stored energy is not its latest reading's"
				);
			}
			Ok(())
		}
	}
}

impl<T: Config> energy_primitives::MeterData<T::AccountId> for Pallet<T> {
	fn reading(
		household: &T::AccountId,
		slot: energy_primitives::SlotIndex,
	) -> Option<energy_primitives::MeterReading> {
		Readings::<T>::get(household, slot)
	}

	fn used_exports(
		household: &T::AccountId,
		slot: energy_primitives::SlotIndex,
	) -> energy_primitives::Energy {
		UsedExports::<T>::get(household, slot)
	}

	fn use_exports(
		household: &T::AccountId,
		slot: energy_primitives::SlotIndex,
		energy: energy_primitives::Energy,
	) {
		// Only a kept reading's exports are used: a settlement reads them first.
		if energy > 0 && Readings::<T>::contains_key(household, slot) {
			UsedExports::<T>::mutate(household, slot, |used| *used = used.saturating_add(energy));
		}
	}

	fn burn_unbacked(household: &T::AccountId) -> energy_primitives::Energy {
		let owed = Unbacked::<T>::get(household);
		if owed == 0 {
			return 0;
		}
		// Burning free tokens of a member cannot fail for an amount within its free balance.
		let burned = Self::burn_free(household, owed).unwrap_or_default();
		if burned > 0 {
			Self::set_unbacked(household, owed - burned);
			Self::deposit_event(Event::UnbackedBurned { household: household.clone(), burned });
		}
		burned
	}
}
