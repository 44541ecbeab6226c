use crate::{
	mock::*, Accounts, Allowances, EnergyAccount, Error, Event, Holds, TotalBurned, TotalMinted,
};
use energy_primitives::Energy;
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{conformance_tests, Balanced, Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
};
use proptest::prelude::*;
use sp_runtime::{DispatchError, TokenError};

/// Mints `amount` as a meter would.
fn mint(who: u64, amount: Energy) {
	assert_ok!(<EnergyToken as Mutate<u64>>::mint_into(&who, amount));
}

fn account(who: u64) -> EnergyAccount {
	EnergyToken::balance_of(&who)
}

/// Runs `test`, then checks the ledger's invariants.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		EnergyToken::do_try_state().unwrap();
	});
}

#[test]
fn minting_creates_energy_and_says_so() {
	run(|| {
		mint(ALICE, 700);
		assert_eq!(account(ALICE), EnergyAccount { free: 700, held: 0 });
		assert_eq!(EnergyToken::total_supply(), 700);
		assert_eq!(TotalMinted::<Test>::get(), 700);
		System::assert_last_event(Event::Minted { who: ALICE, amount: 700 }.into());
	});
}

#[test]
fn burning_destroys_energy_and_forgets_empty_accounts() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(<EnergyToken as Mutate<u64>>::burn_from(
			&ALICE,
			700,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite
		));
		assert!(!Accounts::<Test>::contains_key(ALICE));
		assert_eq!(EnergyToken::total_supply(), 0);
		assert_eq!(TotalBurned::<Test>::get(), 700);
		System::assert_last_event(Event::Burned { who: ALICE, amount: 700 }.into());
	});
}

#[test]
fn transfer_moves_free_energy() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(ALICE), BOB, 250));
		assert_eq!(account(ALICE).free, 450);
		assert_eq!(account(BOB).free, 250);
		assert_eq!(EnergyToken::total_supply(), 700);
		System::assert_last_event(Event::Transfer { from: ALICE, to: BOB, amount: 250 }.into());
	});
}

#[test]
fn transfer_of_everything_forgets_the_sender() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(ALICE), BOB, 700));
		assert!(!Accounts::<Test>::contains_key(ALICE));
		assert_eq!(account(BOB).free, 700);
	});
}

#[test]
fn transfer_to_oneself_changes_nothing_but_is_reported() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(ALICE), ALICE, 300));
		assert_eq!(account(ALICE).free, 700);
		System::assert_last_event(Event::Transfer { from: ALICE, to: ALICE, amount: 300 }.into());
	});
}

#[test]
fn transfer_needs_a_signed_origin() {
	run(|| {
		mint(ALICE, 700);
		assert_noop!(
			EnergyToken::transfer(RuntimeOrigin::root(), BOB, 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			EnergyToken::transfer(RuntimeOrigin::none(), BOB, 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn transfer_beyond_the_free_balance_is_refused() {
	run(|| {
		mint(ALICE, 700);
		assert_noop!(
			EnergyToken::transfer(RuntimeOrigin::signed(ALICE), BOB, 701),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			EnergyToken::transfer(RuntimeOrigin::signed(CHARLIE), BOB, 1),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn held_energy_cannot_be_transferred() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::hold(&TestHold::Offer, &ALICE, 500));
		assert_noop!(
			EnergyToken::transfer(RuntimeOrigin::signed(ALICE), BOB, 201),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(ALICE), BOB, 200));
		assert_eq!(account(ALICE), EnergyAccount { free: 0, held: 500 });
	});
}

#[test]
fn approve_sets_replaces_and_revokes_an_allowance() {
	run(|| {
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 300));
		assert_eq!(EnergyToken::allowance(&ALICE, &BOB), 300);
		System::assert_last_event(
			Event::Approval { owner: ALICE, spender: BOB, amount: 300 }.into(),
		);
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 100));
		assert_eq!(EnergyToken::allowance(&ALICE, &BOB), 100);
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 0));
		assert!(!Allowances::<Test>::contains_key(ALICE, BOB));
		System::assert_last_event(Event::Approval { owner: ALICE, spender: BOB, amount: 0 }.into());
	});
}

#[test]
fn approve_needs_a_signed_origin() {
	run(|| {
		assert_noop!(
			EnergyToken::approve(RuntimeOrigin::root(), BOB, 300),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn transfer_from_spends_the_allowance() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 300));
		assert_ok!(EnergyToken::transfer_from(RuntimeOrigin::signed(BOB), ALICE, CHARLIE, 200));
		assert_eq!(account(ALICE).free, 500);
		assert_eq!(account(CHARLIE).free, 200);
		assert_eq!(EnergyToken::allowance(&ALICE, &BOB), 100);
		System::assert_last_event(Event::Transfer { from: ALICE, to: CHARLIE, amount: 200 }.into());
		assert_ok!(EnergyToken::transfer_from(RuntimeOrigin::signed(BOB), ALICE, BOB, 100));
		assert!(!Allowances::<Test>::contains_key(ALICE, BOB));
	});
}

#[test]
fn transfer_from_beyond_the_allowance_is_refused() {
	run(|| {
		mint(ALICE, 700);
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 300));
		assert_noop!(
			EnergyToken::transfer_from(RuntimeOrigin::signed(BOB), ALICE, CHARLIE, 301),
			Error::<Test>::InsufficientAllowance
		);
		// Nobody else may spend Alice's energy.
		assert_noop!(
			EnergyToken::transfer_from(RuntimeOrigin::signed(CHARLIE), ALICE, CHARLIE, 1),
			Error::<Test>::InsufficientAllowance
		);
	});
}

#[test]
fn transfer_from_beyond_the_owners_balance_is_refused_and_keeps_the_allowance() {
	run(|| {
		mint(ALICE, 100);
		assert_ok!(EnergyToken::approve(RuntimeOrigin::signed(ALICE), BOB, 300));
		assert_noop!(
			EnergyToken::transfer_from(RuntimeOrigin::signed(BOB), ALICE, CHARLIE, 200),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(EnergyToken::allowance(&ALICE, &BOB), 300);
	});
}

#[test]
fn transfer_from_needs_a_signed_origin() {
	run(|| {
		assert_noop!(
			EnergyToken::transfer_from(RuntimeOrigin::root(), ALICE, BOB, 0),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn holds_are_kept_by_reason() {
	run(|| {
		mint(ALICE, 1_000);
		assert_ok!(EnergyToken::hold(&TestHold::Offer, &ALICE, 600));
		System::assert_last_event(
			Event::Held { reason: TestHold::Offer, who: ALICE, amount: 600 }.into(),
		);
		assert_ok!(EnergyToken::hold(&TestHold::Penalty, &ALICE, 100));
		assert_eq!(account(ALICE), EnergyAccount { free: 300, held: 700 });
		assert_eq!(EnergyToken::balance_on_hold(&TestHold::Offer, &ALICE), 600);
		assert_eq!(EnergyToken::total_balance(&ALICE), 1_000);
		assert_noop!(
			EnergyToken::hold(&TestHold::Offer, &ALICE, 301),
			TokenError::FundsUnavailable
		);

		assert_ok!(EnergyToken::release(&TestHold::Offer, &ALICE, 200, Precision::Exact));
		System::assert_last_event(
			Event::Released { reason: TestHold::Offer, who: ALICE, amount: 200 }.into(),
		);
		assert_eq!(Holds::<Test>::get(ALICE, TestHold::Offer), 400);
		assert_eq!(account(ALICE), EnergyAccount { free: 500, held: 500 });
	});
}

#[test]
fn held_energy_is_burned_or_delivered_through_the_hold() {
	run(|| {
		mint(ALICE, 1_000);
		assert_ok!(EnergyToken::hold(&TestHold::Offer, &ALICE, 600));
		assert_ok!(EnergyToken::burn_held(
			&TestHold::Offer,
			&ALICE,
			100,
			Precision::Exact,
			Fortitude::Polite
		));
		System::assert_last_event(Event::Burned { who: ALICE, amount: 100 }.into());
		assert_ok!(EnergyToken::transfer_on_hold(
			&TestHold::Offer,
			&ALICE,
			&BOB,
			500,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite
		));
		System::assert_last_event(
			Event::TransferredOnHold {
				reason: TestHold::Offer,
				source: ALICE,
				dest: BOB,
				amount: 500,
			}
			.into(),
		);
		assert!(!Holds::<Test>::contains_key(ALICE, TestHold::Offer));
		assert_eq!(account(ALICE), EnergyAccount { free: 400, held: 0 });
		assert_eq!(account(BOB), EnergyAccount { free: 500, held: 0 });
		assert_eq!(EnergyToken::total_supply(), 900);
		assert_eq!(TotalBurned::<Test>::get(), 100);
	});
}

#[test]
fn an_account_with_only_held_energy_is_kept() {
	run(|| {
		mint(ALICE, 100);
		assert_ok!(EnergyToken::hold(&TestHold::Offer, &ALICE, 100));
		assert_eq!(account(ALICE), EnergyAccount { free: 0, held: 100 });
		assert_ok!(EnergyToken::release(&TestHold::Offer, &ALICE, 100, Precision::Exact));
		assert_eq!(account(ALICE), EnergyAccount { free: 100, held: 0 });
	});
}

#[test]
fn try_state_catches_a_broken_ledger() {
	new_test_ext().execute_with(|| {
		mint(ALICE, 100);
		Accounts::<Test>::insert(BOB, EnergyAccount { free: 5, held: 0 });
		assert!(EnergyToken::do_try_state().is_err());
	});
}

/// `frame_support`'s own conformance suite for `fungible::Mutate` and `Unbalanced`: the energy
/// token behaves as any fungible the market (or another pallet) may be given.
macro_rules! conformance {
	($scope:ident: $($name:ident),* $(,)?) => {
		mod $scope {
			use super::*;
			$(
				#[test]
				fn $name() {
					new_test_ext().execute_with(|| {
						conformance_tests::inspect_mutate::$name::<EnergyToken, u64>(None);
					});
				}
			)*
		}
	};
	(regular $scope:ident: $($name:ident),* $(,)?) => {
		mod $scope {
			use super::*;
			$(
				#[test]
				fn $name() {
					new_test_ext().execute_with(|| {
						conformance_tests::regular::$scope::$name::<EnergyToken, u64>();
					});
				}
			)*
		}
	};
}

conformance!(conformance_inspect_mutate:
	mint_into_success,
	mint_into_overflow,
	mint_into_below_minimum,
	burn_from_exact_success,
	burn_from_best_effort_success,
	burn_from_exact_insufficient_funds,
	restore_success,
	restore_overflow,
	restore_below_minimum,
	shelve_success,
	shelve_insufficient_funds,
	transfer_success,
	transfer_expendable_all,
	transfer_expendable_dust,
	transfer_protect_preserve,
	set_balance_mint_success,
	set_balance_burn_success,
	can_deposit_success,
	can_deposit_below_minimum,
	can_deposit_overflow,
	can_withdraw_success,
	can_withdraw_reduced_to_zero,
	can_withdraw_balance_low,
	reducible_balance_expendable,
	reducible_balance_protect_preserve,
);

// `deactivate_and_reactivate` is left out: the energy token has no inactive issuance (it keeps
// the trait's do-nothing defaults), which that test assumes.
conformance!(regular unbalanced:
	write_balance,
	decrease_balance_expendable,
	decrease_balance_preserve,
	increase_balance,
	set_total_issuance,
);

// The `balanced` conformance tests assume a minimum balance above zero (an imbalance below it
// cannot be resolved into a new account), which the energy token does not have; the two tests
// below check what the runtime uses `Balanced` for.

/// The energy pool's fees: withdrawn from one account and resolved into another, they move
/// energy and leave the supply and the books as they were.
#[test]
fn a_fee_withdrawn_and_resolved_moves_energy_only() {
	run(|| {
		mint(1, 1_000);
		let credit = <EnergyToken as Balanced<u64>>::withdraw(
			&1,
			300,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.unwrap();
		assert!(<EnergyToken as Balanced<u64>>::resolve(&2, credit).is_ok());
		assert_eq!((account(1).free, account(2).free), (700, 300));
		assert_eq!(EnergyToken::total_issuance(), 1_000);
		assert_eq!((TotalMinted::<Test>::get(), TotalBurned::<Test>::get()), (1_000, 0));
	});
}

/// Energy withdrawn and dropped is burned, and issued energy dropped was never there: the books
/// (minted - burned = supply, which `run` checks) hold either way.
#[test]
fn dropped_imbalances_count_as_burned_or_minted() {
	run(|| {
		mint(1, 1_000);
		drop(
			<EnergyToken as Balanced<u64>>::withdraw(
				&1,
				300,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)
			.unwrap(),
		);
		assert_eq!(EnergyToken::total_issuance(), 700);
		assert_eq!(TotalBurned::<Test>::get(), 300);
		drop(<EnergyToken as Balanced<u64>>::deposit(&2, 50, Precision::Exact).unwrap());
		assert_eq!(EnergyToken::total_issuance(), 750);
		assert_eq!(TotalMinted::<Test>::get(), 1_050);
	});
}

/// One thing that can happen to the ledger.
#[derive(Clone, Debug)]
enum Op {
	Mint(u64, Energy),
	Burn(u64, Energy),
	Transfer(u64, u64, Energy),
	Approve(u64, u64, Energy),
	TransferFrom(u64, u64, u64, Energy),
	Hold(u64, Energy),
	Release(u64, Energy),
	BurnHeld(u64, Energy),
	TransferOnHold(u64, u64, Energy),
}

fn op() -> impl Strategy<Value = Op> {
	let who = 1u64..5;
	let amount = 0u64..2_000;
	prop_oneof![
		(who.clone(), amount.clone()).prop_map(|(w, a)| Op::Mint(w, a)),
		(who.clone(), amount.clone()).prop_map(|(w, a)| Op::Burn(w, a)),
		(who.clone(), who.clone(), amount.clone()).prop_map(|(f, t, a)| Op::Transfer(f, t, a)),
		(who.clone(), who.clone(), amount.clone()).prop_map(|(o, s, a)| Op::Approve(o, s, a)),
		(who.clone(), who.clone(), who.clone(), amount.clone())
			.prop_map(|(s, f, t, a)| Op::TransferFrom(s, f, t, a)),
		(who.clone(), amount.clone()).prop_map(|(w, a)| Op::Hold(w, a)),
		(who.clone(), amount.clone()).prop_map(|(w, a)| Op::Release(w, a)),
		(who.clone(), amount.clone()).prop_map(|(w, a)| Op::BurnHeld(w, a)),
		(who.clone(), who, amount).prop_map(|(f, t, a)| Op::TransferOnHold(f, t, a)),
	]
}

/// Applies `op`; refusals are part of the game, so the results are ignored.
fn apply(op: &Op) {
	let (offer, exact, polite) = (&TestHold::Offer, Precision::Exact, Fortitude::Polite);
	let _ = match *op {
		Op::Mint(w, a) => EnergyToken::mint_into(&w, a).map(|_| ()),
		Op::Burn(w, a) => {
			EnergyToken::burn_from(&w, a, Preservation::Expendable, exact, polite).map(|_| ())
		}
		Op::Transfer(f, t, a) => EnergyToken::transfer(RuntimeOrigin::signed(f), t, a),
		Op::Approve(o, s, a) => EnergyToken::approve(RuntimeOrigin::signed(o), s, a),
		Op::TransferFrom(s, f, t, a) => {
			EnergyToken::transfer_from(RuntimeOrigin::signed(s), f, t, a)
		}
		Op::Hold(w, a) => EnergyToken::hold(offer, &w, a),
		Op::Release(w, a) => EnergyToken::release(offer, &w, a, exact).map(|_| ()),
		Op::BurnHeld(w, a) => EnergyToken::burn_held(offer, &w, a, exact, polite).map(|_| ()),
		Op::TransferOnHold(f, t, a) => {
			EnergyToken::transfer_on_hold(offer, &f, &t, a, exact, Restriction::OnHold, polite)
				.map(|_| ())
		}
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	/// Energy is conserved: after any sequence of mints, burns, transfers, approvals and holds,
	/// energy minted = energy held by accounts + energy burned, every account's holds add up,
	/// and only mints and burns change the supply.
	#[test]
	fn energy_minted_is_energy_held_plus_energy_burned(ops in prop::collection::vec(op(), 1..60)) {
		new_test_ext().execute_with(|| {
			for op in &ops {
				let supply = EnergyToken::total_supply();
				apply(op);
				let held: Energy = (1..5).map(|w| EnergyToken::total_balance(&w)).sum();
				prop_assert_eq!(TotalMinted::<Test>::get(), held + TotalBurned::<Test>::get());
				if !matches!(op, Op::Mint(..) | Op::Burn(..) | Op::BurnHeld(..)) {
					prop_assert_eq!(EnergyToken::total_supply(), supply);
				}
				prop_assert!(EnergyToken::do_try_state().is_ok());
			}
			Ok(())
		})?;
	}
}
