//! # Private market
//!
//! Households trade energy without telling the chain who traded, how much, or at what price
//! (paper, sections 4.2 and 4.3): the market's steps as unsigned calls that name nobody, with
//! every amount hidden in a commitment and proven within the public market's rules.
//!
//! - **Market keys.** A household registers one market key `K = x·G` with a proof that it holds
//!   `x` (`register_market_key`). Private calls are signed for a ring of registered keys, with a
//!   key image `x·Hp(genesis, slot, role)`: one per household, slot and role, whatever ring it
//!   hides in. So a household makes at most one private offer and one private purchase per
//!   delivery slot, as the chain can tell without learning which household it is, and its
//!   images of different slots do not link (`energy_privacy::market_sign`).
//! - **Offers** (`private_offer`). The seller spends energy notes of the energy pool into a
//!   lock `R` that no note holds (`pallet_shielded_pool::NoteLocks`): it holds the energy it
//!   offers, and cannot offer it twice. `R` carries a handle that lets the consortium's auditor,
//!   and nobody else, open it (`energy_privacy::seal_for_audit`). The offer names a one-time
//!   sr25519 key; `details` carry what buyers read, as the seller's agent encodes it.
//! - **Purchases** (`private_purchase`). Buyer and seller agree off-chain. The agreement
//!   publishes commitments to its energy `E` and payment `M` and one aggregated range proof
//!   that `E ≥ 1 Wh`, that `M` lies between the slot's feed-in and import prices of `E`, and that
//!   the offer still holds `E` (`energy_privacy::verify_agreement`); the offer's remaining
//!   energy becomes `R − E`. The buyer locks exactly `M` of its money notes, signs for a ring of
//!   households (so no seller can sign a buyer into a trade), and carries the seller's consent,
//!   signed by the offer's one-time key. Both amounts have audit handles.
//! - **Settlement.** Once the delivery slot is over:
//!   - *Optimistic*: the buyer's one-time key releases the payment to the seller's note
//!     (`release_payment`). Nobody learns who traded or what.
//!   - *The buyer stays silent*: the seller claims the payment against its own meter
//!     (`claim_payment`), revealing only what the dispute needs: its account (whose meter is
//!     read) and the agreement's energy, which its exports of the slot must cover. The meters
//!     keep one ledger of used exports for both markets (`MeterData::use_exports`), so each
//!     exported Wh pays one claim or one public agreement. A silent buyer pays as one that took what the seller's
//!     meter confirms, as on the public market.
//!   - *The seller did not deliver*: after `ClaimSlots` more slots (a genesis setting) without a claim, the buyer's
//!     one-time key takes the payment back (`refund_payment`), opening the agreement's energy:
//!     that energy leaves the offer's lock to the grid operator as the seller's penalty.
//!   - The offer's one-time key then takes the rest of the lock back to the seller's note
//!     (`close_offer`), once none of its agreements is open.
//!
//!   Every payout pays a note whose commitment is the lock's, or proves with a ring signature
//!   of one key that its own commitment hides the same amount, so a payout moves exactly what
//!   was locked.
//! - **Delivered energy burns through the seller's meter.** Energy tokens are backed by
//!   batteries (`pallet_meter_readings`): when the seller's battery delivers, its meter records
//!   the fall, and tokens the household cannot have burned from its free balance (here: its
//!   shielded energy) become its public meter debt, which its next production repays before
//!   anything new is minted. So the sold energy leaves existence exactly as the meter measured
//!   it, whatever the chain knows of the trade; the debt is a meter's public number, and paying
//!   it names no trade.
//!
//! ## Admission
//! Offers and purchases verify ring signatures, range proofs and audit proofs, milliseconds of
//! work, so they carry a proof-of-work stamp checked first, and each pays its pool's lock fee.
//! Every slot takes at most `MaxOffersPerSlot` offers and `MaxPurchasesPerSlot` purchases.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod keys;
mod offers;
mod payouts;
mod purchases;
mod types;
pub mod weights;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(feature = "runtime-benchmarks")]
pub use benchmarking::BenchmarkHelper;

#[frame_support::pallet]
pub mod pallet {
	use super::{OfferRequest, PrivateAgreement, PrivateOffer, PurchaseRequest, WeightInfo};
	use alloc::{boxed::Box, vec::Vec};
	use energy_primitives::{
		AgreementId, Energy, MeterData, OfferId, RoleProvider, SlotIndex, TradingSlots,
	};
	use energy_privacy::{
		check_auditor_key, AgreementCommitments, AuditHandle, AuditorKey, KeyImage, MarketKey,
		MarketSignature, Note,
	};
	use frame_support::{dispatch::GetDispatchInfo, pallet_prelude::*, traits::EnsureOrigin};
	use frame_system::pallet_prelude::*;
	use pallet_shielded_pool::{NoteIndex, NoteLocks};
	use sp_core::sr25519;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is a household (and may register a market key, or stand in a ring).
		type Roles: RoleProvider<Self::AccountId>;

		/// The market's clock and grid prices: private offers and purchases trade the slot the
		/// public market trades, within its prices.
		type Market: TradingSlots;

		/// The smart meters' readings: claims are settled against them.
		type Meters: MeterData<Self::AccountId>;

		/// The energy pool: offers lock its notes.
		type EnergyNotes: NoteLocks<Self::AccountId>;

		/// The money pool: purchases lock its notes.
		type MoneyNotes: NoteLocks<Self::AccountId>;

		/// Who names the auditor's key (the consortium).
		type AuditorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most market keys the chain keeps: one per household.
		#[pallet::constant]
		type MaxMarketKeys: Get<u32>;

		/// The smallest ring a private call may hide in.
		#[pallet::constant]
		type MinRingSize: Get<u32>;

		/// The largest ring; at most `energy_privacy::MAX_MARKET_RING_SIZE`.
		#[pallet::constant]
		type MaxRingSize: Get<u32>;

		/// The most notes one offer or purchase locks; at most the pools' `MaxInputs`.
		#[pallet::constant]
		type MaxLockInputs: Get<u32>;

		/// The most private offers of one delivery slot.
		#[pallet::constant]
		type MaxOffersPerSlot: Get<u32>;

		/// The most private purchases of one delivery slot.
		#[pallet::constant]
		type MaxPurchasesPerSlot: Get<u32>;

		/// The most bytes of an offer's details for buyers.
		#[pallet::constant]
		type MaxOfferDetails: Get<u32>;

		/// How many slots after its delivery slot a seller has to claim a payment the buyer did
		/// not release, before the buyer may take it back, unless the genesis sets another
		/// window (`ClaimSlots`).
		#[pallet::constant]
		type DefaultClaimSlots: Get<SlotIndex>;

		/// The leading zero bits an offer's or purchase's proof-of-work stamp must give; at most
		/// `energy_privacy::MAX_STAMP_BITS`.
		#[pallet::constant]
		type StampBits: Get<u32>;

		/// How many blocks an unsigned transaction stays valid in the transaction pool before it
		/// is validated again.
		#[pallet::constant]
		type UnsignedLongevity: Get<TransactionLongevity>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks' worst cases in the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Every registered market key, by its index (what rings name), with its household.
	#[pallet::storage]
	pub type MarketKeys<T: Config> =
		StorageMap<_, Twox64Concat, u32, (T::AccountId, MarketKey), OptionQuery>;

	/// How many market keys are registered: the index of the next.
	#[pallet::storage]
	pub type MarketKeyCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The index of each household's market key.
	#[pallet::storage]
	pub type KeyOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, OptionQuery>;

	/// The market keys taken, so no key is registered twice.
	#[pallet::storage]
	pub type TakenKeys<T: Config> = StorageMap<_, Blake2_128Concat, MarketKey, (), OptionQuery>;

	/// The key under which the auditor opens private amounts.
	#[pallet::storage]
	pub type Auditor<T: Config> = StorageValue<_, AuditorKey, OptionQuery>;

	/// The key images of each delivery slot's offers and purchases, while the slot trades.
	#[pallet::storage]
	pub type UsedImages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlotIndex, Blake2_128Concat, KeyImage, (), OptionQuery>;

	/// How many private offers and purchases each delivery slot has, while it trades.
	#[pallet::storage]
	pub type SlotCounts<T: Config> = StorageMap<_, Twox64Concat, SlotIndex, (u32, u32), ValueQuery>;

	/// The delivery slots whose images and counts are kept, to forget once they stop trading.
	/// Offers and purchases trade one slot at a time, so at most two are ever listed.
	#[pallet::storage]
	pub type TradingSlotsKept<T: Config> =
		StorageValue<_, BoundedVec<SlotIndex, ConstU32<2>>, ValueQuery>;

	/// Private offers whose energy is still locked.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, PrivateOffer, OptionQuery>;

	/// The identifier of the next private offer.
	#[pallet::storage]
	pub type NextOfferId<T: Config> = StorageValue<_, OfferId, ValueQuery>;

	/// Private agreements whose payment is still locked.
	#[pallet::storage]
	pub type Agreements<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, PrivateAgreement, OptionQuery>;

	/// The identifier of the next private agreement.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// How many slots after its delivery slot a seller has to claim a payment the buyer did not
	/// release, before the buyer may take it back: `DefaultClaimSlots`, or what the genesis set.
	#[pallet::storage]
	pub type ClaimSlots<T: Config> = StorageValue<_, SlotIndex, ValueQuery, T::DefaultClaimSlots>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The claim window, in slots (zero: `DefaultClaimSlots`). A chain whose slots are
		/// compressed (the presets' minute-long hours) may compress its day of claims too.
		pub claim_slots: SlotIndex,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if self.claim_slots > 0 {
				ClaimSlots::<T>::put(self.claim_slots);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The auditor's key is now `key`.
		AuditorKeySet { key: AuditorKey },
		/// `household` registered the market key with index `index`.
		MarketKeyRegistered { household: T::AccountId, index: u32 },
		/// A household of the ring offered the energy locked in `locked` for delivery in `slot`;
		/// `audit` opens it for the auditor, `details` are for buyers.
		PrivateOfferMade {
			offer: OfferId,
			slot: SlotIndex,
			locked: energy_privacy::Commitment,
			audit: AuditHandle,
			details: BoundedVec<u8, T::MaxOfferDetails>,
		},
		/// A household of the ring bought from `offer` the energy and payment committed in
		/// `agreed`; `audits` open them (energy, payment) for the auditor.
		PrivateAgreementMade {
			agreement: AgreementId,
			offer: OfferId,
			slot: SlotIndex,
			agreed: AgreementCommitments,
			audits: [AuditHandle; 2],
		},
		/// The payment of `agreement` went to the seller's note `note_index`.
		PaymentReleased { agreement: AgreementId, note_index: NoteIndex },
		/// `seller` claimed the payment of `agreement`, for `energy` Wh its meter's exports
		/// covered, as the note `note_index`.
		PaymentClaimed {
			agreement: AgreementId,
			seller: T::AccountId,
			energy: Energy,
			note_index: NoteIndex,
		},
		/// The buyer of `agreement` took its payment back as the note `note_index`; the
		/// seller's `penalty` Wh (the agreement's energy) went to the grid operator.
		PaymentRefunded { agreement: AgreementId, note_index: NoteIndex, penalty: Energy },
		/// The energy `offer` locked went back to the seller's note `note_index`.
		OfferClosed { offer: OfferId, note_index: NoteIndex },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only households register market keys.
		NotAHousehold,
		/// The household has a market key already.
		AlreadyRegistered,
		/// The market key is another household's.
		KeyTaken,
		/// `MaxMarketKeys` keys are registered.
		TooManyMarketKeys,
		/// The proof does not show that the caller holds the market key.
		InvalidProofOfPossession,
		/// The auditor's key is not a point, or is the identity.
		InvalidAuditorKey,
		/// No auditor's key is set: nothing private can be made that nobody could audit.
		NoAuditor,
		/// The slot is not the one trading now, or its recording window has begun.
		NotTrading,
		/// The grid operator has not set the slot's prices.
		NoGridPrices,
		/// The slot's import price per Wh does not fit a private amount.
		PriceOutOfRange,
		/// The slot has `MaxOffersPerSlot` private offers already.
		TooManyOffers,
		/// The slot has `MaxPurchasesPerSlot` private purchases already.
		TooManyPurchases,
		/// A ring has fewer members than `MinRingSize`.
		RingTooSmall,
		/// A ring's key indices are not strictly increasing.
		RingNotSorted,
		/// A ring names a key that is not registered.
		UnknownMarketKey,
		/// A ring names the key of an account that is no longer a household.
		NotAMember,
		/// A household of this ring offered (or bought) in this slot already: the key image is
		/// taken.
		ImageUsed,
		/// The market signature does not sign this call for this ring and image.
		InvalidMarketSignature,
		/// The proof-of-work stamp does not give `StampBits` leading zero bits.
		InsufficientStamp,
		/// An audit handle does not open its commitment for the auditor.
		InvalidAudit,
		/// No private offer has this identifier (or its energy went back already).
		UnknownOffer,
		/// The seller's one-time key did not sign this agreement.
		InvalidConsent,
		/// The agreement's proof does not show its terms within the slot's prices and the
		/// offer's remaining energy.
		InvalidAgreement,
		/// No private agreement has this identifier (or it was paid already).
		UnknownAgreement,
		/// The delivery slot is not over yet.
		DeliveryNotOver,
		/// The note's commitment is not what the lock holds.
		WrongAmount,
		/// The one-time key did not sign this payout.
		InvalidPayoutSignature,
		/// The amount and blinding given do not open the agreement's energy.
		WrongOpening,
		/// The seller's meter has not reported the delivery slot yet.
		ReadingPending,
		/// The seller's exports of the slot, less what settlements of either market used, do
		/// not cover the agreement's energy.
		NotDelivered,
		/// The seller may still claim: a refund waits `ClaimSlots` slots after delivery.
		ClaimWindowOpen,
		/// The offer has agreements that are neither paid nor refunded.
		OpenAgreements,
		/// The proof does not show that the note hides what the lock returns.
		InvalidReblinding,
		/// A pool refused the lock or the payout (transaction validation only: a dispatched call
		/// returns the pool's own error).
		LockRefused,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Forgets the images and counts of slots that no longer trade.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::forget_past_slots()
		}

		fn integrity_test() {
			assert!(T::MaxRingSize::get() <= energy_privacy::MAX_MARKET_RING_SIZE);
			assert!(T::MinRingSize::get() >= 1 && T::MinRingSize::get() <= T::MaxRingSize::get());
			assert!(T::StampBits::get() <= energy_privacy::MAX_STAMP_BITS);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Name `key` the auditor's key: private offers and purchases made from now on carry
		/// handles that open their amounts under it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_auditor_key())]
		pub fn set_auditor_key(origin: OriginFor<T>, key: AuditorKey) -> DispatchResult {
			T::AuditorOrigin::ensure_origin(origin)?;
			check_auditor_key(&key).map_err(|_| Error::<T>::InvalidAuditorKey)?;
			Auditor::<T>::put(key);
			Self::deposit_event(Event::AuditorKeySet { key });
			Ok(())
		}

		/// Register the caller's market key `key`, with `proof` and `image`: a signature of the
		/// caller's account by the key alone (`energy_privacy::registration_message`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_market_key())]
		pub fn register_market_key(
			origin: OriginFor<T>,
			key: MarketKey,
			proof: MarketSignature,
			image: KeyImage,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let index = Self::check_registration(&who, &key, &proof, &image)?;
			MarketKeys::<T>::insert(index, (&who, key));
			MarketKeyCount::<T>::put(index.saturating_add(1));
			KeyOf::<T>::insert(&who, index);
			TakenKeys::<T>::insert(key, ());
			Self::deposit_event(Event::MarketKeyRegistered { household: who, index });
			Ok(())
		}

		/// Offer energy privately for delivery in the slot that trades now: an unsigned
		/// transaction (see [`OfferRequest`]), boxed: it is the largest of the runtime's calls.
		/// Its weight charges each lock input at the pool's largest ring.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::private_offer(
			request.ring.len() as u32,
			request.inputs.len() as u32,
		))]
		pub fn private_offer(
			origin: OriginFor<T>,
			request: Box<OfferRequest<T>>,
		) -> DispatchResult {
			ensure_none(origin)?;
			let message = Self::verify_offer(&request)?;
			T::EnergyNotes::lock(
				&message,
				&request.inputs,
				&request.locked,
				&request.range_proof,
				request.fee,
			)?;
			let offer = NextOfferId::<T>::get();
			NextOfferId::<T>::put(offer.saturating_add(1));
			Offers::<T>::insert(
				offer,
				PrivateOffer {
					slot: request.slot,
					offer_key: request.offer_key,
					locked: request.locked,
					remaining: request.locked,
					returning: request.locked,
					open: 0,
				},
			);
			Self::use_image(request.slot, request.key_image, |counts| counts.0 += 1)?;
			Self::deposit_event(Event::PrivateOfferMade {
				offer,
				slot: request.slot,
				locked: request.locked,
				audit: request.audit,
				details: request.details,
			});
			Ok(())
		}

		/// Buy privately from a private offer of the slot that trades now: an unsigned
		/// transaction (see [`PurchaseRequest`]), boxed as an offer is.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::private_purchase(
			request.ring.len() as u32,
			request.inputs.len() as u32,
		))]
		pub fn private_purchase(
			origin: OriginFor<T>,
			request: Box<PurchaseRequest<T>>,
		) -> DispatchResult {
			ensure_none(origin)?;
			let (message, offer, remaining) = Self::verify_purchase(&request)?;
			T::MoneyNotes::lock(
				&message,
				&request.inputs,
				&request.agreed.payment,
				&request.range_proof,
				request.fee,
			)?;
			let agreement = NextAgreementId::<T>::get();
			NextAgreementId::<T>::put(agreement.saturating_add(1));
			Offers::<T>::insert(
				request.offer,
				PrivateOffer { remaining, open: offer.open.saturating_add(1), ..offer },
			);
			Agreements::<T>::insert(
				agreement,
				PrivateAgreement {
					slot: offer.slot,
					offer: request.offer,
					buyer_key: request.buyer_key,
					energy: request.agreed.energy,
					payment: request.agreed.payment,
				},
			);
			Self::use_image(offer.slot, request.key_image, |counts| counts.1 += 1)?;
			Self::deposit_event(Event::PrivateAgreementMade {
				agreement,
				offer: request.offer,
				slot: offer.slot,
				agreed: request.agreed,
				audits: request.audits,
			});
			Ok(())
		}

		/// Pay agreement `agreement`'s locked payment to `note`, the seller's, once its delivery
		/// slot is over: an unsigned transaction that the buyer's one-time key signs
		/// (`energy_privacy::release_message`). The note's commitment is the payment's.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::release_payment())]
		pub fn release_payment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			note: Note,
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let held = Self::check_release(agreement, &note, &signature)?;
			let note_index = T::MoneyNotes::release(&note)?;
			Self::resolve(agreement, &held, None);
			Self::deposit_event(Event::PaymentReleased { agreement, note_index });
			Ok(())
		}

		/// Claim agreement `agreement`'s payment as `note` against the caller's meter, once its
		/// delivery slot is over and its payment was not released: the caller opens the
		/// agreement's energy (`energy`, `energy_blinding`), which its exports of the slot must
		/// cover, and the offer's one-time key signs the claim
		/// (`energy_privacy::claim_message`) with the caller's account.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_payment())]
		pub fn claim_payment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			note: Note,
			energy: Energy,
			energy_blinding: [u8; 32],
			signature: sr25519::Signature,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			let held =
				Self::check_claim(&seller, agreement, &note, energy, energy_blinding, &signature)?;
			let note_index = T::MoneyNotes::release(&note)?;
			T::Meters::use_exports(&seller, held.slot, energy);
			Self::resolve(agreement, &held, None);
			Self::deposit_event(Event::PaymentClaimed { agreement, seller, energy, note_index });
			Ok(())
		}

		/// Take agreement `agreement`'s payment back as `note`, `ClaimSlots` slots after its
		/// delivery slot, when the seller did not claim it: an unsigned transaction that the
		/// buyer's one-time key signs (`energy_privacy::refund_message`). The note's commitment
		/// is the payment's, or `reblinding` proves it hides the same amount. It opens the
		/// agreement's energy (`energy`, `energy_blinding`), which leaves the offer's lock to
		/// the grid operator as the seller's penalty.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::refund_payment())]
		pub fn refund_payment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			note: Note,
			reblinding: Option<(MarketSignature, KeyImage)>,
			energy: Energy,
			energy_blinding: [u8; 32],
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let held = Self::check_refund(
				agreement,
				&note,
				&reblinding,
				energy,
				energy_blinding,
				&signature,
			)?;
			let note_index = T::MoneyNotes::release(&note)?;
			// Without a grid operator, or one that cannot take it, the penalty stays with its
			// payer, as on the public market.
			let paid = match T::Roles::grid_operator() {
				Some(operator) => T::EnergyNotes::pay_out(energy, &operator).is_ok(),
				None => false,
			};
			let penalty = if paid { energy } else { 0 };
			Self::resolve(agreement, &held, (penalty > 0).then_some(&held.energy));
			Self::deposit_event(Event::PaymentRefunded { agreement, note_index, penalty });
			Ok(())
		}

		/// Take what offer `offer`'s lock returns back as `note`, the seller's, once its
		/// delivery slot is over and none of its agreements is open: an unsigned transaction
		/// that the offer's one-time key signs (`energy_privacy::close_message`). The note's
		/// commitment is what the lock returns, or `reblinding` proves it hides the same amount.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::close_offer())]
		pub fn close_offer(
			origin: OriginFor<T>,
			offer: OfferId,
			note: Note,
			reblinding: Option<(MarketSignature, KeyImage)>,
			signature: sr25519::Signature,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::check_close(offer, &note, &reblinding, &signature)?;
			let note_index = T::EnergyNotes::release(&note)?;
			Offers::<T>::remove(offer);
			Self::deposit_event(Event::OfferClosed { offer, note_index });
			Ok(())
		}
	}

	// Deprecated in favour of `#[pallet::authorize]`, which needs `frame_system::AuthorizeCall`
	// in the runtime's transaction extensions; the shielded pool admits its spends the same way.
	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Admits only calls that verify in full (their locks too), tagged with what they use
		/// up: key images (the market's and the locked notes'), an offer's remaining energy,
		/// an agreement's or offer's payout; with the priority of an untipped signed
		/// transaction of their weight.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let tags = Self::check_unsigned(call, true)?;
			tags.into_iter()
				.fold(
					ValidTransaction::with_tag_prefix("PrivateMarket")
						.priority(Self::priority(call.get_dispatch_info().call_weight))
						.longevity(T::UnsignedLongevity::get())
						.propagate(true),
					|transaction, tag| transaction.and_provides(tag),
				)
				.build()
		}

		/// The checks the block may have made stale since validation (the slot's room, key
		/// images, an offer's remaining energy, a payout already made), without the curve
		/// arithmetic: a call that would fail is left out of the block rather than included
		/// for free. The call verifies everything again, and its weight pays for that.
		fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
			Self::check_unsigned(call, false).map(|_| ())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks the unsigned `call`: in full if `verify` (for the transaction pool), or
		/// without the curve arithmetic of offers and purchases (before a block includes it).
		/// Returns the tags of what it uses up.
		fn check_unsigned(
			call: &Call<T>,
			verify: bool,
		) -> Result<Vec<Vec<u8>>, TransactionValidityError> {
			let tags = match call {
				Call::private_offer { request } => {
					if verify {
						let message = Self::verify_offer(request).map_err(Self::invalid)?;
						T::EnergyNotes::verify_lock(
							&message,
							&request.inputs,
							&request.locked,
							&request.range_proof,
							request.fee,
						)
						.map_err(|_| Self::invalid(Error::<T>::LockRefused))?;
					} else {
						Self::check_offer(request).map_err(Self::invalid)?;
					}
					Self::spend_tags(&request.key_image, &request.inputs)
				}
				Call::private_purchase { request } => {
					let offer = if verify {
						let (message, offer, _) =
							Self::verify_purchase(request).map_err(Self::invalid)?;
						T::MoneyNotes::verify_lock(
							&message,
							&request.inputs,
							&request.agreed.payment,
							&request.range_proof,
							request.fee,
						)
						.map_err(|_| Self::invalid(Error::<T>::LockRefused))?;
						offer
					} else {
						Self::check_purchase(request).map_err(Self::invalid)?.offer
					};
					let mut tags = Self::spend_tags(&request.key_image, &request.inputs);
					// One agreement at a time against an offer's remaining energy: the next is
					// proven against what this one leaves.
					tags.push(("remaining", request.offer, offer.remaining).encode());
					tags
				}
				// A release and a refund of one agreement exclude each other.
				Call::release_payment { agreement, note, signature } => {
					Self::check_release(*agreement, note, signature).map_err(Self::invalid)?;
					alloc::vec![("payout", agreement).encode()]
				}
				Call::refund_payment {
					agreement,
					note,
					reblinding,
					energy,
					energy_blinding,
					signature,
				} => {
					Self::check_refund(
						*agreement,
						note,
						reblinding,
						*energy,
						*energy_blinding,
						signature,
					)
					.map_err(Self::invalid)?;
					alloc::vec![("payout", agreement).encode()]
				}
				Call::close_offer { offer, note, reblinding, signature } => {
					Self::check_close(*offer, note, reblinding, signature)
						.map_err(Self::invalid)?;
					alloc::vec![("close", offer).encode()]
				}
				_ => return Err(InvalidTransaction::Call.into()),
			};
			Ok(tags)
		}

		/// A refusal as a transaction validity error: `Custom` with the index of this pallet's
		/// error, or of `LockRefused` for a pool's.
		pub(crate) fn invalid(error: impl Into<DispatchError>) -> TransactionValidityError {
			let ours = <Self as frame_support::traits::PalletInfoAccess>::index() as u8;
			let code = match error.into() {
				DispatchError::Module(error) if error.index == ours => error.error[0],
				_ => Self::error_code(Error::<T>::LockRefused),
			};
			InvalidTransaction::Custom(code).into()
		}

		/// The index of `error` among this pallet's errors, the code of its invalid transactions.
		pub fn error_code(error: Error<T>) -> u8 {
			error.encode().first().copied().unwrap_or(u8::MAX)
		}

		/// The transaction pool priority `pallet_transaction_payment` gives an untipped signed
		/// transaction of `weight`: how many fit in a block's time (as the shielded pools rank
		/// theirs at their due fee).
		pub fn priority(weight: Weight) -> TransactionPriority {
			let max_block = T::BlockWeights::get().max_block.ref_time();
			(max_block / weight.ref_time().max(1)).max(1)
		}

		/// A market key image's tag, and each locked note's key image's.
		fn spend_tags(image: &KeyImage, inputs: &[energy_privacy::TransferInput]) -> Vec<Vec<u8>> {
			core::iter::once(("image", image).encode())
				.chain(inputs.iter().map(|input| ("note", input.key_image).encode()))
				.collect()
		}

		/// The chain's genesis hash, as the market's scopes and one-time messages bind it.
		pub fn genesis() -> [u8; 32] {
			let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let mut genesis = [0u8; 32];
			let bytes = hash.as_ref();
			let len = bytes.len().min(32);
			genesis[..len].copy_from_slice(&bytes[..len]);
			genesis
		}

		/// The delivery slot that trades now, or `NotTrading` if its recording window began.
		pub fn trading_slot() -> Result<SlotIndex, Error<T>> {
			let status = T::Market::status();
			ensure!(status.phase == energy_primitives::Phase::Negotiation, Error::<T>::NotTrading);
			Ok(status.slot.saturating_add(1))
		}

		/// Remembers `image` as used in `slot` and counts the call with `count`.
		fn use_image(
			slot: SlotIndex,
			image: KeyImage,
			count: impl FnOnce(&mut (u32, u32)),
		) -> DispatchResult {
			UsedImages::<T>::insert(slot, image, ());
			SlotCounts::<T>::mutate(slot, count);
			TradingSlotsKept::<T>::try_mutate(|kept| {
				if !kept.contains(&slot) {
					kept.try_push(slot).map_err(|_| Error::<T>::NotTrading)?;
				}
				Ok::<_, Error<T>>(())
			})?;
			Ok(())
		}

		/// Forgets the images and counts of listed slots that no longer trade (the slot now,
		/// or earlier); returns the weight used. At most two slots of at most
		/// `MaxOffersPerSlot + MaxPurchasesPerSlot` images each.
		pub(crate) fn forget_past_slots() -> Weight {
			let kept = TradingSlotsKept::<T>::get();
			let mut weight = T::DbWeight::get().reads(1);
			if kept.is_empty() {
				return weight;
			}
			// The market's status reads its two clocks and the time.
			weight = weight.saturating_add(T::DbWeight::get().reads(3));
			let now = T::Market::status().slot;
			let (past, trading): (Vec<_>, Vec<_>) = kept.into_iter().partition(|slot| *slot <= now);
			if past.is_empty() {
				return weight;
			}
			let limit = T::MaxOffersPerSlot::get().saturating_add(T::MaxPurchasesPerSlot::get());
			for slot in past {
				let removed = UsedImages::<T>::clear_prefix(slot, limit, None);
				SlotCounts::<T>::remove(slot);
				weight = weight.saturating_add(
					T::DbWeight::get().writes(u64::from(removed.backend).saturating_add(1)),
				);
			}
			TradingSlotsKept::<T>::put(BoundedVec::truncate_from(trading));
			weight.saturating_add(T::DbWeight::get().writes(1))
		}

		/// The market's books: one key per household and index, identifiers handed out, every
		/// offer counting its open agreements (whose offers are all there), and every slot's
		/// images one per private call within its limits.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let count = MarketKeyCount::<T>::get();
			ensure!(count <= T::MaxMarketKeys::get(), "more market keys than MaxMarketKeys");
			for (index, (household, key)) in MarketKeys::<T>::iter() {
				ensure!(index < count, "a market key is stored at or beyond the count");
				ensure!(KeyOf::<T>::get(&household) == Some(index), "a key's household lost it");
				ensure!(TakenKeys::<T>::contains_key(key), "a registered key is not taken");
			}
			ensure!(
				KeyOf::<T>::iter_keys().count() as u32 == count
					&& TakenKeys::<T>::iter_keys().count() as u32 == count,
				"the key indices do not count the keys"
			);
			let next_offer = NextOfferId::<T>::get();
			ensure!(
				Offers::<T>::iter_keys().all(|offer| offer < next_offer),
				"an offer's identifier was not handed out"
			);
			let next_agreement = NextAgreementId::<T>::get();
			let mut open = alloc::collections::BTreeMap::<OfferId, u32>::new();
			for (agreement, held) in Agreements::<T>::iter() {
				ensure!(agreement < next_agreement, "an agreement's identifier was not handed out");
				let count = open.entry(held.offer).or_default();
				*count = count.saturating_add(1);
			}
			// An offer closes only once none of its agreements is open, so every open agreement's
			// offer is there, and counts it.
			for (offer, held) in Offers::<T>::iter() {
				ensure!(
					held.open == open.remove(&offer).unwrap_or(0),
					"an offer does not count its open agreements"
				);
			}
			ensure!(open.is_empty(), "an open agreement's offer is gone");
			for (slot, (offers, purchases)) in SlotCounts::<T>::iter() {
				ensure!(
					offers <= T::MaxOffersPerSlot::get()
						&& purchases <= T::MaxPurchasesPerSlot::get(),
					"a slot holds more private calls than its limits"
				);
				ensure!(
					UsedImages::<T>::iter_prefix(slot).count() as u32 == offers + purchases,
					"a slot's images are not one per private call"
				);
				ensure!(TradingSlotsKept::<T>::get().contains(&slot), "a counted slot is not kept");
			}
			Ok(())
		}
	}
}
