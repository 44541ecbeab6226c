//! Voters change only through the registry: a member cannot hand its vote to another account,
//! nor change the voting members any other way, so a ballot can always vote it out.

use super::{ballot, chain, id};
use energy_runtime::{configs::CouncilInstance, Runtime, RuntimeCall, RuntimeOrigin};
use frame_support::dispatch::DispatchErrorWithPostInfo;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, One};
use sp_runtime::{traits::Dispatchable, DispatchError};

fn voters() -> Vec<energy_runtime::AccountId> {
	pallet_collective::Members::<Runtime, CouncilInstance>::get()
}

/// Dispatch `call` as a signed extrinsic of `who` would be: through the runtime's call filter.
fn signed(who: sp_keyring::Sr25519Keyring, call: RuntimeCall) -> Result<(), DispatchError> {
	call.dispatch(RuntimeOrigin::signed(id(who)))
		.map(|_| ())
		.map_err(|DispatchErrorWithPostInfo { error, .. }| error)
}

fn change_key(new: &energy_runtime::AccountId) -> RuntimeCall {
	RuntimeCall::CouncilMembership(pallet_membership::Call::change_key { new: new.clone().into() })
}

#[test]
fn a_member_cannot_hand_its_vote_to_an_outsider_and_stay_out_of_reach_of_ballots() {
	chain("consortium").execute_with(|| {
		let before = voters();
		assert!(before.contains(&id(Bob)));
		let filtered: DispatchError = frame_system::Error::<Runtime>::CallFiltered.into();

		assert_eq!(signed(Bob, change_key(&id(One))), Err(filtered));
		// Nor inside a batch.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![change_key(&id(One))],
		});
		assert_eq!(signed(Bob, batch), Err(filtered));
		assert_eq!(voters(), before);

		// So a ballot can still vote Bob out of the registry, and his vote goes with him.
		ballot(
			Alice,
			RuntimeCall::Consortium(pallet_consortium::Call::remove_member { who: id(Bob) }),
			&[Alice, Charlie, Dave, Eve],
		);
		assert!(!voters().contains(&id(Bob)));
		assert!(!voters().contains(&id(One)));
		pallet_consortium::Pallet::<Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn no_other_membership_call_of_a_member_changes_the_voters() {
	chain("consortium").execute_with(|| {
		let before = voters();
		let membership = |call| RuntimeCall::CouncilMembership(call);
		let calls = [
			membership(pallet_membership::Call::add_member { who: id(One).into() }),
			membership(pallet_membership::Call::remove_member { who: id(Charlie).into() }),
			membership(pallet_membership::Call::swap_member {
				remove: id(Bob).into(),
				add: id(One).into(),
			}),
			membership(pallet_membership::Call::reset_members { members: vec![id(Bob)] }),
			membership(pallet_membership::Call::set_prime { who: id(Bob).into() }),
			membership(pallet_membership::Call::clear_prime {}),
		];
		for call in calls {
			assert_eq!(signed(Bob, call.clone()), Err(DispatchError::BadOrigin), "{call:?}");
		}
		assert_eq!(voters(), before);
		assert_eq!(pallet_membership::Prime::<Runtime, pallet_membership::Instance1>::get(), None);
	});
}
