use crate::{mock::*, Error, Event, MinValidators, SetChanged, Validators};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn finish() {
	ValidatorSet::do_try_state().expect("invariants hold");
}

#[test]
fn genesis_sets_validators_minimum_and_session_authorities() {
	new_test_ext().execute_with(|| {
		assert_eq!(ValidatorSet::validators(), GENESIS_VALIDATORS.to_vec());
		assert_eq!(MinValidators::<Test>::get(), 2);
		assert_eq!(Session::validators(), GENESIS_VALIDATORS.to_vec());
		assert!(!SetChanged::<Test>::get());
		finish();
	});
}

#[test]
fn a_privileged_origin_adds_a_validator_that_has_session_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4]);
		assert!(SetChanged::<Test>::get());
		System::assert_last_event(Event::ValidatorAdded { who: 4 }.into());
		finish();
	});
}

#[test]
fn the_set_stays_sorted_whatever_the_order_of_additions() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 2));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4, 5]);
		finish();
	});
}

#[test]
fn an_added_validator_authors_from_the_session_after_next() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		// Session 1 was planned at genesis; the change is planned for session 2.
		rotate_sessions(1);
		assert_eq!(Session::validators(), vec![1, 2, 3]);
		System::assert_has_event(
			Event::NewSetPlanned { session: 2, validators: vec![1, 2, 3, 4] }.into(),
		);
		assert!(!SetChanged::<Test>::get());
		rotate_sessions(1);
		assert_eq!(Session::validators(), vec![1, 2, 3, 4]);
		finish();
	});
}

#[test]
fn a_removed_validator_stops_authoring_from_the_session_after_next() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		System::assert_last_event(Event::ValidatorRemoved { who: 3 }.into());
		rotate_sessions(1);
		assert_eq!(Session::validators(), vec![1, 2, 3]);
		rotate_sessions(1);
		assert_eq!(Session::validators(), vec![1, 2]);
		finish();
	});
}

#[test]
fn an_unchanged_set_plans_no_new_session_set() {
	new_test_ext().execute_with(|| {
		rotate_sessions(3);
		assert_eq!(Session::validators(), GENESIS_VALIDATORS.to_vec());
		assert!(System::events().iter().all(|record| !matches!(
			record.event,
			RuntimeEvent::ValidatorSet(Event::NewSetPlanned { .. })
		)));
	});
}

#[test]
fn add_validator_refuses_a_signed_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn add_validator_refuses_an_account_without_session_keys() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), KEYLESS),
			Error::<Test>::NoSessionKeys
		);
	});
}

#[test]
fn add_validator_refuses_an_existing_validator() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
	});
}

#[test]
fn add_validator_refuses_beyond_the_maximum() {
	new_test_ext().execute_with(|| {
		let extra: Vec<u64> = (100..100 + (MAX_VALIDATORS as u64 - 3) + 1).collect();
		for who in &extra {
			pallet_session::NextKeys::<Test>::insert(
				who,
				sp_runtime::testing::UintAuthorityId(*who),
			);
		}
		let (last, fill) = extra.split_last().unwrap();
		for who in fill {
			assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), *who));
		}
		assert_eq!(Validators::<Test>::get().len(), MAX_VALIDATORS as usize);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), *last),
			Error::<Test>::TooManyValidators
		);
		finish();
	});
}

#[test]
fn remove_validator_refuses_a_signed_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn remove_validator_refuses_an_account_outside_the_set() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::NotValidator
		);
	});
}

#[test]
fn remove_validator_never_goes_below_the_minimum() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(ValidatorSet::validators(), vec![1, 2]);
		finish();
	});
}

#[test]
fn set_min_validators_changes_the_floor() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::set_min_validators(RuntimeOrigin::root(), 3));
		System::assert_last_event(Event::MinValidatorsChanged { min: 3 }.into());
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
		assert_ok!(ValidatorSet::set_min_validators(RuntimeOrigin::root(), 1));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(ValidatorSet::validators(), vec![3]);
		finish();
	});
}

#[test]
fn set_min_validators_refuses_a_signed_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::signed(1), 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_min_validators_refuses_zero_and_more_than_the_set() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidMinimum
		);
		assert_noop!(
			ValidatorSet::set_min_validators(RuntimeOrigin::root(), 4),
			Error::<Test>::InvalidMinimum
		);
	});
}

#[test]
fn a_genesis_minimum_of_zero_means_one() {
	let storage = sp_runtime::BuildStorage::build_storage(&crate::GenesisConfig::<Test> {
		initial_validators: vec![1],
		min_validators: 0,
	})
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(MinValidators::<Test>::get(), 1);
		assert_eq!(ValidatorSet::validators(), vec![1]);
	});
}

#[test]
#[should_panic(expected = "genesis validators must be distinct")]
fn genesis_refuses_duplicate_validators() {
	let _ = sp_runtime::BuildStorage::build_storage(&crate::GenesisConfig::<Test> {
		initial_validators: vec![1, 1, 2],
		min_validators: 1,
	});
}

#[test]
#[should_panic(expected = "fewer validators than the configured minimum")]
fn genesis_refuses_a_set_below_the_minimum() {
	let _ = sp_runtime::BuildStorage::build_storage(&crate::GenesisConfig::<Test> {
		initial_validators: vec![1],
		min_validators: 2,
	});
}

#[test]
fn the_consortium_registry_changes_the_set_under_the_same_rules() {
	use energy_primitives::ValidatorSetManager;
	type Registry = ValidatorSet;
	new_test_ext().execute_with(|| {
		assert!(<Registry as ValidatorSetManager<u64>>::has_session_keys(&4));
		assert!(!<Registry as ValidatorSetManager<u64>>::has_session_keys(&KEYLESS));
		assert_ok!(<Registry as ValidatorSetManager<u64>>::add_validator(&4));
		assert!(<Registry as ValidatorSetManager<u64>>::is_validator(&4));
		System::assert_last_event(Event::ValidatorAdded { who: 4 }.into());
		assert_noop!(
			<Registry as ValidatorSetManager<u64>>::add_validator(&KEYLESS),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			<Registry as ValidatorSetManager<u64>>::add_validator(&4),
			Error::<Test>::AlreadyValidator
		);
		for who in [4, 3] {
			assert_ok!(<Registry as ValidatorSetManager<u64>>::remove_validator(&who));
		}
		assert_noop!(
			<Registry as ValidatorSetManager<u64>>::remove_validator(&2),
			Error::<Test>::TooFewValidators
		);
		assert!(!<Registry as ValidatorSetManager<u64>>::is_validator(&4));
		finish();
	});
}
