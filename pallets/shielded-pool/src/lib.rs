//! # Shielded pool
//!
//! Money households pay each other without the chain learning who paid whom, or how much
//! (paper, section 4.2). A household `shield`s public money into a hidden note; notes change
//! hands with `transfer`s that reveal neither the spent notes, nor the amounts, nor the
//! recipients; and a note's owner `unshield`s it back into public money for any account.
//!
//! - A note is owned by a stealth one-time address and holds a Pedersen commitment to its amount,
//!   which only the recipient can open (with the memo the sender masked for it).
//! - A spend hides its note in a ring of notes of the pool and proves with a CLSAG ring
//!   signature that it owns one of them; the note's key image, which the pool remembers, makes a
//!   second spend of it fail.
//! - Amounts balance homomorphically, `sum(pseudo-outputs) = sum(outputs) + fee·H`, and a
//!   Bulletproofs range proof shows no output is negative.
//!
//! `transfer` and `unshield` are unsigned transactions: a signed one would name its sender.
//! Their validation checks everything, and their key images are the transaction pool's tags,
//! so a double spend never enters the pool. The fee each one pays leaves the pool like a
//! transaction fee (`Config::OnFee`).
//!
//! ## What private transactions pay, and how they are admitted
//!
//! Unsigned transactions pay no transaction fee and have no signer to blame, so the pool
//! prices and admits them itself:
//!
//! - **A fee by shape.** A transfer pays at least `MinFee + FeePerInput·inputs +
//!   FeePerOutput·outputs + FeePerRingMember·(members of all its rings)`, an unshield
//!   `MinFee + FeePerInput + FeePerRingMember·ring` ([`Pallet::required_transfer_fee`],
//!   [`Pallet::required_unshield_fee`]; the rule is `energy_privacy::FeeSchedule`, which wallets
//!   use too). A note is stored for good, so each one pays `FeePerOutput`, a shield's too
//!   (besides its transaction fee): a flat fee let one cheap transfer add sixteen notes, and
//!   filling the pool cost little. The runtime chooses the amounts so every shape pays at least
//!   what a signed transaction of its weight would.
//! - **Priority as a signed transaction's.** What a private transaction pays above its required
//!   fee counts as its tip, and it gets the priority `pallet_transaction_payment` gives a signed
//!   transaction of its weight with that tip: `(tip + 1) ×` how many such transactions fit in
//!   a block's time. At the exact fee it ranks with an untipped signed transaction; it outranks
//!   signed ones only by paying more, as they would.
//! - **A share of each block.** Private transactions together take at most `MaxBlockShare` of
//!   a block's normal-class weight: `pre_dispatch` refuses one past the share with
//!   `ExhaustsResources`, which keeps it in the transaction pool for a later block.
//! - **A proof-of-work stamp.** Verifying a spend costs a node milliseconds before it knows
//!   whether the spend is valid, and an invalid one pays nothing. So each private transaction
//!   carries a `stamp` such that `blake2_256(subject || stamp)` starts with `StampBits` zero
//!   bits, where the subject hashes its signed message and its ring signatures
//!   (`energy_privacy::{stamp_subject, find_stamp}`): two hashes for the node, about
//!   `2^StampBits` for the sender. The message binds the whole transaction and the signatures
//!   are in, so a stamp serves one transaction only: a forger pays a stamp for every forged
//!   signature the node would verify. The stamp is checked before any curve arithmetic, in
//!   validation and in the call.
//!
//! ## Rings and notes
//!
//! - Every ring has at least `MinRingSize` members, however small the pool: spends wait until
//!   the pool has that many notes (a ring of the whole pool while it is small would tell which
//!   notes could be spent).
//! - No two notes share a one-time address (`NoteAddresses`): two such notes would have one key
//!   image, so spending one would burn the other (the "burning bug"). A shield or transfer that
//!   makes a note with an address the pool has, or two notes with one address, is refused.
//! - A shield's amount is public, and an unshield reveals the amount of the note it spends: an
//!   unshield whose ring held shield notes of other amounts would show which member it spends.
//!   So the pool remembers which notes came from shields (`PublicNotes`), and an unshield's ring
//!   holds only notes made by transfers: money is transferred once (to oneself, say) before it
//!   is unshielded.
//!
//! Range proofs, balances and ring signatures verify through `energy_privacy::host`, the
//! runtime-interface host functions the node registers (`energy_privacy::host::HostFunctions`):
//! natively, at close to native speed, instead of about four times slower in WebAssembly.
//!
//! The pool's money sits in one account derived from `Config::PalletId`. The account keeps the
//! existential deposit on top of the shielded money, so it is never reaped: the first shield
//! into a pool whose account does not exist yet pays that deposit too (the runtime may instead
//! endow the account at genesis). All money leaves the account with `Preservation::Preserve`.
//!
//! Wallets build `transfer` and `unshield` arguments with `energy_privacy::builder`. A wallet
//! finds its notes by scanning `Notes` in index order: the outputs of one transaction are stored
//! one after the other, so an output's number is its position among the consecutive notes that
//! share its transaction public key (`energy_privacy::builder::scan_notes` does this).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod locks;
pub mod weights;
pub use locks::NoteLocks;
pub use weights::WeightInfo;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use alloc::{collections::BTreeSet, vec::Vec};
	// Range proofs, balances and ring signatures verify through the node's host functions: in
	// WebAssembly they would cost several times as much (see the crate's `host` module).
	use energy_privacy::host::privacy_verify::{check_balance, clsag_verify, verify_range};
	use energy_privacy::{
		check_key_image, check_stamp, commit, public_commitment, stamp_subject, transfer_message,
		unshield_message, ClsagSignature, Commitment, FeeSchedule, KeyImage, Message, Note,
		OneTimeAddress, RangeProofBytes, RingIndices, RingMember, Scalar, TransferInput,
		UnshieldInput, MAX_AGGREGATED_OUTPUTS, MAX_RING_SIZE, MAX_STAMP_BITS,
	};
	use frame_support::{
		dispatch::{DispatchClass, GetDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Balanced, Credit, Inspect, Mutate},
			tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance},
			OnUnbalanced,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{
		traits::{AccountIdConversion, CheckedAdd, CheckedSub, Saturating, Zero},
		Perbill,
	};

	/// An amount of the money token.
	pub type BalanceOf<T, I = ()> =
		<<T as Config<I>>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// Money taken out of an account that someone must put somewhere: the fees of private
	/// transactions.
	pub type CreditOf<T, I = ()> =
		Credit<<T as frame_system::Config>::AccountId, <T as Config<I>>::Currency>;

	/// An amount inside the pool, in the money token's smallest unit: range proofs cover 64 bits.
	pub type Amount = u64;

	/// A note's position in the pool, counting from 0 in the order notes were added.
	pub type NoteIndex = u64;

	/// The in-code storage version: the starting point of this pallet's future migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T, I = ()>(_);

	#[pallet::config]
	pub trait Config<I: 'static = ()>:
		frame_system::Config<RuntimeEvent: From<Event<Self, I>>>
	{
		/// The money token.
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// Where the fees of private transactions go: the runtime's transaction fee handler.
		type OnFee: OnUnbalanced<CreditOf<Self, I>>;

		/// Derives the account that holds the pool's money.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most notes the pool ever holds; spent notes stay, as decoys of later rings.
		#[pallet::constant]
		type MaxNotes: Get<NoteIndex>;

		/// The smallest ring a spend may use; spends wait until the pool has that many notes.
		#[pallet::constant]
		type MinRingSize: Get<u32>;

		/// The largest ring a spend may use; at most `energy_privacy::MAX_RING_SIZE`.
		#[pallet::constant]
		type MaxRingSize: Get<u32>;

		/// The most notes one private transfer spends.
		#[pallet::constant]
		type MaxInputs: Get<u32>;

		/// The most notes one private transfer creates; at most
		/// `energy_privacy::MAX_AGGREGATED_OUTPUTS`, which one range proof covers.
		#[pallet::constant]
		type MaxOutputs: Get<u32>;

		/// The base of every private transaction's fee: unsigned transactions pay no
		/// transaction fee, so the pool's fees are what block space and storage cost them.
		#[pallet::constant]
		type MinFee: Get<Amount>;

		/// What a private transaction pays for each note it spends.
		#[pallet::constant]
		type FeePerInput: Get<Amount>;

		/// What a transaction pays for each note it creates, a shield's too: a note stays in the
		/// pool for good, so this is the price of the pool's room.
		#[pallet::constant]
		type FeePerOutput: Get<Amount>;

		/// What a private transaction pays for each member of each of its rings.
		#[pallet::constant]
		type FeePerRingMember: Get<Amount>;

		/// The share of a block's normal-class weight that private transactions may take
		/// together, so they never crowd signed transactions out of a block.
		#[pallet::constant]
		type MaxBlockShare: Get<Perbill>;

		/// The leading zero bits the proof-of-work stamp of a private transaction must give:
		/// its sender hashes about `2^StampBits` times, a node once, before verifying anything.
		/// At most `energy_privacy::MAX_STAMP_BITS`.
		#[pallet::constant]
		type StampBits: Get<u32>;

		/// How many blocks a private transaction stays valid in the transaction pool before it
		/// is validated again.
		#[pallet::constant]
		type UnsignedLongevity: Get<TransactionLongevity>;

		/// Weights of this pallet's calls, generated by `energy-node benchmark pallet`.
		type WeightInfo: WeightInfo;
	}

	/// Every note of the pool, by index; spent ones too (which are spent, nobody can tell).
	#[pallet::storage]
	pub type Notes<T: Config<I>, I: 'static = ()> =
		StorageMap<_, Twox64Concat, NoteIndex, Note, OptionQuery>;

	/// How many notes the pool holds: the index of the next note.
	#[pallet::storage]
	pub type NoteCount<T: Config<I>, I: 'static = ()> = StorageValue<_, NoteIndex, ValueQuery>;

	/// The key images of every spent note. Each spends a distinct note, so there are at most
	/// `MaxNotes` of them.
	#[pallet::storage]
	pub type SpentKeyImages<T: Config<I>, I: 'static = ()> =
		StorageMap<_, Blake2_128Concat, KeyImage, (), OptionQuery>;

	/// The money the notes hold: shielded, less unshielded, less fees.
	#[pallet::storage]
	pub type PoolTotal<T: Config<I>, I: 'static = ()> =
		StorageValue<_, BalanceOf<T, I>, ValueQuery>;

	/// The note each one-time address owns: one entry per note, so no address owns two (their
	/// key images would be one, and spending either would burn the other).
	#[pallet::storage]
	pub type NoteAddresses<T: Config<I>, I: 'static = ()> =
		StorageMap<_, Blake2_128Concat, OneTimeAddress, NoteIndex, OptionQuery>;

	/// The notes whose amount is public: those shields made. An unshield's ring may not hold
	/// them, or the amount it reveals would show which member it spends.
	#[pallet::storage]
	pub type PublicNotes<T: Config<I>, I: 'static = ()> =
		StorageMap<_, Twox64Concat, NoteIndex, (), OptionQuery>;

	/// The weight of the private transactions admitted to this block so far, against
	/// `MaxBlockShare`; cleared as each block starts.
	#[pallet::storage]
	pub type BlockPrivateWeight<T: Config<I>, I: 'static = ()> =
		StorageValue<_, Weight, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config<I>, I: 'static = ()> {
		/// The pool's account was created with `deposit`, the existential deposit `who` paid.
		PoolOpened { who: T::AccountId, deposit: BalanceOf<T, I> },
		/// `who` moved `amount` of public money into the note `note_index`, and paid `fee` for
		/// the note's room in the pool.
		Shielded { who: T::AccountId, amount: Amount, note_index: NoteIndex, fee: Amount },
		/// The notes with `key_images` were spent into `outputs` new notes from
		/// `first_note_index` on, and `fee` left the pool.
		Transferred {
			key_images: BoundedVec<KeyImage, T::MaxInputs>,
			first_note_index: NoteIndex,
			outputs: u32,
			fee: Amount,
		},
		/// The note with `key_image` was spent: `amount` paid to `dest`, `fee` left the pool.
		Unshielded { dest: T::AccountId, amount: Amount, fee: Amount, key_image: KeyImage },
		/// The notes with `key_images` were spent into a lock another pallet holds (a private
		/// offer or purchase), and `fee` left the pool.
		Locked { key_images: BoundedVec<KeyImage, T::MaxInputs>, fee: Amount },
		/// A lock was paid out as the note `note_index`.
		Released { note_index: NoteIndex },
		/// `amount` a lock held was paid out to `to`.
		PaidOut { to: T::AccountId, amount: Amount },
	}

	#[pallet::error]
	pub enum Error<T, I = ()> {
		/// Amounts moved in or out of the pool are positive.
		ZeroAmount,
		/// The caller does not have this much money to spare (it keeps its existential deposit,
		/// and pays the pool's too if the pool's account does not exist yet).
		InsufficientFunds,
		/// The blinding is not a canonical scalar.
		NonCanonicalBlinding,
		/// The note's commitment does not commit to the amount with the blinding.
		CommitmentMismatch,
		/// A note's address, transaction key or commitment is not a curve point.
		InvalidNote,
		/// The range proof does not have the layout of a proof for these outputs.
		MalformedRangeProof,
		/// The range proof does not prove every output's amount is in `[0, 2^64)`.
		InvalidRangeProof,
		/// A transfer spends no note.
		NoInputs,
		/// A transfer creates no note.
		NoOutputs,
		/// More outputs than one range proof covers.
		TooManyOutputs,
		/// A ring has fewer members than `MinRingSize`.
		RingTooSmall,
		/// A ring has more members than `MaxRingSize`.
		RingTooLarge,
		/// A ring's note indices are not strictly increasing.
		RingNotSorted,
		/// A ring names a note the pool does not have.
		UnknownRingMember,
		/// A pseudo-output commitment is not a curve point.
		InvalidPseudoOutput,
		/// A key image is not a curve point, or is the identity.
		InvalidKeyImage,
		/// Two inputs of one transfer have the same key image: one note spent twice.
		DuplicateKeyImage,
		/// The note with this key image was spent already.
		KeyImageSpent,
		/// A ring signature's scalars or points do not decode, or it has a response for each
		/// of a different number of ring members.
		MalformedSignature,
		/// A ring signature does not verify: wrong key, amount, ring or message.
		InvalidSignature,
		/// The inputs do not pay exactly for the outputs and the fee.
		Unbalanced,
		/// The fee is below what the transaction's shape requires (`required_transfer_fee`,
		/// `required_unshield_fee`).
		FeeTooLow,
		/// The amount and fee add up to more than an amount can be.
		AmountOverflow,
		/// The pool holds `MaxNotes` notes.
		PoolFull,
		/// The payee's account would stay below the existential deposit.
		BelowMinimumBalance,
		/// The pool's account does not hold what the notes are worth (never, while the pool's
		/// books balance).
		PoolUnderfunded,
		/// The proof-of-work stamp does not give `StampBits` leading zero bits for this
		/// transaction's message.
		InsufficientStamp,
		/// A new note's one-time address is a note's of the pool, or another new note's.
		DuplicateNoteAddress,
		/// An unshield's ring holds a note a shield made, whose amount is public.
		PublicRingMember,
		/// A lock spends more than `MaxInputs` notes.
		TooManyInputs,
	}

	#[pallet::hooks]
	impl<T: Config<I>, I: 'static> Hooks<BlockNumberFor<T>> for Pallet<T, I> {
		/// A new block: no private transaction has taken any of its share yet.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			BlockPrivateWeight::<T, I>::kill();
			T::DbWeight::get().writes(1)
		}

		fn integrity_test() {
			assert!(T::MinRingSize::get() >= 1, "a ring has its spent note at least");
			assert!(T::MinRingSize::get() <= T::MaxRingSize::get(), "MinRingSize > MaxRingSize");
			assert!(T::MaxRingSize::get() <= MAX_RING_SIZE, "MaxRingSize above the crypto's");
			assert!(T::MaxInputs::get() >= 1, "a transfer spends a note at least");
			assert!(
				(1..=MAX_AGGREGATED_OUTPUTS).contains(&T::MaxOutputs::get()),
				"MaxOutputs must be what one range proof covers"
			);
			assert!(T::StampBits::get() <= MAX_STAMP_BITS, "no wallet finds such a stamp");
			let largest = T::WeightInfo::transfer(
				T::MaxInputs::get(),
				T::MaxOutputs::get(),
				T::MaxRingSize::get(),
			)
			.max(T::WeightInfo::unshield(T::MaxRingSize::get()))
			.saturating_add(Self::admission_weight());
			assert!(
				largest.all_lte(Self::block_share()),
				"the largest private transaction must fit the share of a block they may take"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config<I>, I: 'static> Pallet<T, I> {
		/// Move `amount` of the caller's money into the pool as `note`, whose commitment must
		/// commit to `amount` with `blinding` (a shield's amount is public anyway) and carry a
		/// valid `range_proof`, so every note of the pool has one. The caller also pays
		/// `FeePerOutput` for the note's room in the pool, as a transfer pays for its outputs.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::shield())]
		pub fn shield(
			origin: OriginFor<T>,
			amount: Amount,
			note: Note,
			blinding: [u8; 32],
			range_proof: RangeProofBytes,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(amount > 0, Error::<T, I>::ZeroAmount);
			let note_index = NoteCount::<T, I>::get();
			ensure!(note_index < T::MaxNotes::get(), Error::<T, I>::PoolFull);
			ensure!(
				!NoteAddresses::<T, I>::contains_key(note.address),
				Error::<T, I>::DuplicateNoteAddress
			);
			let value = Self::balance(amount)?;
			let fee = Self::required_shield_fee();
			let fee_value = Self::balance(fee)?;
			let total = PoolTotal::<T, I>::get()
				.checked_add(&value)
				.ok_or(Error::<T, I>::AmountOverflow)?;
			let pool = Self::account_id();
			let opening = if T::Currency::total_balance(&pool).is_zero() {
				T::Currency::minimum_balance()
			} else {
				Zero::zero()
			};
			let paid = value.checked_add(&opening).ok_or(Error::<T, I>::AmountOverflow)?;
			ensure!(
				T::Currency::reducible_balance(&who, Preservation::Preserve, Fortitude::Polite)
					>= paid.checked_add(&fee_value).ok_or(Error::<T, I>::AmountOverflow)?,
				Error::<T, I>::InsufficientFunds
			);
			// The cryptography last: it costs the most.
			let blinding: Scalar = Option::from(Scalar::from_canonical_bytes(blinding))
				.ok_or(Error::<T, I>::NonCanonicalBlinding)?;
			note.check().map_err(|_| Error::<T, I>::InvalidNote)?;
			ensure!(
				note.commitment == commit(amount, &blinding),
				Error::<T, I>::CommitmentMismatch
			);
			verify_range(range_proof, &[note.commitment]).map_err(Self::range_proof_error)?;

			T::Currency::transfer(&who, &pool, paid, Preservation::Preserve)
				.map_err(|_| Error::<T, I>::InsufficientFunds)?;
			Self::pay_fee(&who, fee_value).map_err(|_| Error::<T, I>::InsufficientFunds)?;
			Self::add_note(note_index, &note);
			PublicNotes::<T, I>::insert(note_index, ());
			NoteCount::<T, I>::put(note_index.saturating_add(1));
			PoolTotal::<T, I>::put(total);
			if !opening.is_zero() {
				Self::deposit_event(Event::PoolOpened { who: who.clone(), deposit: opening });
			}
			Self::deposit_event(Event::Shielded { who, amount, note_index, fee });
			Ok(())
		}

		/// Spend `inputs` into the new notes `outputs`, paying `fee`: an unsigned transaction
		/// whose ring signatures prove the right to spend and whose commitments balance, with
		/// the proof-of-work `stamp` of its message.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer(
			inputs.len() as u32,
			outputs.len() as u32,
			Pallet::<T, I>::widest_ring(inputs),
		).saturating_add(Pallet::<T, I>::admission_weight()))]
		pub fn transfer(
			origin: OriginFor<T>,
			inputs: BoundedVec<TransferInput, T::MaxInputs>,
			outputs: BoundedVec<Note, T::MaxOutputs>,
			range_proof: RangeProofBytes,
			fee: Amount,
			stamp: u64,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::verify_transfer(&inputs, &outputs, &range_proof, fee, stamp)?;
			let key_images = Self::spend_inputs(&inputs, fee)?;
			let first_note_index = NoteCount::<T, I>::get();
			let mut next = first_note_index;
			for note in &outputs {
				Self::add_note(next, note);
				next = next.saturating_add(1);
			}
			NoteCount::<T, I>::put(next);
			Self::deposit_event(Event::Transferred {
				key_images,
				first_note_index,
				outputs: outputs.len() as u32,
				fee,
			});
			Ok(())
		}

		/// Spend `input`, a note worth exactly `amount + fee`, paying `amount` to `dest` and
		/// `fee`: an unsigned transaction whose ring signature binds `dest`, `amount` and `fee`,
		/// with the proof-of-work `stamp` of its message.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::unshield(input.ring.len() as u32)
				.saturating_add(Pallet::<T, I>::admission_weight())
		)]
		pub fn unshield(
			origin: OriginFor<T>,
			input: UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: T::AccountId,
			stamp: u64,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::verify_unshield(&input, amount, fee, &dest, stamp)?;
			let value = Self::balance(amount)?;
			let fee_value = Self::balance(fee)?;
			let total = PoolTotal::<T, I>::get()
				.checked_sub(&value.saturating_add(fee_value))
				.ok_or(Error::<T, I>::PoolUnderfunded)?;

			T::Currency::transfer(&Self::account_id(), &dest, value, Preservation::Preserve)
				.map_err(|_| Error::<T, I>::PoolUnderfunded)?;
			Self::pay_fee(&Self::account_id(), fee_value)?;
			SpentKeyImages::<T, I>::insert(input.key_image, ());
			PoolTotal::<T, I>::put(total);
			Self::deposit_event(Event::Unshielded {
				dest,
				amount,
				fee,
				key_image: input.key_image,
			});
			Ok(())
		}
	}

	// Deprecated in favour of `#[pallet::authorize]`, which needs `frame_system::AuthorizeCall`
	// in the runtime's transaction extensions; until the runtime has it, unsigned validation is
	// what admits these transactions.
	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config<I>, I: 'static> ValidateUnsigned for Pallet<T, I> {
		type Call = Call<T, I>;

		/// Admits only private transactions that verify in full, tagged with the key images
		/// they spend so the transaction pool keeps one spend of each note, with the priority
		/// a signed transaction of their weight gets for tipping what they pay above their due.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let (key_images, surplus): (Vec<KeyImage>, Amount) = match call {
				Call::transfer { inputs, outputs, range_proof, fee, stamp } => {
					Self::verify_transfer(inputs, outputs, range_proof, *fee, *stamp)
						.map_err(Self::invalid)?;
					let required = Self::transfer_fee_of(inputs, outputs);
					(
						inputs.iter().map(|input| input.key_image).collect(),
						fee.saturating_sub(required),
					)
				}
				Call::unshield { input, amount, fee, dest, stamp } => {
					Self::verify_unshield(input, *amount, *fee, dest, *stamp)
						.map_err(Self::invalid)?;
					let required = Self::required_unshield_fee(input.ring.len() as u32);
					(alloc::vec![input.key_image], fee.saturating_sub(required))
				}
				_ => return InvalidTransaction::Call.into(),
			};
			let priority = Self::priority(surplus, call.get_dispatch_info().call_weight);
			key_images
				.into_iter()
				.fold(
					ValidTransaction::with_tag_prefix("ShieldedPool")
						.priority(priority)
						.longevity(T::UnsignedLongevity::get())
						.propagate(true),
					|transaction, key_image| transaction.and_provides(key_image),
				)
				.build()
		}

		/// Only the checks the block may have made stale since validation (key images spent,
		/// addresses taken, the pool's size) and the stamp; the call verifies the proofs again,
		/// and its weight pays for that. Then the transaction takes its weight from the block's
		/// share for private transactions: past the share it is refused as `ExhaustsResources`,
		/// which leaves it in the transaction pool for a later block.
		fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
			match call {
				Call::transfer { inputs, outputs, range_proof, fee, stamp } => {
					Self::check_transfer(inputs, outputs, range_proof, *fee, *stamp)
						.map_err(Self::invalid)?;
				}
				Call::unshield { input, amount, fee, dest, stamp } => {
					Self::check_unshield(input, *amount, *fee, dest, *stamp)
						.map_err(Self::invalid)?;
				}
				_ => return Err(InvalidTransaction::Call.into()),
			}
			Self::take_block_share(call.get_dispatch_info().call_weight)
		}
	}

	impl<T: Config<I>, I: 'static> Pallet<T, I> {
		/// The account that holds the pool's money.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The genesis hash of the chain.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// What every spend's message binds first: the genesis hash and the pool's `PalletId`
		/// (SCALE-encoded), so a spend is valid on this chain and in this pool only (a money
		/// spend cannot be replayed in the energy pool).
		pub fn spend_domain() -> Vec<u8> {
			(Self::genesis_hash(), T::PalletId::get()).encode()
		}

		/// The size of the largest ring of `inputs`, which their weight is charged for.
		pub fn widest_ring(inputs: &[TransferInput]) -> u32 {
			inputs.iter().map(|input| input.ring.len() as u32).max().unwrap_or(0)
		}

		/// The pool's fee rule, with the runtime's amounts.
		pub fn fee_schedule() -> FeeSchedule {
			FeeSchedule {
				base: T::MinFee::get(),
				per_input: T::FeePerInput::get(),
				per_output: T::FeePerOutput::get(),
				per_ring_member: T::FeePerRingMember::get(),
			}
		}

		/// The least fee of a transfer of `inputs` notes into `outputs` notes whose rings have
		/// `ring_members` members together.
		pub fn required_transfer_fee(inputs: u32, outputs: u32, ring_members: u32) -> Amount {
			Self::fee_schedule().transfer(inputs, outputs, ring_members)
		}

		/// The least fee of an unshield with a ring of `ring_size` notes.
		pub fn required_unshield_fee(ring_size: u32) -> Amount {
			Self::fee_schedule().unshield(ring_size)
		}

		/// What a shield pays for its note, besides its transaction fee.
		pub fn required_shield_fee() -> Amount {
			Self::fee_schedule().shield()
		}

		/// The least fee of the transfer of `inputs` into `outputs`.
		fn transfer_fee_of(inputs: &[TransferInput], outputs: &[Note]) -> Amount {
			Self::required_transfer_fee(
				inputs.len() as u32,
				outputs.len() as u32,
				Self::ring_members_of(inputs),
			)
		}

		/// The members of all rings of `inputs`, which a spend's fee charges for.
		pub(crate) fn ring_members_of(inputs: &[TransferInput]) -> u32 {
			inputs
				.iter()
				.fold(0u32, |members, input| members.saturating_add(input.ring.len() as u32))
		}

		/// The transaction pool priority of a private transaction that pays `surplus` above its
		/// required fee and weighs `weight`: what `pallet_transaction_payment` gives a signed
		/// transaction with the tip `surplus` (`ChargeTransactionPayment::get_priority`), the
		/// tip plus one, times how many such transactions fit in a block. Only time counts: the
		/// runtime's blocks set no limit on proof size, and a private transaction's length fits
		/// hundreds of times in a block, so time is what runs out first.
		pub fn priority(surplus: Amount, weight: Weight) -> TransactionPriority {
			let max_block = T::BlockWeights::get().max_block.ref_time();
			let per_block = (max_block / weight.ref_time().max(1)).max(1);
			surplus.saturating_add(1).saturating_mul(per_block)
		}

		/// What `pre_dispatch` adds to a private transaction's weight, outside the benchmarked
		/// call: reading and writing `BlockPrivateWeight`.
		pub fn admission_weight() -> Weight {
			T::DbWeight::get().reads_writes(1, 1)
		}

		/// The most weight private transactions may take in one block: `MaxBlockShare` of what
		/// the normal class may.
		pub fn block_share() -> Weight {
			let weights = T::BlockWeights::get();
			let normal = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
			T::MaxBlockShare::get() * normal
		}

		/// Counts `weight` against this block's share for private transactions, or refuses it
		/// as `ExhaustsResources` (valid, but not in this block) if it would not fit.
		fn take_block_share(weight: Weight) -> Result<(), TransactionValidityError> {
			let used = BlockPrivateWeight::<T, I>::get().saturating_add(weight);
			if used.any_gt(Self::block_share()) {
				return Err(InvalidTransaction::ExhaustsResources.into());
			}
			BlockPrivateWeight::<T, I>::put(used);
			Ok(())
		}

		/// The cheap checks of a transfer, cheapest first: its shape and fee, its stamp, the
		/// pool's room, its rings and key images (so a replayed transfer is refused for its
		/// spent key images), and its new notes' addresses. Returns the message its ring
		/// signatures sign.
		pub fn check_transfer(
			inputs: &[TransferInput],
			outputs: &[Note],
			range_proof: &RangeProofBytes,
			fee: Amount,
			stamp: u64,
		) -> Result<Message, Error<T, I>> {
			ensure!(!inputs.is_empty(), Error::<T, I>::NoInputs);
			ensure!(!outputs.is_empty(), Error::<T, I>::NoOutputs);
			ensure!(
				outputs.len() <= MAX_AGGREGATED_OUTPUTS as usize,
				Error::<T, I>::TooManyOutputs
			);
			ensure!(fee >= Self::transfer_fee_of(inputs, outputs), Error::<T, I>::FeeTooLow);
			let message =
				transfer_message(&Self::spend_domain(), inputs, outputs, range_proof, fee);
			Self::ensure_stamp(
				&stamp_subject(&message, inputs.iter().map(|input| &input.signature)),
				stamp,
			)?;
			let count = NoteCount::<T, I>::get();
			ensure!(
				count.saturating_add(outputs.len() as u64) <= T::MaxNotes::get(),
				Error::<T, I>::PoolFull
			);
			Self::check_inputs(inputs, count)?;
			let mut addresses = BTreeSet::new();
			for note in outputs {
				ensure!(
					addresses.insert(note.address)
						&& !NoteAddresses::<T, I>::contains_key(note.address),
					Error::<T, I>::DuplicateNoteAddress
				);
			}
			Ok(message)
		}

		/// Everything about a transfer: the cheap checks, then every note, the range proof, the
		/// balance of the commitments and each ring signature.
		pub fn verify_transfer(
			inputs: &[TransferInput],
			outputs: &[Note],
			range_proof: &RangeProofBytes,
			fee: Amount,
			stamp: u64,
		) -> Result<(), Error<T, I>> {
			let message = Self::check_transfer(inputs, outputs, range_proof, fee, stamp)?;
			for note in outputs {
				note.check().map_err(|_| Error::<T, I>::InvalidNote)?;
			}
			let commitments: Vec<Commitment> = outputs.iter().map(|note| note.commitment).collect();
			Self::verify_spends(&message, inputs, &commitments, range_proof, fee)
		}

		/// The curve arithmetic of a spend of `inputs` into the commitments `outputs` (notes',
		/// or a lock's) and `fee`, whose ring signatures sign `message`: the inputs' points, the
		/// outputs' range proof, the balance, and each ring signature.
		pub(crate) fn verify_spends(
			message: &[u8],
			inputs: &[TransferInput],
			outputs: &[Commitment],
			range_proof: &RangeProofBytes,
			fee: Amount,
		) -> Result<(), Error<T, I>> {
			for input in inputs {
				input.pseudo_output.check().map_err(|_| Error::<T, I>::InvalidPseudoOutput)?;
				check_key_image(&input.key_image).map_err(|_| Error::<T, I>::InvalidKeyImage)?;
			}
			verify_range(range_proof.clone(), outputs).map_err(Self::range_proof_error)?;
			let pseudo_outputs: Vec<Commitment> =
				inputs.iter().map(|input| input.pseudo_output).collect();
			check_balance(&pseudo_outputs, outputs, fee).map_err(|_| Error::<T, I>::Unbalanced)?;
			for input in inputs {
				Self::verify_spend(
					message,
					&input.ring,
					&input.pseudo_output,
					&input.key_image,
					&input.signature,
				)?;
			}
			Ok(())
		}

		/// Spends `inputs` (their key images) and pays `fee` out of the pool's money; returns
		/// the key images, for the call's event.
		pub(crate) fn spend_inputs(
			inputs: &[TransferInput],
			fee: Amount,
		) -> Result<BoundedVec<KeyImage, T::MaxInputs>, Error<T, I>> {
			let fee_value = Self::balance(fee)?;
			let total = PoolTotal::<T, I>::get()
				.checked_sub(&fee_value)
				.ok_or(Error::<T, I>::PoolUnderfunded)?;
			Self::pay_fee(&Self::account_id(), fee_value)?;
			for input in inputs {
				SpentKeyImages::<T, I>::insert(input.key_image, ());
			}
			PoolTotal::<T, I>::put(total);
			let key_images = inputs.iter().map(|input| input.key_image).collect::<Vec<_>>();
			Ok(BoundedVec::truncate_from(key_images))
		}

		/// The cheap checks of an unshield, cheapest first: its amounts and fee, its stamp, its
		/// ring (of hidden notes only), its key image, and that the pool can pay and the payee
		/// can receive. Returns the message its ring signature signs.
		pub fn check_unshield(
			input: &UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: &T::AccountId,
			stamp: u64,
		) -> Result<Message, Error<T, I>> {
			ensure!(amount > 0, Error::<T, I>::ZeroAmount);
			ensure!(
				fee >= Self::required_unshield_fee(input.ring.len() as u32),
				Error::<T, I>::FeeTooLow
			);
			let spent = amount.checked_add(fee).ok_or(Error::<T, I>::AmountOverflow)?;
			let message = unshield_message(
				&Self::spend_domain(),
				&input.ring,
				&input.key_image,
				amount,
				fee,
				&dest.encode(),
			);
			Self::ensure_stamp(&stamp_subject(&message, [&input.signature]), stamp)?;
			Self::check_ring(&input.ring, NoteCount::<T, I>::get())?;
			ensure!(
				!input.ring.iter().any(PublicNotes::<T, I>::contains_key),
				Error::<T, I>::PublicRingMember
			);
			Self::check_unspent(&input.key_image)?;
			ensure!(
				PoolTotal::<T, I>::get() >= Self::balance(spent)?,
				Error::<T, I>::PoolUnderfunded
			);
			ensure!(
				T::Currency::can_deposit(dest, Self::balance(amount)?, Provenance::Extant)
					== DepositConsequence::Success,
				Error::<T, I>::BelowMinimumBalance
			);
			Ok(message)
		}

		/// Everything about an unshield: the cheap checks, then the ring signature, whose
		/// pseudo-output is the unblinded commitment to `amount + fee`.
		pub fn verify_unshield(
			input: &UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: &T::AccountId,
			stamp: u64,
		) -> Result<(), Error<T, I>> {
			let message = Self::check_unshield(input, amount, fee, dest, stamp)?;
			check_key_image(&input.key_image).map_err(|_| Error::<T, I>::InvalidKeyImage)?;
			let spent = amount.checked_add(fee).ok_or(Error::<T, I>::AmountOverflow)?;
			Self::verify_spend(
				&message,
				&input.ring,
				&public_commitment(spent),
				&input.key_image,
				&input.signature,
			)
		}

		/// The stamp gives `StampBits` bits of work for `subject` (the transaction's message and
		/// ring signatures, `energy_privacy::stamp_subject`): two hashes, before any curve
		/// arithmetic.
		fn ensure_stamp(subject: &[u8; 32], stamp: u64) -> Result<(), Error<T, I>> {
			ensure!(
				check_stamp(subject, stamp, T::StampBits::get()),
				Error::<T, I>::InsufficientStamp
			);
			Ok(())
		}

		/// A ring has `MinRingSize` to `MaxRingSize` members, strictly increasing, and names
		/// notes the pool has.
		pub(crate) fn check_ring(
			ring: &RingIndices,
			note_count: NoteIndex,
		) -> Result<(), Error<T, I>> {
			ensure!(ring.len() as u32 >= T::MinRingSize::get(), Error::<T, I>::RingTooSmall);
			ensure!(ring.len() as u32 <= T::MaxRingSize::get(), Error::<T, I>::RingTooLarge);
			ensure!(ring.windows(2).all(|pair| pair[0] < pair[1]), Error::<T, I>::RingNotSorted);
			ensure!(
				ring.last().is_some_and(|&last| last < note_count),
				Error::<T, I>::UnknownRingMember
			);
			Ok(())
		}

		/// Each of `inputs` has a ring of the pool's `note_count` notes, and a key image of
		/// its own that is not spent.
		pub(crate) fn check_inputs(
			inputs: &[TransferInput],
			note_count: NoteIndex,
		) -> Result<(), Error<T, I>> {
			let mut seen = BTreeSet::new();
			for input in inputs {
				Self::check_ring(&input.ring, note_count)?;
				ensure!(seen.insert(input.key_image), Error::<T, I>::DuplicateKeyImage);
				Self::check_unspent(&input.key_image)?;
			}
			Ok(())
		}

		pub(crate) fn check_unspent(key_image: &KeyImage) -> Result<(), Error<T, I>> {
			ensure!(!SpentKeyImages::<T, I>::contains_key(key_image), Error::<T, I>::KeyImageSpent);
			Ok(())
		}

		/// Stores `note` at `index`, and its address as taken.
		pub(crate) fn add_note(index: NoteIndex, note: &Note) {
			Notes::<T, I>::insert(index, note);
			NoteAddresses::<T, I>::insert(note.address, index);
		}

		/// The notes `ring` names, as ring members.
		pub(crate) fn ring_members(ring: &RingIndices) -> Result<Vec<RingMember>, Error<T, I>> {
			ring.iter()
				.map(|index| {
					Notes::<T, I>::get(index)
						.map(|note| note.ring_member())
						.ok_or(Error::<T, I>::UnknownRingMember)
				})
				.collect()
		}

		/// Verifies the ring signature of one spend over `message`.
		pub(crate) fn verify_spend(
			message: &[u8],
			ring: &RingIndices,
			pseudo_output: &Commitment,
			key_image: &KeyImage,
			signature: &ClsagSignature,
		) -> Result<(), Error<T, I>> {
			let members = Self::ring_members(ring)?;
			let verified =
				clsag_verify(message, &members, *pseudo_output, *key_image, signature.clone());
			verified.map_err(|error| match error {
				energy_privacy::Error::SignatureInvalid => Error::<T, I>::InvalidSignature,
				energy_privacy::Error::IdentityKeyImage => Error::<T, I>::InvalidKeyImage,
				energy_privacy::Error::EmptyRing => Error::<T, I>::RingTooSmall,
				energy_privacy::Error::RingTooLarge => Error::<T, I>::RingTooLarge,
				// Stored notes and the pseudo-output were checked, so a point that does not
				// decode is the signature's `D`.
				_ => Error::<T, I>::MalformedSignature,
			})
		}

		fn range_proof_error(error: energy_privacy::Error) -> Error<T, I> {
			match error {
				energy_privacy::Error::RangeProofInvalid => Error::<T, I>::InvalidRangeProof,
				energy_privacy::Error::NoOutputs => Error::<T, I>::NoOutputs,
				energy_privacy::Error::TooManyOutputs => Error::<T, I>::TooManyOutputs,
				energy_privacy::Error::InvalidPoint => Error::<T, I>::InvalidNote,
				_ => Error::<T, I>::MalformedRangeProof,
			}
		}

		/// A refusal as a transaction validity error: `Custom` with the error's index.
		fn invalid(error: Error<T, I>) -> TransactionValidityError {
			InvalidTransaction::Custom(Self::error_code(error)).into()
		}

		/// The index of `error` among this pallet's errors, the code of its invalid transactions.
		pub fn error_code(error: Error<T, I>) -> u8 {
			error.encode().first().copied().unwrap_or(u8::MAX)
		}

		/// `amount` in the money token's balance type.
		pub(crate) fn balance(amount: Amount) -> Result<BalanceOf<T, I>, Error<T, I>> {
			BalanceOf::<T, I>::try_from(amount).map_err(|_| Error::<T, I>::AmountOverflow)
		}

		/// Takes `fee` from `payer` (the pool's account, or a shield's caller) and hands it to
		/// the fee handler.
		pub(crate) fn pay_fee(
			payer: &T::AccountId,
			fee: BalanceOf<T, I>,
		) -> Result<(), Error<T, I>> {
			if fee.is_zero() {
				return Ok(());
			}
			let credit = T::Currency::withdraw(
				payer,
				fee,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T, I>::PoolUnderfunded)?;
			T::OnFee::on_unbalanced(credit);
			Ok(())
		}

		/// The pool's books balance: `NoteCount` counts the notes, every note decodes and is
		/// the one note of its one-time address, the public notes are notes, no more notes were
		/// spent than exist, and the pool's account holds the notes' money and its existential
		/// deposit (more only if someone sent money to it directly, which nobody can take out
		/// again), or does not exist while the pool holds nothing.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let count = NoteCount::<T, I>::get();
			ensure!(count <= T::MaxNotes::get(), "more notes than MaxNotes");
			let mut stored: NoteIndex = 0;
			for (index, note) in Notes::<T, I>::iter() {
				ensure!(index < count, "a note is stored at or beyond NoteCount");
				ensure!(note.check().is_ok(), "a stored note does not decode");
				ensure!(
					NoteAddresses::<T, I>::get(note.address) == Some(index),
					"a note's one-time address does not lead to it"
				);
				stored = stored.saturating_add(1);
			}
			ensure!(stored == count, "NoteCount does not count the stored notes");
			// Each note's address leads to it, and there are no more addresses than notes: no
			// address is shared, and none is left from a note that is gone.
			ensure!(
				NoteAddresses::<T, I>::iter_keys().count() as u64 == count,
				"NoteAddresses holds other addresses than the notes'"
			);
			for index in PublicNotes::<T, I>::iter_keys() {
				ensure!(index < count, "a public note is not a note");
			}
			ensure!(
				SpentKeyImages::<T, I>::iter_keys().count() as u64 <= count,
				"more spent key images than notes"
			);
			let total = PoolTotal::<T, I>::get();
			ensure!(count > 0 || total.is_zero(), "the pool holds money without notes");
			let balance = T::Currency::total_balance(&Self::account_id());
			if balance.is_zero() {
				ensure!(total.is_zero(), "the pool holds money but has no account");
			} else {
				ensure!(
					balance >= total.saturating_add(T::Currency::minimum_balance()),
					"the pool's account holds less than the notes and its existential deposit"
				);
			}
			Ok(())
		}
	}
}
