//! Fees and dust never vanish: money is backed by fiat the gateways hold, so what the block's
//! author cannot take goes to the fee collector.

use super::{chain, id};
use codec::Encode;
use energy_runtime::{
	configs::{fee_collector, ToBlockAuthor},
	AccountId, Balance, Balances, Runtime, System, EXISTENTIAL_DEPOSIT, UNIT,
};
use frame_support::traits::{
	fungible::{Balanced, Credit, Inspect},
	tokens::{Fortitude, Precision, Preservation},
	OnUnbalanced,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob};
use sp_runtime::{Digest, DigestItem};

fn total_issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

fn balance(who: &AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::balance(who)
}

/// `amount` taken from `who`, as a transaction's fee is.
fn fee_from(who: Sr25519Keyring, amount: Balance) -> Credit<AccountId, Balances> {
	<Balances as Balanced<AccountId>>::withdraw(
		&id(who),
		amount,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.expect("the preset endows every well-known account")
}

/// Start a block that `author`, a validator, authored: Aura's pre-runtime digest names its slot,
/// and the slot names the author.
fn authored_by(author: Sr25519Keyring) {
	let validators = pallet_session::Validators::<Runtime>::get();
	let index = validators.iter().position(|v| *v == id(author)).expect("a validator") as u64;
	let slot = sp_consensus_aura::Slot::from(index);
	let digest = Digest {
		logs: vec![DigestItem::PreRuntime(sp_consensus_aura::AURA_ENGINE_ID, slot.encode())],
	};
	System::initialize(&2, &System::parent_hash(), &digest);
}

#[test]
fn the_presets_found_the_fee_collector() {
	chain("consortium").execute_with(|| {
		assert_eq!(balance(&fee_collector()), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn the_author_takes_the_fees_of_its_block() {
	chain("consortium").execute_with(|| {
		authored_by(Bob);
		let (issuance, bob) = (total_issuance(), balance(&id(Bob)));
		ToBlockAuthor::on_unbalanced(fee_from(Alice, UNIT));
		assert_eq!(balance(&id(Bob)), bob + UNIT);
		assert_eq!(balance(&fee_collector()), EXISTENTIAL_DEPOSIT);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn fees_of_a_block_that_names_no_author_do_not_vanish() {
	chain("consortium").execute_with(|| {
		let issuance = total_issuance();
		// Even below the existential deposit.
		for amount in [UNIT, EXISTENTIAL_DEPOSIT / 2] {
			ToBlockAuthor::on_unbalanced(fee_from(Alice, amount));
		}
		assert_eq!(balance(&fee_collector()), EXISTENTIAL_DEPOSIT + UNIT + EXISTENTIAL_DEPOSIT / 2);
		assert_eq!(total_issuance(), issuance);
	});
}

#[test]
fn dust_an_author_without_an_account_cannot_take_goes_to_the_fee_collector() {
	chain("consortium").execute_with(|| {
		authored_by(Bob);
		// Bob's account is gone (as if reaped): dust below the existential deposit cannot
		// create it again.
		frame_system::Account::<Runtime>::remove(id(Bob));
		let issuance = total_issuance();
		let dust = EXISTENTIAL_DEPOSIT / 2;
		ToBlockAuthor::on_unbalanced(fee_from(Alice, dust));
		assert_eq!(balance(&id(Bob)), 0);
		assert_eq!(balance(&fee_collector()), EXISTENTIAL_DEPOSIT + dust);
		assert_eq!(total_issuance(), issuance);
	});
}
