//! Limits every member shares cost more the more one fills them: open ballots ask a deposit
//! that doubles, open withdrawals are few per account and not too small, and an application
//! rejected as spam loses its deposit.

use super::{ballot, chain, id};
use codec::Encode;
use energy_runtime::{
	Balances, Council, MoneyGateway, RuntimeCall, RuntimeHoldReason, RuntimeOrigin, UNIT,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate},
	weights::Weight,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::{BlakeTwo256, Hash};

fn ballot_deposit_of(who: sp_keyring::Sr25519Keyring) -> u128 {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission),
		&id(who),
	)
}

fn remark(n: u32) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: n.encode() })
}

#[test]
fn one_member_cannot_fill_the_open_ballots_cheaply() {
	// The attack: a member opens ballots until no place is left for anyone else's.
	chain("consortium").execute_with(|| {
		let mut expected = 0;
		for n in 0..10u32 {
			let call = remark(n);
			let len = call.encoded_size() as u32;
			assert_ok!(Council::propose(RuntimeOrigin::signed(id(Eve)), 4, Box::new(call), len));
			if n >= 4 {
				expected += (10 * UNIT) << (n - 4);
			}
			assert_eq!(ballot_deposit_of(Eve), expected, "after {} ballots", n + 1);
		}
		assert_eq!(expected, 630 * UNIT, "free, free, free, free, 10, 20, 40, 80, 160, 320");
		// The next place costs 640 EUR: without it, the ballot is refused and nothing changes.
		Balances::set_balance(&id(Eve), 600 * UNIT);
		let call = remark(10);
		let len = call.encoded_size() as u32;
		assert!(Council::propose(RuntimeOrigin::signed(id(Eve)), 4, Box::new(call), len).is_err());
		let open = pallet_collective::Proposals::<
			energy_runtime::Runtime,
			energy_runtime::configs::CouncilInstance,
		>::decode_len();
		assert_eq!(open, Some(10));
	});
}

#[test]
fn a_ballots_deposit_comes_back_when_it_closes() {
	chain("consortium").execute_with(|| {
		for n in 0..4u32 {
			let call = remark(n);
			let len = call.encoded_size() as u32;
			assert_ok!(Council::propose(RuntimeOrigin::signed(id(Alice)), 4, Box::new(call), len));
		}
		let call = remark(99);
		let (hash, len) = (BlakeTwo256::hash_of(&call), call.encoded_size() as u32);
		let index = pallet_collective::ProposalCount::<
			energy_runtime::Runtime,
			energy_runtime::configs::CouncilInstance,
		>::get();
		assert_ok!(Council::propose(RuntimeOrigin::signed(id(Bob)), 4, Box::new(call), len));
		assert_eq!(ballot_deposit_of(Bob), 10 * UNIT);
		// While the ballot is open its deposit stays.
		assert_noop!(
			Council::release_proposal_cost(RuntimeOrigin::signed(id(Ferdie)), hash),
			pallet_collective::Error::<
				energy_runtime::Runtime,
				energy_runtime::configs::CouncilInstance,
			>::ProposalActive
		);
		for voter in [Alice, Charlie, Dave, Eve] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(id(voter)), hash, index, false));
		}
		assert_ok!(Council::close(
			RuntimeOrigin::signed(id(Ferdie)),
			hash,
			index,
			Weight::MAX,
			len
		));
		assert_ok!(Council::release_proposal_cost(RuntimeOrigin::signed(id(Ferdie)), hash));
		assert_eq!(ballot_deposit_of(Bob), 0);
	});
}

#[test]
fn withdrawals_are_few_per_account_and_not_too_small() {
	chain("consortium").execute_with(|| {
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(id(Eve)), 10 * UNIT - 1),
			pallet_money_gateway::Error::<energy_runtime::Runtime>::BelowMinimumWithdrawal
		);
		for _ in 0..4 {
			assert_ok!(MoneyGateway::request_withdrawal(RuntimeOrigin::signed(id(Eve)), 10 * UNIT));
		}
		assert_noop!(
			MoneyGateway::request_withdrawal(RuntimeOrigin::signed(id(Eve)), 10 * UNIT),
			pallet_money_gateway::Error::<energy_runtime::Runtime>::TooManyOpenWithdrawals
		);
		pallet_money_gateway::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn an_application_rejected_as_spam_pays_its_deposit_to_the_fee_collector() {
	chain("consortium").execute_with(|| {
		let spammer = energy_runtime::AccountId::from([9u8; 32]);
		Balances::set_balance(&spammer, 1_000 * UNIT);
		let collector = energy_runtime::configs::fee_collector();
		let (before, issuance) = (Balances::balance(&collector), Balances::total_issuance());
		assert_ok!(energy_runtime::Consortium::apply(
			RuntimeOrigin::signed(spammer.clone()),
			energy_primitives::Role::Household
		));
		assert_noop!(
			energy_runtime::Consortium::withdraw_application(RuntimeOrigin::signed(
				spammer.clone()
			)),
			pallet_consortium::Error::<energy_runtime::Runtime>::TooEarlyToWithdraw
		);
		let call = RuntimeCall::Consortium(pallet_consortium::Call::reject_as_spam {
			candidate: spammer.clone(),
		});
		ballot(Alice, call, &[Alice, Bob, Charlie, Dave]);
		assert_eq!(Balances::balance(&collector), before + 100 * UNIT);
		assert_eq!(Balances::balance(&spammer), 900 * UNIT);
		assert_eq!(Balances::total_issuance(), issuance, "no money is destroyed");
	});
}
