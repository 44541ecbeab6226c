//! The shielded energy pool as the runtime wires it: households shield energy from their
//! meters' tokens, give it privately and unshield it, paying the pool's fees in Wh to the fee
//! collector; energy is conserved in the ledger's books and in the pool's.

use crate::{chain, id};
use codec::Encode;
use energy_privacy::builder::{
	build_transfer, build_unshield, deterministic_rng, scan_notes, Payment,
};
use energy_privacy::{AccountKeys, Note};
use energy_runtime::{
	configs::fee_collector, AccountId, EnergyPool, EnergyToken, RuntimeOrigin, ShieldedPool,
};
use frame_support::{
	assert_noop, assert_ok,
	instances::Instance1,
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave};

type Pool = pallet_shielded_pool::Pallet<energy_runtime::Runtime, Instance1>;
type StampBits = <energy_runtime::Runtime as pallet_shielded_pool::Config<Instance1>>::StampBits;

fn energy(who: &AccountId) -> u64 {
	EnergyToken::balance(who)
}

/// Every note of the energy pool, by index.
fn notes() -> Vec<(u64, Note)> {
	(0..pallet_shielded_pool::NoteCount::<energy_runtime::Runtime, Instance1>::get())
		.map(|index| {
			(
				index,
				pallet_shielded_pool::Notes::<energy_runtime::Runtime, Instance1>::get(index)
					.unwrap(),
			)
		})
		.collect()
}

fn shield(who: &AccountId, to: &AccountKeys, amount: u64, seed: u64) {
	crate::shield::<Instance1>(who, to, amount, &mut deterministic_rng(seed));
}

#[test]
fn households_give_energy_privately_through_the_energy_pool() {
	chain(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let mut rng = deterministic_rng(1);
		let (bob, charlie, dave) = (id(Bob), id(Charlie), id(Dave));
		// Meters mint the energy households produce.
		for who in [&bob, &dave] {
			assert_ok!(<EnergyToken as Mutate<AccountId>>::mint_into(who, 100_000));
		}
		let supply = EnergyToken::total_issuance();
		let collected = energy(&fee_collector());
		let shield_fee = Pool::required_shield_fee();
		let money_notes = pallet_shielded_pool::NoteCount::<energy_runtime::Runtime>::get();

		// A crowd of notes to hide in, then Bob's own.
		for seed in 0..11 {
			shield(&dave, &AccountKeys::random(&mut rng), 1_000, 100 + seed);
		}
		let bob_keys = AccountKeys::random(&mut rng);
		let charlie_keys = AccountKeys::random(&mut rng);
		shield(&bob, &bob_keys, 20_000, 2);
		assert_eq!(energy(&bob), 100_000 - 20_000 - shield_fee);
		assert_eq!(energy(&dave), 100_000 - 11 * (1_000 + shield_fee));

		// Bob gives Charlie twelve notes of 1,059 Wh privately: what one unshield of 1,000 Wh
		// spends with its fee, and hidden notes enough for an unshield's ring.
		let unshield_fee = Pool::required_unshield_fee(11);
		let note = 1_000 + unshield_fee;
		let mut payments: Vec<Payment> =
			(0..12).map(|_| Payment { to: charlie_keys.public_address(), amount: note }).collect();
		let transfer_fee = Pool::required_transfer_fee(1, 13, 11);
		let change = 20_000 - 12 * note - transfer_fee;
		payments.push(Payment { to: bob_keys.public_address(), amount: change });
		let domain = Pool::spend_domain();
		let pool_notes = notes();
		let transfer = build_transfer(
			&domain,
			&scan_notes(&bob_keys, &pool_notes),
			&pool_notes,
			11,
			&payments,
			transfer_fee,
			StampBits::get(),
			&mut rng,
		)
		.unwrap();
		assert_ok!(EnergyPool::transfer(
			RuntimeOrigin::none(),
			BoundedVec::truncate_from(transfer.inputs.clone()),
			BoundedVec::truncate_from(transfer.outputs.clone()),
			transfer.range_proof.clone(),
			transfer.fee,
			transfer.stamp,
		));
		let charlies = scan_notes(&charlie_keys, &notes());
		assert_eq!(charlies.len(), 12);
		assert!(charlies.iter().all(|spend| spend.owned.amount == note));

		// Charlie unshields one note to his account; the same spend again is refused.
		let hidden: Vec<(u64, Note)> = notes()
			.into_iter()
			.filter(|(index, _)| {
				!pallet_shielded_pool::PublicNotes::<energy_runtime::Runtime, Instance1>::contains_key(index)
			})
			.collect();
		let unshield = build_unshield(
			&domain,
			&charlies[0],
			&hidden,
			11,
			unshield_fee,
			&charlie.encode(),
			StampBits::get(),
			&mut rng,
		)
		.unwrap();
		let before = energy(&charlie);
		let call = || {
			EnergyPool::unshield(
				RuntimeOrigin::none(),
				unshield.input.clone(),
				unshield.amount,
				unshield.fee,
				charlie.clone(),
				unshield.stamp,
			)
		};
		assert_ok!(call());
		assert_eq!(energy(&charlie), before + 1_000);
		assert_noop!(
			call(),
			pallet_shielded_pool::Error::<energy_runtime::Runtime, Instance1>::KeyImageSpent
		);

		// The fees went to the fee collector, in Wh; no energy was made or lost; the money
		// pool saw none of it.
		let fees = 12 * shield_fee + transfer_fee + unshield_fee;
		assert_eq!(energy(&fee_collector()), collected + fees);
		assert_eq!(EnergyToken::total_issuance(), supply);
		let pool_total =
			pallet_shielded_pool::PoolTotal::<energy_runtime::Runtime, Instance1>::get();
		assert_eq!(pool_total, 11 * 1_000 + 20_000 - transfer_fee - note);
		assert_eq!(energy(&Pool::account_id()), pool_total);
		assert_eq!(pallet_shielded_pool::NoteCount::<energy_runtime::Runtime>::get(), money_notes);
		assert_ne!(Pool::account_id(), ShieldedPool::account_id());
		EnergyToken::do_try_state().unwrap();
		Pool::do_try_state().unwrap();
	});
}
