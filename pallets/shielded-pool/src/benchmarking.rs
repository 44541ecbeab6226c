//! Benchmarks of the pool's calls. Verification dominates: a range proof over the outputs, and
//! one ring signature per input whose cost grows with the ring. The setup proves, signs and
//! finds the proof-of-work stamp (at the runtime's `StampBits`) with a deterministic RNG
//! (`energy_privacy::builder`); only the call is timed. Rings range from `MinRingSize` to
//! `MaxRingSize`, the only sizes the pool accepts.
//!
//! The `verify_*` benchmarks time verification alone inside the runtime, through the node's host
//! functions (as the calls verify) and in WebAssembly (`*_in_wasm`), to compare with native
//! verification (`cargo bench -p energy-privacy`). They are not calls, so the weight file leaves
//! them out: `scripts/benchmark.sh` runs them on their own.

use super::*;
use alloc::vec::Vec;
use codec::Encode;
use energy_privacy::{
	builder::{
		build_shield, build_transfer, build_unshield, deterministic_rng, ChaCha20Rng, Payment,
		Spendable,
	},
	create_note,
	host::privacy_verify,
	prove_range, public_commitment, scan_note, unshield_message, AccountKeys, ClsagSignature,
	Commitment, KeyImage, Note, RangeProofBytes, RingMember, Scalar, TxSecret,
	MAX_AGGREGATED_OUTPUTS, MAX_RING_SIZE,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

/// The existential deposit as a pool amount.
fn existential_deposit<T: Config<I>, I: 'static>() -> Amount {
	T::Currency::minimum_balance().saturated_into()
}

/// The notes of the pool, by index.
type PoolNotes = Vec<(NoteIndex, Note)>;

/// A pool of `decoys` notes to strangers and one note of `amount` to `owner` for each of
/// `owned`, stored directly, with the money on the pool's account; returns the owned notes and
/// every note of the pool.
fn pool<T: Config<I>, I: 'static>(
	owner: &AccountKeys,
	owned: u32,
	amount: Amount,
	decoys: u32,
	rng: &mut ChaCha20Rng,
) -> Result<(Vec<Spendable>, PoolNotes), BenchmarkError> {
	let mut notes = Vec::new();
	let mut spendable = Vec::new();
	let mut total: Amount = 0;
	for _ in 0..decoys {
		let stranger = AccountKeys::random(rng).public_address();
		let (note, _) = create_note(&stranger, &TxSecret::random(rng), 0, amount)
			.map_err(|_| BenchmarkError::Stop("decoy"))?;
		notes.push(note);
		total = total.saturating_add(amount);
	}
	for _ in 0..owned {
		let (note, _) = create_note(&owner.public_address(), &TxSecret::random(rng), 0, amount)
			.map_err(|_| BenchmarkError::Stop("owned note"))?;
		let owned =
			scan_note(owner, &note, 0).ok().flatten().ok_or(BenchmarkError::Stop("scan"))?;
		spendable.push(Spendable { index: notes.len() as NoteIndex, note, owned });
		notes.push(note);
		total = total.saturating_add(amount);
	}
	let indexed: PoolNotes = (0..).zip(notes).collect();
	for (index, note) in &indexed {
		Notes::<T, I>::insert(index, note);
		NoteAddresses::<T, I>::insert(note.address, index);
	}
	NoteCount::<T, I>::put(indexed.len() as NoteIndex);
	let total: BalanceOf<T, I> = total.saturated_into();
	PoolTotal::<T, I>::put(total);
	T::Currency::set_balance(
		&Pallet::<T, I>::account_id(),
		total.saturating_add(T::Currency::minimum_balance()),
	);
	Ok((spendable, indexed))
}

/// What the spends' messages bind: the chain and the pool.
fn genesis<T: Config<I>, I: 'static>() -> Vec<u8> {
	Pallet::<T, I>::spend_domain()
}

/// A ring signature to verify: an unshield's, over a ring of `r` notes of the pool.
struct SignedSpend {
	message: energy_privacy::Message,
	ring: Vec<RingMember>,
	pseudo_output: Commitment,
	key_image: KeyImage,
	signature: ClsagSignature,
}

fn signed_spend<T: Config<I>, I: 'static>(r: u32) -> Result<SignedSpend, BenchmarkError> {
	let mut rng = deterministic_rng(4);
	let owner = AccountKeys::random(&mut rng);
	let fee = Pallet::<T, I>::required_unshield_fee(r);
	let (spends, notes) = pool::<T, I>(&owner, 1, fee.saturating_add(1_000_000), r, &mut rng)?;
	let spend = spends.first().ok_or(BenchmarkError::Stop("no note"))?;
	let payee = [0u8; 32];
	let genesis = genesis::<T, I>();
	// No stamp needed: only the signature is verified.
	let built = build_unshield(&genesis, spend, &notes, r as usize, fee, &payee, 0, &mut rng)
		.map_err(|_| BenchmarkError::Stop("unshield"))?;
	let input = built.input;
	let message =
		unshield_message(&genesis, &input.ring, &input.key_image, built.amount, fee, &payee);
	let ring =
		Pallet::<T, I>::ring_members(&input.ring).map_err(|_| BenchmarkError::Stop("ring"))?;
	Ok(SignedSpend {
		message,
		ring,
		pseudo_output: public_commitment(built.amount.saturating_add(fee)),
		key_image: input.key_image,
		signature: input.signature,
	})
}

/// An aggregated range proof over `n` commitments.
fn range_proof(n: u32) -> Result<(RangeProofBytes, Vec<Commitment>), BenchmarkError> {
	let mut rng = deterministic_rng(5);
	let values: Vec<Amount> = (0..n).map(|value| 1_000 + Amount::from(value)).collect();
	let blindings: Vec<Scalar> = (0..n).map(|_| Scalar::random(&mut rng)).collect();
	prove_range(&values, &blindings, &mut rng).map_err(|_| BenchmarkError::Stop("prove"))
}

#[instance_benchmarks]
mod benchmarks {
	use super::*;

	/// The first shield, which also creates the pool's account.
	#[benchmark]
	fn shield() -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(1);
		let caller: T::AccountId = whitelisted_caller();
		let amount = existential_deposit::<T, I>().saturating_mul(10).max(1_000);
		let fee = Pallet::<T, I>::required_shield_fee();
		T::Currency::set_balance(
			&caller,
			T::Currency::minimum_balance()
				.saturating_mul(3u32.into())
				.saturating_add(amount.saturated_into())
				.saturating_add(fee.saturated_into()),
		);
		let to = AccountKeys::random(&mut rng).public_address();
		let built =
			build_shield(&to, amount, &mut rng).map_err(|_| BenchmarkError::Stop("shield"))?;
		assert!(T::Currency::total_balance(&Pallet::<T, I>::account_id()).is_zero());

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), amount, built.note, built.blinding, built.range_proof);

		assert_eq!(NoteCount::<T, I>::get(), 1);
		Ok(())
	}

	/// `i` inputs with rings of `r` notes, into `o` outputs.
	#[benchmark]
	fn transfer(
		i: Linear<1, { T::MaxInputs::get() }>,
		o: Linear<1, { T::MaxOutputs::get() }>,
		r: Linear<{ T::MinRingSize::get() }, { T::MaxRingSize::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(2);
		let owner = AccountKeys::random(&mut rng);
		let fee = Pallet::<T, I>::required_transfer_fee(i, o, i.saturating_mul(r));
		let amount = fee.saturating_add(1_000_000);
		let (spends, notes) = pool::<T, I>(&owner, i, amount, r, &mut rng)?;
		let recipient = AccountKeys::random(&mut rng).public_address();
		let paid = (amount as u128 * i as u128 - fee as u128) as Amount;
		let share = paid / o as Amount;
		let payments: Vec<Payment> = (0..o)
			.map(|output| Payment {
				to: recipient,
				amount: if output == o - 1 { paid - share * (o as Amount - 1) } else { share },
			})
			.collect();
		let built = build_transfer(
			&genesis::<T, I>(),
			&spends,
			&notes,
			r as usize,
			&payments,
			fee,
			T::StampBits::get(),
			&mut rng,
		)
		.map_err(|_| BenchmarkError::Stop("transfer"))?;
		let inputs = BoundedVec::try_from(built.inputs).map_err(|_| BenchmarkError::Stop("i"))?;
		let outputs = BoundedVec::try_from(built.outputs).map_err(|_| BenchmarkError::Stop("o"))?;
		let before = NoteCount::<T, I>::get();

		#[extrinsic_call]
		_(RawOrigin::None, inputs, outputs, built.range_proof, fee, built.stamp);

		assert_eq!(NoteCount::<T, I>::get(), before + o as NoteIndex);
		Ok(())
	}

	/// A note spent with a ring of `r` notes, paid to a new account.
	#[benchmark]
	fn unshield(
		r: Linear<{ T::MinRingSize::get() }, { T::MaxRingSize::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(3);
		let owner = AccountKeys::random(&mut rng);
		let fee = Pallet::<T, I>::required_unshield_fee(r);
		let amount =
			existential_deposit::<T, I>().saturating_mul(10).max(1_000).saturating_add(fee);
		let (spends, notes) = pool::<T, I>(&owner, 1, amount, r, &mut rng)?;
		let dest: T::AccountId = account("payee", 0, 0);
		let spend = spends.first().ok_or(BenchmarkError::Stop("no note"))?;
		let built = build_unshield(
			&genesis::<T, I>(),
			spend,
			&notes,
			r as usize,
			fee,
			&dest.encode(),
			T::StampBits::get(),
			&mut rng,
		)
		.map_err(|_| BenchmarkError::Stop("unshield"))?;

		#[extrinsic_call]
		_(RawOrigin::None, built.input, built.amount, fee, dest.clone(), built.stamp);

		assert_eq!(T::Currency::balance(&dest), built.amount.saturated_into());
		Ok(())
	}

	/// One ring signature over `r` members, verified through the node's host function.
	#[benchmark]
	fn verify_ring_signature(r: Linear<1, { MAX_RING_SIZE }>) -> Result<(), BenchmarkError> {
		let spend = signed_spend::<T, I>(r)?;
		let verified;
		#[block]
		{
			verified = privacy_verify::clsag_verify(
				&spend.message[..],
				&spend.ring,
				spend.pseudo_output,
				spend.key_image,
				spend.signature,
			);
		}
		assert_eq!(verified, Ok(()));
		Ok(())
	}

	/// One ring signature over `r` members, verified in WebAssembly.
	#[benchmark]
	fn verify_ring_signature_in_wasm(
		r: Linear<1, { MAX_RING_SIZE }>,
	) -> Result<(), BenchmarkError> {
		let spend = signed_spend::<T, I>(r)?;
		let verified;
		#[block]
		{
			verified = energy_privacy::clsag_verify(
				&spend.message,
				&spend.ring,
				&spend.pseudo_output,
				&spend.key_image,
				&spend.signature,
			);
		}
		assert_eq!(verified, Ok(()));
		Ok(())
	}

	/// One range proof over `n` commitments, verified through the node's host function.
	#[benchmark]
	fn verify_range_proof(n: Linear<1, { MAX_AGGREGATED_OUTPUTS }>) -> Result<(), BenchmarkError> {
		let (proof, commitments) = range_proof(n)?;
		let verified;
		#[block]
		{
			verified = privacy_verify::verify_range(proof, &commitments);
		}
		assert_eq!(verified, Ok(()));
		Ok(())
	}

	/// One range proof over `n` commitments, verified in WebAssembly.
	#[benchmark]
	fn verify_range_proof_in_wasm(
		n: Linear<1, { MAX_AGGREGATED_OUTPUTS }>,
	) -> Result<(), BenchmarkError> {
		let (proof, commitments) = range_proof(n)?;
		let verified;
		#[block]
		{
			verified = energy_privacy::verify_range(&proof, &commitments);
		}
		assert_eq!(verified, Ok(()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
