//! The `anchor` call: one immutable anchor per member and slot, never for the future.

use crate::{mock::*, Anchor, Anchors, Error, Event};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;
use sp_runtime::DispatchError;

fn uri(text: &str) -> Option<BoundedVec<u8, frame_support::traits::ConstU32<MAX_URI>>> {
	Some(BoundedVec::truncate_from(text.as_bytes().to_vec()))
}

#[test]
fn a_member_anchors_its_batch_for_the_current_slot() {
	new_test_ext().execute_with(|| {
		let hash = H256::repeat_byte(7);
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(1), 100, hash, uri("ipfs://batch")));
		assert_eq!(
			Anchors::<Test>::get(1, 100),
			Some(Anchor { hash, uri: uri("ipfs://batch"), anchored_at: 1 })
		);
		System::assert_last_event(
			Event::Anchored { who: 1, slot: 100, hash, uri: uri("ipfs://batch") }.into(),
		);
	});
}

#[test]
fn a_member_anchors_the_slot_that_just_ended_without_a_uri() {
	new_test_ext().execute_with(|| {
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(2), 99, H256::repeat_byte(1), None));
		assert_eq!(Anchors::<Test>::get(2, 99).map(|a| a.uri), Some(None));
	});
}

#[test]
fn an_anchor_cannot_be_back_dated() {
	new_test_ext().execute_with(|| {
		// A member that let slot 42 pass cannot claim later it anchored it then.
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(2), 42, H256::repeat_byte(1), None),
			Error::<Test>::SlotTooOld
		);
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(2), 98, H256::repeat_byte(1), None),
			Error::<Test>::SlotTooOld
		);
	});
}

#[test]
fn members_anchor_the_same_slot_independently() {
	new_test_ext().execute_with(|| {
		for who in MEMBERS {
			assert_ok!(Anchoring::anchor(
				RuntimeOrigin::signed(who),
				100,
				H256::repeat_byte(who as u8),
				None
			));
		}
		assert_eq!(Anchors::<Test>::iter_prefix_values(1).count(), 1);
		assert_eq!(Anchors::<Test>::get(3, 100).map(|a| a.hash), Some(H256::repeat_byte(3)));
	});
}

#[test]
fn an_anchor_never_changes() {
	new_test_ext().execute_with(|| {
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(1), 100, H256::repeat_byte(1), None));
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(1), 100, H256::repeat_byte(2), uri("other")),
			Error::<Test>::AlreadyAnchored
		);
		assert_eq!(Anchors::<Test>::get(1, 100).map(|a| a.hash), Some(H256::repeat_byte(1)));
	});
}

#[test]
fn only_members_anchor() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(9), 100, H256::zero(), None),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::none(), 100, H256::zero(), None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::root(), 100, H256::zero(), None),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn no_anchor_for_a_slot_that_has_not_begun() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Anchoring::anchor(RuntimeOrigin::signed(1), 101, H256::zero(), None),
			Error::<Test>::FutureSlot
		);
		// Once the clock reaches the slot, the member anchors it.
		Now::set(101);
		assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(1), 101, H256::zero(), None));
	});
}

#[test]
fn a_uri_longer_than_the_bound_is_refused_when_the_call_decodes() {
	use codec::{Decode, Encode};
	let call = |length: usize| {
		// Pallet index 1, call index 0, then the arguments.
		(1u8, 0u8, 100u64, H256::zero(), Some(vec![b'x'; length])).encode()
	};
	assert!(RuntimeCall::decode(&mut &call(MAX_URI as usize)[..]).is_ok());
	assert!(RuntimeCall::decode(&mut &call(MAX_URI as usize + 1)[..]).is_err());
}

#[test]
fn try_state_holds_for_anchors_the_call_made_and_catches_a_forged_one() {
	new_test_ext().execute_with(|| {
		for who in MEMBERS {
			assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(who), 99, H256::zero(), None));
			assert_ok!(Anchoring::anchor(RuntimeOrigin::signed(who), 100, H256::zero(), None));
		}
		assert_eq!(Anchoring::do_try_state(), Ok(()));
		// Written past the call: an anchor for slot 101, which has not begun.
		Anchors::<Test>::insert(1, 101, Anchor { hash: H256::zero(), uri: None, anchored_at: 1 });
		assert!(Anchoring::do_try_state().is_err());
		Anchors::<Test>::remove(1, 101);
		// And one dated in a block not yet built.
		Anchors::<Test>::insert(1, 98, Anchor { hash: H256::zero(), uri: None, anchored_at: 2 });
		assert!(Anchoring::do_try_state().is_err());
	});
}
