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

pub mod weights;
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
		check_key_image, commit, public_commitment, transfer_message, unshield_message,
		ClsagSignature, Commitment, KeyImage, Note, RangeProofBytes, RingIndices, RingMember,
		Scalar, TransferInput, UnshieldInput, MAX_AGGREGATED_OUTPUTS, MAX_RING_SIZE,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Balanced, Credit, Inspect, Mutate},
			tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance},
			OnUnbalanced,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{AccountIdConversion, CheckedAdd, CheckedSub, Saturating, Zero};

	/// An amount of the money token.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// Money taken out of an account that someone must put somewhere: the fees of private
	/// transactions.
	pub type CreditOf<T> = Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	/// An amount inside the pool, in the money token's smallest unit: range proofs cover 64 bits.
	pub type Amount = u64;

	/// A note's position in the pool, counting from 0 in the order notes were added.
	pub type NoteIndex = u64;

	/// The in-code storage version: the starting point of this pallet's future migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The money token.
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// Where the fees of private transactions go: the runtime's transaction fee handler.
		type OnFee: OnUnbalanced<CreditOf<Self>>;

		/// Derives the account that holds the pool's money.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most notes the pool ever holds; spent notes stay, as decoys of later rings.
		#[pallet::constant]
		type MaxNotes: Get<NoteIndex>;

		/// The smallest ring a spend may use, once the pool has that many notes.
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

		/// The least fee a private transaction pays: unsigned transactions pay no transaction
		/// fee, so this is what block space costs them.
		#[pallet::constant]
		type MinFee: Get<Amount>;

		/// The transaction pool priority of private transactions.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// How many blocks a private transaction stays valid in the transaction pool before it
		/// is validated again.
		#[pallet::constant]
		type UnsignedLongevity: Get<TransactionLongevity>;

		/// Weights of this pallet's calls, generated by `energy-node benchmark pallet`.
		type WeightInfo: WeightInfo;
	}

	/// Every note of the pool, by index; spent ones too (which are spent, nobody can tell).
	#[pallet::storage]
	pub type Notes<T: Config> = StorageMap<_, Twox64Concat, NoteIndex, Note, OptionQuery>;

	/// How many notes the pool holds: the index of the next note.
	#[pallet::storage]
	pub type NoteCount<T: Config> = StorageValue<_, NoteIndex, ValueQuery>;

	/// The key images of every spent note. Each spends a distinct note, so there are at most
	/// `MaxNotes` of them.
	#[pallet::storage]
	pub type SpentKeyImages<T: Config> = StorageMap<_, Blake2_128Concat, KeyImage, (), OptionQuery>;

	/// The money the notes hold: shielded, less unshielded, less fees.
	#[pallet::storage]
	pub type PoolTotal<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The pool's account was created with `deposit`, the existential deposit `who` paid.
		PoolOpened { who: T::AccountId, deposit: BalanceOf<T> },
		/// `who` moved `amount` of public money into the note `note_index`.
		Shielded { who: T::AccountId, amount: Amount, note_index: NoteIndex },
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
	}

	#[pallet::error]
	pub enum Error<T> {
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
		/// A ring has fewer members than `MinRingSize` (or than the pool has notes).
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
		/// The fee is below `MinFee`.
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
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinRingSize::get() >= 1, "a ring has its spent note at least");
			assert!(T::MinRingSize::get() <= T::MaxRingSize::get(), "MinRingSize > MaxRingSize");
			assert!(T::MaxRingSize::get() <= MAX_RING_SIZE, "MaxRingSize above the crypto's");
			assert!(T::MaxInputs::get() >= 1, "a transfer spends a note at least");
			assert!(
				(1..=MAX_AGGREGATED_OUTPUTS).contains(&T::MaxOutputs::get()),
				"MaxOutputs must be what one range proof covers"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Move `amount` of the caller's money into the pool as `note`, whose commitment must
		/// commit to `amount` with `blinding` (a shield's amount is public anyway) and carry a
		/// valid `range_proof`, so every note of the pool has one.
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
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let note_index = NoteCount::<T>::get();
			ensure!(note_index < T::MaxNotes::get(), Error::<T>::PoolFull);
			let value = Self::balance(amount)?;
			let total =
				PoolTotal::<T>::get().checked_add(&value).ok_or(Error::<T>::AmountOverflow)?;
			let pool = Self::account_id();
			let opening = if T::Currency::total_balance(&pool).is_zero() {
				T::Currency::minimum_balance()
			} else {
				Zero::zero()
			};
			let paid = value.checked_add(&opening).ok_or(Error::<T>::AmountOverflow)?;
			ensure!(
				T::Currency::reducible_balance(&who, Preservation::Preserve, Fortitude::Polite)
					>= paid,
				Error::<T>::InsufficientFunds
			);
			// The cryptography last: it costs the most.
			let blinding: Scalar = Option::from(Scalar::from_canonical_bytes(blinding))
				.ok_or(Error::<T>::NonCanonicalBlinding)?;
			note.check().map_err(|_| Error::<T>::InvalidNote)?;
			ensure!(note.commitment == commit(amount, &blinding), Error::<T>::CommitmentMismatch);
			verify_range(range_proof, &[note.commitment]).map_err(Self::range_proof_error)?;

			T::Currency::transfer(&who, &pool, paid, Preservation::Preserve)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			Notes::<T>::insert(note_index, note);
			NoteCount::<T>::put(note_index.saturating_add(1));
			PoolTotal::<T>::put(total);
			if !opening.is_zero() {
				Self::deposit_event(Event::PoolOpened { who: who.clone(), deposit: opening });
			}
			Self::deposit_event(Event::Shielded { who, amount, note_index });
			Ok(())
		}

		/// Spend `inputs` into the new notes `outputs`, paying `fee`: an unsigned transaction
		/// whose ring signatures prove the right to spend and whose commitments balance.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer(
			inputs.len() as u32,
			outputs.len() as u32,
			Pallet::<T>::widest_ring(inputs),
		))]
		pub fn transfer(
			origin: OriginFor<T>,
			inputs: BoundedVec<TransferInput, T::MaxInputs>,
			outputs: BoundedVec<Note, T::MaxOutputs>,
			range_proof: RangeProofBytes,
			fee: Amount,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::verify_transfer(&inputs, &outputs, &range_proof, fee)?;
			let fee_value = Self::balance(fee)?;
			let total =
				PoolTotal::<T>::get().checked_sub(&fee_value).ok_or(Error::<T>::PoolUnderfunded)?;

			Self::pay_fee(fee_value)?;
			for input in &inputs {
				SpentKeyImages::<T>::insert(input.key_image, ());
			}
			let first_note_index = NoteCount::<T>::get();
			let mut next = first_note_index;
			for note in &outputs {
				Notes::<T>::insert(next, note);
				next = next.saturating_add(1);
			}
			NoteCount::<T>::put(next);
			PoolTotal::<T>::put(total);
			let key_images = inputs.iter().map(|input| input.key_image).collect::<Vec<_>>();
			Self::deposit_event(Event::Transferred {
				key_images: BoundedVec::truncate_from(key_images),
				first_note_index,
				outputs: outputs.len() as u32,
				fee,
			});
			Ok(())
		}

		/// Spend `input`, a note worth exactly `amount + fee`, paying `amount` to `dest` and
		/// `fee`: an unsigned transaction whose ring signature binds `dest`, `amount` and `fee`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unshield(input.ring.len() as u32))]
		pub fn unshield(
			origin: OriginFor<T>,
			input: UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: T::AccountId,
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::verify_unshield(&input, amount, fee, &dest)?;
			let value = Self::balance(amount)?;
			let fee_value = Self::balance(fee)?;
			let total = PoolTotal::<T>::get()
				.checked_sub(&value.saturating_add(fee_value))
				.ok_or(Error::<T>::PoolUnderfunded)?;

			T::Currency::transfer(&Self::account_id(), &dest, value, Preservation::Preserve)
				.map_err(|_| Error::<T>::PoolUnderfunded)?;
			Self::pay_fee(fee_value)?;
			SpentKeyImages::<T>::insert(input.key_image, ());
			PoolTotal::<T>::put(total);
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
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Admits only private transactions that verify in full, tagged with the key images
		/// they spend so the transaction pool keeps one spend of each note.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let key_images: Vec<KeyImage> = match call {
				Call::transfer { inputs, outputs, range_proof, fee } => {
					Self::verify_transfer(inputs, outputs, range_proof, *fee)
						.map_err(Self::invalid)?;
					inputs.iter().map(|input| input.key_image).collect()
				}
				Call::unshield { input, amount, fee, dest } => {
					Self::verify_unshield(input, *amount, *fee, dest).map_err(Self::invalid)?;
					alloc::vec![input.key_image]
				}
				_ => return InvalidTransaction::Call.into(),
			};
			key_images
				.into_iter()
				.fold(
					ValidTransaction::with_tag_prefix("ShieldedPool")
						.priority(T::UnsignedPriority::get())
						.longevity(T::UnsignedLongevity::get())
						.propagate(true),
					|transaction, key_image| transaction.and_provides(key_image),
				)
				.build()
		}

		/// Only the checks the block may have made stale since validation (key images spent,
		/// the pool's size); the call verifies the proofs again, and its weight pays for that.
		fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
			match call {
				Call::transfer { inputs, outputs, fee, .. } => {
					Self::check_transfer(inputs, outputs, *fee).map_err(Self::invalid)
				}
				Call::unshield { input, amount, fee, dest } => {
					Self::check_unshield(input, *amount, *fee, dest).map_err(Self::invalid)
				}
				_ => Err(InvalidTransaction::Call.into()),
			}
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account that holds the pool's money.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The genesis hash, which every spend's message binds so it is valid on this chain only.
		pub fn genesis_hash() -> T::Hash {
			frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
		}

		/// The size of the largest ring of `inputs`, which their weight is charged for.
		pub fn widest_ring(inputs: &[TransferInput]) -> u32 {
			inputs.iter().map(|input| input.ring.len() as u32).max().unwrap_or(0)
		}

		/// The cheap checks of a transfer: its shape, its rings, its key images, the pool's room.
		pub fn check_transfer(
			inputs: &[TransferInput],
			outputs: &[Note],
			fee: Amount,
		) -> Result<(), Error<T>> {
			ensure!(!inputs.is_empty(), Error::<T>::NoInputs);
			ensure!(!outputs.is_empty(), Error::<T>::NoOutputs);
			ensure!(outputs.len() <= MAX_AGGREGATED_OUTPUTS as usize, Error::<T>::TooManyOutputs);
			ensure!(fee >= T::MinFee::get(), Error::<T>::FeeTooLow);
			let count = NoteCount::<T>::get();
			ensure!(
				count.saturating_add(outputs.len() as u64) <= T::MaxNotes::get(),
				Error::<T>::PoolFull
			);
			let mut seen = BTreeSet::new();
			for input in inputs {
				Self::check_ring(&input.ring, count)?;
				ensure!(seen.insert(input.key_image), Error::<T>::DuplicateKeyImage);
				Self::check_unspent(&input.key_image)?;
			}
			Ok(())
		}

		/// Everything about a transfer: the cheap checks, then every note, the range proof, the
		/// balance of the commitments and each ring signature.
		pub fn verify_transfer(
			inputs: &[TransferInput],
			outputs: &[Note],
			range_proof: &RangeProofBytes,
			fee: Amount,
		) -> Result<(), Error<T>> {
			Self::check_transfer(inputs, outputs, fee)?;
			for note in outputs {
				note.check().map_err(|_| Error::<T>::InvalidNote)?;
			}
			for input in inputs {
				input.pseudo_output.check().map_err(|_| Error::<T>::InvalidPseudoOutput)?;
				check_key_image(&input.key_image).map_err(|_| Error::<T>::InvalidKeyImage)?;
			}
			let commitments: Vec<Commitment> = outputs.iter().map(|note| note.commitment).collect();
			verify_range(range_proof.clone(), &commitments).map_err(Self::range_proof_error)?;
			let pseudo_outputs: Vec<Commitment> =
				inputs.iter().map(|input| input.pseudo_output).collect();
			check_balance(&pseudo_outputs, &commitments, fee)
				.map_err(|_| Error::<T>::Unbalanced)?;
			let message =
				transfer_message(Self::genesis_hash().as_ref(), inputs, outputs, range_proof, fee);
			for input in inputs {
				Self::verify_spend(
					&message,
					&input.ring,
					&input.pseudo_output,
					&input.key_image,
					&input.signature,
				)?;
			}
			Ok(())
		}

		/// The cheap checks of an unshield: its amounts, its ring, its key image, and that the
		/// pool can pay and the payee can receive.
		pub fn check_unshield(
			input: &UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: &T::AccountId,
		) -> Result<(), Error<T>> {
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			ensure!(fee >= T::MinFee::get(), Error::<T>::FeeTooLow);
			let spent = amount.checked_add(fee).ok_or(Error::<T>::AmountOverflow)?;
			Self::check_ring(&input.ring, NoteCount::<T>::get())?;
			Self::check_unspent(&input.key_image)?;
			ensure!(PoolTotal::<T>::get() >= Self::balance(spent)?, Error::<T>::PoolUnderfunded);
			ensure!(
				T::Currency::can_deposit(dest, Self::balance(amount)?, Provenance::Extant)
					== DepositConsequence::Success,
				Error::<T>::BelowMinimumBalance
			);
			Ok(())
		}

		/// Everything about an unshield: the cheap checks, then the ring signature, whose
		/// pseudo-output is the unblinded commitment to `amount + fee`.
		pub fn verify_unshield(
			input: &UnshieldInput,
			amount: Amount,
			fee: Amount,
			dest: &T::AccountId,
		) -> Result<(), Error<T>> {
			Self::check_unshield(input, amount, fee, dest)?;
			check_key_image(&input.key_image).map_err(|_| Error::<T>::InvalidKeyImage)?;
			let spent = amount.checked_add(fee).ok_or(Error::<T>::AmountOverflow)?;
			let message = unshield_message(
				Self::genesis_hash().as_ref(),
				&input.ring,
				&input.key_image,
				amount,
				fee,
				&dest.encode(),
			);
			Self::verify_spend(
				&message,
				&input.ring,
				&public_commitment(spent),
				&input.key_image,
				&input.signature,
			)
		}

		/// A ring is at least `MinRingSize` (or all notes, while the pool has fewer), at most
		/// `MaxRingSize`, strictly increasing, and names notes the pool has.
		fn check_ring(ring: &RingIndices, note_count: NoteIndex) -> Result<(), Error<T>> {
			let smallest = u64::from(T::MinRingSize::get()).min(note_count).max(1);
			ensure!(ring.len() as u64 >= smallest, Error::<T>::RingTooSmall);
			ensure!(ring.len() as u32 <= T::MaxRingSize::get(), Error::<T>::RingTooLarge);
			ensure!(ring.windows(2).all(|pair| pair[0] < pair[1]), Error::<T>::RingNotSorted);
			ensure!(
				ring.last().is_some_and(|&last| last < note_count),
				Error::<T>::UnknownRingMember
			);
			Ok(())
		}

		fn check_unspent(key_image: &KeyImage) -> Result<(), Error<T>> {
			ensure!(!SpentKeyImages::<T>::contains_key(key_image), Error::<T>::KeyImageSpent);
			Ok(())
		}

		/// The notes `ring` names, as ring members.
		pub(crate) fn ring_members(ring: &RingIndices) -> Result<Vec<RingMember>, Error<T>> {
			ring.iter()
				.map(|index| {
					Notes::<T>::get(index)
						.map(|note| note.ring_member())
						.ok_or(Error::<T>::UnknownRingMember)
				})
				.collect()
		}

		/// Verifies the ring signature of one spend over `message`.
		fn verify_spend(
			message: &[u8],
			ring: &RingIndices,
			pseudo_output: &Commitment,
			key_image: &KeyImage,
			signature: &ClsagSignature,
		) -> Result<(), Error<T>> {
			let members = Self::ring_members(ring)?;
			let verified =
				clsag_verify(message, &members, *pseudo_output, *key_image, signature.clone());
			verified.map_err(|error| match error {
				energy_privacy::Error::SignatureInvalid => Error::<T>::InvalidSignature,
				energy_privacy::Error::IdentityKeyImage => Error::<T>::InvalidKeyImage,
				energy_privacy::Error::EmptyRing => Error::<T>::RingTooSmall,
				energy_privacy::Error::RingTooLarge => Error::<T>::RingTooLarge,
				// Stored notes and the pseudo-output were checked, so a point that does not
				// decode is the signature's `D`.
				_ => Error::<T>::MalformedSignature,
			})
		}

		fn range_proof_error(error: energy_privacy::Error) -> Error<T> {
			match error {
				energy_privacy::Error::RangeProofInvalid => Error::<T>::InvalidRangeProof,
				energy_privacy::Error::NoOutputs => Error::<T>::NoOutputs,
				energy_privacy::Error::TooManyOutputs => Error::<T>::TooManyOutputs,
				energy_privacy::Error::InvalidPoint => Error::<T>::InvalidNote,
				_ => Error::<T>::MalformedRangeProof,
			}
		}

		/// A refusal as a transaction validity error: `Custom` with the error's index.
		fn invalid(error: Error<T>) -> TransactionValidityError {
			InvalidTransaction::Custom(Self::error_code(error)).into()
		}

		/// The index of `error` among this pallet's errors, the code of its invalid transactions.
		pub fn error_code(error: Error<T>) -> u8 {
			error.encode().first().copied().unwrap_or(u8::MAX)
		}

		/// `amount` in the money token's balance type.
		fn balance(amount: Amount) -> Result<BalanceOf<T>, Error<T>> {
			BalanceOf::<T>::try_from(amount).map_err(|_| Error::<T>::AmountOverflow)
		}

		/// Takes `fee` from the pool's account and hands it to the fee handler.
		fn pay_fee(fee: BalanceOf<T>) -> Result<(), Error<T>> {
			if fee.is_zero() {
				return Ok(());
			}
			let credit = T::Currency::withdraw(
				&Self::account_id(),
				fee,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::PoolUnderfunded)?;
			T::OnFee::on_unbalanced(credit);
			Ok(())
		}

		/// The pool's books balance: `NoteCount` counts the notes, every note decodes, no more
		/// notes were spent than exist, and the pool's account holds the notes' money and its
		/// existential deposit (more only if someone sent money to it directly, which nobody can
		/// take out again), or does not exist while the pool holds nothing.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let count = NoteCount::<T>::get();
			ensure!(count <= T::MaxNotes::get(), "more notes than MaxNotes");
			let mut stored: NoteIndex = 0;
			for (index, note) in Notes::<T>::iter() {
				ensure!(index < count, "a note is stored at or beyond NoteCount");
				ensure!(note.check().is_ok(), "a stored note does not decode");
				stored = stored.saturating_add(1);
			}
			ensure!(stored == count, "NoteCount does not count the stored notes");
			ensure!(
				SpentKeyImages::<T>::iter_keys().count() as u64 <= count,
				"more spent key images than notes"
			);
			let total = PoolTotal::<T>::get();
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
