//! Deposits mint once per reference, withdrawals hold until a gateway pays them, and the money
//! in circulation is always genesis + deposits - withdrawals.

use crate::{
	mock::*, Deposit, Deposits, Error, Event, HoldReason, OpenWithdrawalsOf, Payouts,
	TotalDeposited, TotalWithdrawn, Withdrawal, Withdrawals,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use sp_runtime::DispatchError;

fn reference(text: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<MAX_REFERENCE>> {
	BoundedVec::truncate_from(text.as_bytes().to_vec())
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::Withdrawal.into(), &who)
}

/// Run `test`, then check that money is conserved.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		MoneyGateway::do_try_state().expect("money is conserved");
	});
}

#[test]
fn a_gateway_mints_a_fiat_deposit() {
	run(|| {
		assert_ok!(MoneyGateway::deposit(
			RuntimeOrigin::signed(GATEWAY),
			2,
			500,
			reference("bank-1")
		));
		assert_eq!(Balances::balance(&2), START + 500);
		assert_eq!(Balances::total_issuance(), 2 * START + 500);
		assert_eq!(TotalDeposited::<Test>::get(), 500);
		assert_eq!(
			Deposits::<Test>::get(reference("bank-1")),
			Some(Deposit { gateway: GATEWAY, beneficiary: 2, amount: 500, at: 1 })
		);
		System::assert_last_event(
			Event::Deposited {
				gateway: GATEWAY,
				beneficiary: 2,
				amount: 500,
				reference: reference("bank-1"),
			}
			.into(),
		);
	});
}

#[test]
fn a_deposit_reference_mints_only_once() {
	run(|| {
		assert_ok!(MoneyGateway::deposit(
			RuntimeOrigin::signed(GATEWAY),
			2,
			500,
			reference("bank-1")
		));
		assert_noop!(
			MoneyGateway::deposit(RuntimeOrigin::signed(GATEWAY), 3, 700, reference("bank-1")),
			Error::<Test>::DuplicateDeposit
		);
	});
}

#[test]
fn only_a_gateway_mints() {
	run(|| {
		assert_noop!(
			MoneyGateway::deposit(RuntimeOrigin::signed(2), 2, 500, reference("bank-1")),
			Error::<Test>::NotFiatGateway
		);
		assert_noop!(
			MoneyGateway::deposit(RuntimeOrigin::root(), 2, 500, reference("bank-1")),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_deposit_needs_an_amount_and_a_reference() {
	run(|| {
		assert_noop!(
			MoneyGateway::deposit(RuntimeOrigin::signed(GATEWAY), 2, 0, reference("bank-1")),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			MoneyGateway::deposit(RuntimeOrigin::signed(GATEWAY), 2, 500, reference("")),
			Error::<Test>::EmptyReference
		);
	});
}

#[test]
fn a_deposit_to_a_new_account_must_reach_the_existential_deposit() {
	run(|| {
		assert_noop!(
			MoneyGateway::deposit(
				RuntimeOrigin::signed(GATEWAY),
				EMPTY,
				EXISTENTIAL_DEPOSIT - 1,
				reference("bank-1")
			),
			Error::<Test>::BelowMinimumBalance
		);
		assert_ok!(MoneyGateway::deposit(
			RuntimeOrigin::signed(GATEWAY),
			EMPTY,
			EXISTENTIAL_DEPOSIT,
			reference("bank-1")
		));
	});
}

#[test]
fn a_withdrawal_is_held_then_paid_and_burned() {
	run(|| {
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), 300));
		assert_eq!((held(2), Balances::balance(&2)), (300, START - 300));
		assert_eq!(
			Withdrawals::<Test>::get(0),
			Some(Withdrawal { who: 2, amount: 300, requested_at: 1 })
		);
		System::assert_last_event(Event::WithdrawalRequested { id: 0, who: 2, amount: 300 }.into());
		assert_ok!(MoneyGateway::pay_withdrawal(
			RuntimeOrigin::signed(GATEWAY),
			0,
			reference("payout-1")
		));
		assert_eq!((held(2), Balances::total_balance(&2)), (0, START - 300));
		assert_eq!(Balances::total_issuance(), 2 * START - 300);
		assert_eq!(TotalWithdrawn::<Test>::get(), 300);
		assert_eq!(Payouts::<Test>::get(reference("payout-1")), Some(0));
		assert!(Withdrawals::<Test>::get(0).is_none());
		System::assert_last_event(
			Event::WithdrawalPaid {
				id: 0,
				who: 2,
				amount: 300,
				gateway: GATEWAY,
				payout_reference: reference("payout-1"),
			}
			.into(),
		);
	});
}

#[test]
fn a_withdrawal_needs_the_money() {
	run(|| {
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), START + 1),
			Error::<Test>::InsufficientFunds
		);
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(EMPTY), MIN_WITHDRAWAL),
			Error::<Test>::InsufficientFunds
		);
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::none(), 5),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_withdrawal_is_at_least_the_minimum() {
	run(|| {
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), MIN_WITHDRAWAL - 1),
			Error::<Test>::BelowMinimumWithdrawal
		);
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), MIN_WITHDRAWAL));
	});
}

#[test]
fn one_holder_cannot_fill_the_open_withdrawals_alone() {
	// The attack: one account asks for the smallest amounts until no one else can withdraw.
	run(|| {
		for _ in 0..MAX_PER_ACCOUNT {
			assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), MIN_WITHDRAWAL));
		}
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), MIN_WITHDRAWAL),
			Error::<Test>::TooManyOpenWithdrawals
		);
		assert_eq!(OpenWithdrawalsOf::<Test>::get(2), MAX_PER_ACCOUNT);
		// Another holder still can.
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(3), MIN_WITHDRAWAL));
		// A closed request frees the holder's place, paid or cancelled.
		assert_ok!(MoneyGateway::cancel_withdrawal(RuntimeOrigin::signed(2), 0));
		assert_ok!(MoneyGateway::pay_withdrawal(
			RuntimeOrigin::signed(GATEWAY),
			1,
			reference("payout-1")
		));
		assert_eq!(OpenWithdrawalsOf::<Test>::get(2), 0);
		assert!(!OpenWithdrawalsOf::<Test>::contains_key(2), "no count is kept for nothing");
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), MIN_WITHDRAWAL));
	});
}

#[test]
fn open_withdrawals_are_bounded() {
	run(|| {
		for who in [2, 2, 3] {
			assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(who), 10));
		}
		assert_eq!(MAX_OPEN, 3);
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(3), 10),
			Error::<Test>::TooManyWithdrawals
		);
	});
}

#[test]
fn the_holder_cancels_a_withdrawal() {
	run(|| {
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), 300));
		assert_noop!(
			MoneyGateway::cancel_withdrawal(RuntimeOrigin::signed(3), 0),
			Error::<Test>::NotYourWithdrawal
		);
		assert_noop!(
			MoneyGateway::cancel_withdrawal(RuntimeOrigin::signed(2), 1),
			Error::<Test>::UnknownWithdrawal
		);
		assert_ok!(MoneyGateway::cancel_withdrawal(RuntimeOrigin::signed(2), 0));
		assert_eq!((held(2), Balances::balance(&2)), (0, START));
		System::assert_last_event(Event::WithdrawalCancelled { id: 0, who: 2, amount: 300 }.into());
		assert_noop!(
			MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(GATEWAY), 0, reference("payout-1")),
			Error::<Test>::UnknownWithdrawal
		);
	});
}

#[test]
fn paying_out_takes_a_gateway_and_a_fresh_reference() {
	run(|| {
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(2), 100));
		assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(3), 100));
		assert_noop!(
			MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(3), 0, reference("payout-1")),
			Error::<Test>::NotFiatGateway
		);
		assert_noop!(
			MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(GATEWAY), 0, reference("")),
			Error::<Test>::EmptyReference
		);
		assert_ok!(MoneyGateway::pay_withdrawal(
			RuntimeOrigin::signed(GATEWAY),
			0,
			reference("payout-1")
		));
		assert_noop!(
			MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(GATEWAY), 1, reference("payout-1")),
			Error::<Test>::DuplicatePayout
		);
		assert_noop!(
			MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(GATEWAY), 0, reference("payout-2")),
			Error::<Test>::UnknownWithdrawal
		);
	});
}

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Deposit { to: u64, amount: u64, reference: u8 },
		Request { who: u64, amount: u64 },
		Cancel { who: u64, id: u64 },
		Pay { id: u64, reference: u8 },
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(2u64..=4, 0u64..600, 0u8..8).prop_map(|(to, amount, reference)| Op::Deposit {
				to,
				amount,
				reference
			}),
			(2u64..=4, 0u64..600).prop_map(|(who, amount)| Op::Request { who, amount }),
			(2u64..=4, 0u64..6).prop_map(|(who, id)| Op::Cancel { who, id }),
			(0u64..6, 0u8..8).prop_map(|(id, reference)| Op::Pay { id, reference }),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(128))]

		#[test]
		fn issuance_is_genesis_plus_deposits_minus_withdrawals(ops in prop::collection::vec(op(), 1..50)) {
			new_test_ext().execute_with(|| {
				let genesis = Balances::total_issuance();
				let (mut deposited, mut withdrawn) = (0u64, 0u64);
				for op in ops {
					match op {
						Op::Deposit { to, amount, reference: r } => {
							let reference = reference(&format!("bank-{r}"));
							if MoneyGateway::deposit(RuntimeOrigin::signed(GATEWAY), to, amount, reference).is_ok() {
								deposited += amount;
							}
						},
						Op::Request { who, amount } => {
							let _ = MoneyGateway::request_withdrawal(RuntimeOrigin::signed(who), amount);
						},
						Op::Cancel { who, id } => {
							let _ = MoneyGateway::cancel_withdrawal(RuntimeOrigin::signed(who), id);
						},
						Op::Pay { id, reference: r } => {
							let amount = Withdrawals::<Test>::get(id).map(|w| w.amount);
							let reference = reference(&format!("payout-{r}"));
							if MoneyGateway::pay_withdrawal(RuntimeOrigin::signed(GATEWAY), id, reference).is_ok() {
								withdrawn += amount.unwrap();
							}
						},
					}
					prop_assert_eq!(Balances::total_issuance(), genesis + deposited - withdrawn);
					prop_assert_eq!(TotalDeposited::<Test>::get(), deposited);
					prop_assert_eq!(TotalWithdrawn::<Test>::get(), withdrawn);
					MoneyGateway::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
				}
				Ok(())
			})?;
		}
	}
}
