//! Genesis presets build a consistent consortium, and a ballot of its members passes through the
//! real collective, origins and registry.

use super::{ballot, chain, id};
use codec::Encode;
use energy_runtime::{configs::BallotDuration, AccountId, RuntimeCall, RuntimeOrigin, System};
use frame_support::assert_ok;
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};

#[test]
fn every_preset_founds_a_consistent_consortium() {
	// The consortium also knows its RPC node.
	for (preset, validators, members, rpc_nodes) in [
		(sp_genesis_builder::DEV_RUNTIME_PRESET, 1, 1, 0),
		(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, 2, 2, 0),
		("consortium", 4, 6, 1),
	] {
		chain(preset).execute_with(|| {
			pallet_consortium::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
			pallet_validator_set::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
			pallet_money_gateway::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
			assert_eq!(
				pallet_money_gateway::GenesisMoney::<energy_runtime::Runtime>::get(),
				pallet_balances::TotalIssuance::<energy_runtime::Runtime>::get(),
				"{preset}: the endowments are the genesis money"
			);
			assert_eq!(
				pallet_consortium::Members::<energy_runtime::Runtime>::count(),
				members,
				"{preset}"
			);
			let voters = pallet_collective::Members::<
				energy_runtime::Runtime,
				energy_runtime::configs::CouncilInstance,
			>::get();
			assert_eq!(voters.len(), members as usize, "{preset}: every founder votes");
			let nodes = pallet_node_authorization::WellKnownNodes::<energy_runtime::Runtime>::get();
			assert_eq!(
				nodes.len(),
				validators + rpc_nodes,
				"{preset}: every validator's node is known"
			);
			assert_eq!(
				pallet_validator_set::Validators::<energy_runtime::Runtime>::get().len(),
				validators
			);
		});
	}
}

#[test]
fn a_consortium_ballot_authorizes_a_runtime_upgrade() {
	chain("consortium").execute_with(|| {
		let code_hash = H256::repeat_byte(1);
		let call = RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash,
			})),
		});
		ballot(Alice, call, &[Alice, Bob, Charlie, Dave]);
		System::assert_has_event(
			frame_system::Event::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);
	});
}

#[test]
fn a_consortium_ballot_changes_the_voting_period() {
	chain("consortium").execute_with(|| {
		let call = RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::set_storage {
				items: vec![(BallotDuration::key().to_vec(), 600u32.encode())],
			})),
		});
		ballot(Eve, call, &[Bob, Charlie, Dave, Eve]);
		assert_eq!(BallotDuration::get(), 600);
	});
}

#[test]
fn a_consortium_ballot_adds_a_validator_member_and_its_node() {
	chain("consortium").execute_with(|| {
		let candidate = AccountId::from([7u8; 32]);
		let _ = pallet_balances::Pallet::<energy_runtime::Runtime>::force_set_balance(
			RuntimeOrigin::root(),
			candidate.clone().into(),
			1_000 * energy_runtime::UNIT,
		);
		let keys = energy_runtime::SessionKeys {
			aura: sp_keyring::Sr25519Keyring::One.public().into(),
			grandpa: sp_keyring::Ed25519Keyring::One.public().into(),
		};
		pallet_session::NextKeys::<energy_runtime::Runtime>::insert(&candidate, keys);
		assert_ok!(energy_runtime::Consortium::apply(
			RuntimeOrigin::signed(candidate.clone()),
			energy_primitives::Role::Validator
		));
		let node = sp_core::OpaquePeerId(vec![0, 36, 8, 1, 18, 32, 9, 9]);
		let call = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::Consortium(pallet_consortium::Call::admit {
					candidate: candidate.clone(),
				}),
				RuntimeCall::NodeAuthorization(
					pallet_node_authorization::Call::add_well_known_node {
						node: node.clone(),
						owner: candidate.clone().into(),
					},
				),
			],
		});
		ballot(Alice, call, &[Alice, Bob, Charlie, Dave]);
		assert!(
			pallet_validator_set::Validators::<energy_runtime::Runtime>::get().contains(&candidate)
		);
		assert!(pallet_node_authorization::WellKnownNodes::<energy_runtime::Runtime>::get()
			.contains(&node));
		pallet_consortium::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
	});
}

#[test]
fn members_anchor_the_slot_of_the_market_clock_and_outsiders_cannot() {
	chain("consortium").execute_with(|| {
		let now = 1_795_608_000_000u64;
		pallet_timestamp::Now::<energy_runtime::Runtime>::put(now);
		// The presets' market slots last a minute.
		let slot = now / energy_runtime::genesis_config_presets::DEMO_SLOT_MILLIS;
		assert_eq!(energy_runtime::Market::current_slot(), slot);
		let hash = H256::repeat_byte(3);
		assert_ok!(energy_runtime::Anchoring::anchor(
			RuntimeOrigin::signed(id(Eve)),
			slot,
			hash,
			None
		));
		frame_support::assert_noop!(
			energy_runtime::Anchoring::anchor(RuntimeOrigin::signed(id(Eve)), slot + 1, hash, None),
			pallet_anchoring::Error::<energy_runtime::Runtime>::FutureSlot
		);
		frame_support::assert_noop!(
			energy_runtime::Anchoring::anchor(
				RuntimeOrigin::signed(id(Sr25519Keyring::One)),
				slot,
				hash,
				None
			),
			pallet_anchoring::Error::<energy_runtime::Runtime>::NotMember
		);
	});
}

#[test]
fn the_consortium_fiat_gateway_mints_and_pays_out() {
	chain("consortium").execute_with(|| {
		let reference =
			|text: &str| frame_support::BoundedVec::truncate_from(text.as_bytes().to_vec());
		let before = pallet_balances::TotalIssuance::<energy_runtime::Runtime>::get();
		assert_ok!(energy_runtime::MoneyGateway::deposit(
			RuntimeOrigin::signed(id(Ferdie)),
			id(Eve),
			50 * energy_runtime::UNIT,
			reference("sepa-1")
		));
		assert_ok!(energy_runtime::MoneyGateway::request_withdrawal(
			RuntimeOrigin::signed(id(Eve)),
			20 * energy_runtime::UNIT
		));
		assert_ok!(energy_runtime::MoneyGateway::pay_withdrawal(
			RuntimeOrigin::signed(id(Ferdie)),
			0,
			reference("payout-1")
		));
		assert_eq!(
			pallet_balances::TotalIssuance::<energy_runtime::Runtime>::get(),
			before + 30 * energy_runtime::UNIT
		);
		frame_support::assert_noop!(
			energy_runtime::MoneyGateway::deposit(
				RuntimeOrigin::signed(id(Alice)),
				id(Eve),
				energy_runtime::UNIT,
				reference("sepa-2")
			),
			pallet_money_gateway::Error::<energy_runtime::Runtime>::NotFiatGateway
		);
		pallet_money_gateway::Pallet::<energy_runtime::Runtime>::do_try_state().unwrap();
	});
}
