use crate::{
	mock::*,
	offchain::{
		fetch_reading, parse_reading, reading_url, ReportError, HTTP_TIMEOUT_MS,
		MAX_BACKFILL_SLOTS, MAX_BODY_BYTES, RUN_BUDGET_MS,
	},
	Batteries, Battery, Error, Event, Installations, ReadingSlots, Readings, Unbacked,
};
use codec::Decode;
use energy_primitives::{
	Energy, Installation, MeterData, MeterReading, Role, SlotIndex, METER_KEY_TYPE,
	METER_URL_STORAGE_KEY,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{Pays, PostDispatchInfo},
	traits::{fungible::Inspect, Hooks},
};
use pallet_energy_token::{TotalBurned, TotalMinted};
use sp_core::offchain::{
	testing, OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{generic::Preamble, traits::Dispatchable, DispatchError};
use std::sync::Arc;

fn reading(imported_wh: Energy, exported_wh: Energy, state_of_charge_wh: Energy) -> MeterReading {
	MeterReading { imported_wh, exported_wh, state_of_charge_wh }
}

fn submit(
	meter: &AccountId,
	slot: SlotIndex,
	soc: Energy,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	MeterReadings::submit_reading(RuntimeOrigin::signed(meter.clone()), slot, reading(0, 0, soc))
}

fn energy(who: &AccountId) -> Energy {
	EnergyToken::balance(who)
}

/// Runs `test`, then checks both pallets' invariants.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		MeterReadings::do_try_state().unwrap();
		EnergyToken::do_try_state().unwrap();
	});
}

#[test]
fn the_installation_origin_registers_an_installation() {
	run(|| {
		let installation = Installation { battery_capacity_wh: 13_500, connection_limit_wh: 9_000 };
		assert_ok!(MeterReadings::set_installation(RuntimeOrigin::root(), house_a(), installation));
		assert_eq!(Installations::<Test>::get(house_a()), Some(installation));
		System::assert_last_event(
			Event::InstallationSet { household: house_a(), installation }.into(),
		);
	});
}

#[test]
fn only_the_installation_origin_registers_installations() {
	run(|| {
		assert_noop!(
			MeterReadings::set_installation(
				RuntimeOrigin::signed(house_a()),
				house_a(),
				INSTALLATION
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn installations_belong_to_households() {
	run(|| {
		for who in [meter_a(), validator(), account(99)] {
			assert_noop!(
				MeterReadings::set_installation(RuntimeOrigin::root(), who, INSTALLATION),
				Error::<Test>::NotAHousehold
			);
		}
	});
}

#[test]
fn an_installation_needs_a_grid_connection() {
	run(|| {
		let installation = Installation { battery_capacity_wh: 5_000, connection_limit_wh: 0 };
		assert_noop!(
			MeterReadings::set_installation(RuntimeOrigin::root(), house_a(), installation),
			Error::<Test>::ZeroConnectionLimit
		);
	});
}

#[test]
fn a_first_reading_mints_the_stored_energy_for_free() {
	run(|| {
		let report = reading(1_200, 300, 4_000);
		let info = MeterReadings::submit_reading(RuntimeOrigin::signed(meter_a()), NOW - 1, report)
			.unwrap();
		assert_eq!(info, PostDispatchInfo { actual_weight: None, pays_fee: Pays::No });
		assert_eq!(Readings::<Test>::get(house_a(), NOW - 1), Some(report));
		assert_eq!(
			Batteries::<Test>::get(house_a()),
			Some(Battery { last_slot: NOW - 1, stored_wh: 4_000 })
		);
		assert_eq!(energy(&house_a()), 4_000);
		assert_eq!(energy(&meter_a()), 0);
		System::assert_has_event(
			Event::EnergyStored { household: house_a(), slot: NOW - 1, minted: 4_000, backed: 0 }
				.into(),
		);
		System::assert_last_event(
			Event::ReadingSubmitted {
				household: house_a(),
				meter: meter_a(),
				slot: NOW - 1,
				reading: report,
			}
			.into(),
		);
	});
}

#[test]
fn a_meter_cannot_fill_the_chain_for_free_with_readings_of_long_past_slots() {
	run(|| {
		// A new meter could report every slot since the chain began, one free reading each.
		let info = submit(&meter_a(), NOW - 1 - MAX_BACKFILL_SLOTS, 1_000).unwrap();
		assert_eq!(info.pays_fee, Pays::Yes);
		// The oldest slot the meter worker back-fills is still free, and so is the last.
		let info = submit(&meter_a(), NOW - MAX_BACKFILL_SLOTS, 1_000).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
		let info = submit(&meter_a(), NOW - 1, 1_000).unwrap();
		assert_eq!(info.pays_fee, Pays::No);
	});
}

#[test]
fn a_household_keeps_only_its_latest_readings() {
	run(|| {
		let kept = SlotIndex::from(MAX_READINGS_KEPT);
		let first = NOW - 2 - kept;
		for slot in first..NOW {
			assert_ok!(submit(&meter_a(), slot, 1_000));
		}
		// The two oldest were removed as the household's readings went past the bound.
		let latest: Vec<SlotIndex> = (NOW - kept..NOW).collect();
		assert_eq!(ReadingSlots::<Test>::get(house_a()).to_vec(), latest);
		assert!((first..NOW - kept).all(|slot| Readings::<Test>::get(house_a(), slot).is_none()));
		assert!(latest.iter().all(|slot| Readings::<Test>::get(house_a(), slot).is_some()));
		assert_eq!(
			Readings::<Test>::iter_key_prefix(house_a()).count(),
			MAX_READINGS_KEPT as usize
		);
		// The battery stays what the latest reading says, and the other household keeps its own.
		assert_eq!(Batteries::<Test>::get(house_a()).unwrap().last_slot, NOW - 1);
		assert_ok!(submit(&meter_b(), NOW - 1, 500));
		assert_eq!(ReadingSlots::<Test>::get(house_b()).to_vec(), vec![NOW - 1]);
	});
}

#[test]
fn the_ledger_of_used_exports_keeps_what_settlements_took_while_the_reading_is_kept() {
	run(|| {
		// No reading, no exports to use.
		MeterReadings::use_exports(&house_a(), NOW - 1, 500);
		assert_eq!(MeterReadings::used_exports(&house_a(), NOW - 1), 0);
		let first = NOW - 1 - SlotIndex::from(MAX_READINGS_KEPT);
		assert_ok!(MeterReadings::submit_reading(
			RuntimeOrigin::signed(meter_a()),
			first,
			reading(0, 2_000, 1_000)
		));
		MeterReadings::use_exports(&house_a(), first, 500);
		MeterReadings::use_exports(&house_a(), first, 700);
		assert_eq!(MeterReadings::used_exports(&house_a(), first), 1_200);
		// The entry goes with its reading.
		for slot in first + 1..NOW {
			assert_ok!(submit(&meter_a(), slot, 1_000));
		}
		assert!(Readings::<Test>::get(house_a(), first).is_none());
		assert_eq!(MeterReadings::used_exports(&house_a(), first), 0);
	});
}

#[test]
fn a_charging_battery_mints_what_it_gained() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 4_000));
		assert_ok!(submit(&meter_a(), 91, 6_500));
		assert_eq!(energy(&house_a()), 6_500);
		System::assert_has_event(
			Event::EnergyStored { household: house_a(), slot: 91, minted: 2_500, backed: 0 }.into(),
		);
	});
}

#[test]
fn a_discharging_battery_burns_what_it_lost() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert_ok!(submit(&meter_a(), 91, 1_000));
		assert_eq!(energy(&house_a()), 1_000);
		assert_eq!(TotalBurned::<Test>::get(), 5_000);
		System::assert_has_event(
			Event::EnergyReleased { household: house_a(), slot: 91, burned: 5_000, unbacked: 0 }
				.into(),
		);
	});
}

#[test]
fn a_steady_battery_mints_and_burns_nothing() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert_ok!(submit(&meter_a(), 91, 6_000));
		assert_eq!(TotalMinted::<Test>::get(), 6_000);
		assert_eq!(TotalBurned::<Test>::get(), 0);
	});
}

#[test]
fn energy_the_household_gave_away_is_reported_unbacked() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(house_a()), house_b(), 4_000));
		assert_ok!(submit(&meter_a(), 91, 500));
		// The battery lost 5_500 Wh; the household only had 2_000 Wh of tokens left to burn.
		assert_eq!(energy(&house_a()), 0);
		assert_eq!(energy(&house_b()), 4_000);
		System::assert_has_event(
			Event::EnergyReleased {
				household: house_a(),
				slot: 91,
				burned: 2_000,
				unbacked: 3_500,
			}
			.into(),
		);
		assert_eq!(Unbacked::<Test>::get(house_a()), 3_500);
	});
}

#[test]
fn a_later_charge_backs_unbacked_tokens_before_minting() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(house_a()), house_b(), 6_000));
		assert_ok!(submit(&meter_a(), 91, 2_000));
		assert_eq!(Unbacked::<Test>::get(house_a()), 4_000);
		assert_ok!(submit(&meter_a(), 92, 7_000));
		System::assert_has_event(
			Event::EnergyStored { household: house_a(), slot: 92, minted: 1_000, backed: 4_000 }
				.into(),
		);
		assert!(!Unbacked::<Test>::contains_key(house_a()));
		assert_eq!(energy(&house_a()), 1_000);
		assert_eq!(EnergyToken::total_issuance(), 7_000);
	});
}

#[test]
fn unbacked_tokens_are_burned_once_free_again() {
	run(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(house_a()), house_b(), 5_000));
		assert_ok!(submit(&meter_a(), 91, 0));
		assert_eq!(Unbacked::<Test>::get(house_a()), 5_000);
		// Nothing free to burn yet.
		assert_eq!(<MeterReadings as MeterData<AccountId>>::burn_unbacked(&house_a()), 0);
		assert_ok!(EnergyToken::transfer(RuntimeOrigin::signed(house_b()), house_a(), 3_000));
		assert_eq!(<MeterReadings as MeterData<AccountId>>::burn_unbacked(&house_a()), 3_000);
		System::assert_last_event(
			Event::UnbackedBurned { household: house_a(), burned: 3_000 }.into(),
		);
		assert_eq!(Unbacked::<Test>::get(house_a()), 2_000);
		assert_eq!(energy(&house_a()), 0);
		assert_eq!(
			<MeterReadings as MeterData<AccountId>>::reading(&house_a(), 91),
			Some(reading(0, 0, 0))
		);
		assert_eq!(<MeterReadings as MeterData<AccountId>>::reading(&house_a(), 92), None);
	});
}

#[test]
fn households_report_independently() {
	run(|| {
		assert_ok!(submit(&meter_a(), 95, 3_000));
		assert_ok!(submit(&meter_b(), 95, 9_000));
		assert_eq!(energy(&house_a()), 3_000);
		assert_eq!(energy(&house_b()), 9_000);
		assert_eq!(EnergyToken::total_issuance(), 12_000);
	});
}

#[test]
fn readings_need_a_signed_origin() {
	run(|| {
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				MeterReadings::submit_reading(origin, NOW - 1, reading(0, 0, 1)),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn only_meters_report_and_only_for_their_household() {
	run(|| {
		// The household itself, another member and a stranger cannot mint.
		for who in [house_a(), validator(), account(99)] {
			assert_noop!(submit(&who, NOW - 1, 1_000), Error::<Test>::NotAMeter);
		}
		// A meter whose role changed is no longer one.
		set_role(&meter_a(), Role::Household);
		assert_noop!(submit(&meter_a(), NOW - 1, 1_000), Error::<Test>::NotAMeter);
	});
}

#[test]
fn a_slot_must_end_before_it_is_reported() {
	run(|| {
		assert_noop!(submit(&meter_a(), NOW, 1_000), Error::<Test>::SlotNotOver);
		assert_noop!(submit(&meter_a(), NOW + 1, 1_000), Error::<Test>::SlotNotOver);
	});
}

#[test]
fn a_slot_is_reported_once() {
	run(|| {
		assert_ok!(submit(&meter_a(), NOW - 1, 1_000));
		assert_noop!(submit(&meter_a(), NOW - 1, 2_000), Error::<Test>::DuplicateReading);
	});
}

#[test]
fn readings_only_move_forward() {
	run(|| {
		assert_ok!(submit(&meter_a(), 95, 1_000));
		assert_noop!(submit(&meter_a(), 94, 2_000), Error::<Test>::StaleReading);
	});
}

#[test]
fn a_household_without_installation_cannot_be_read() {
	run(|| {
		let house = account(3);
		let meter = account(13);
		set_role(&house, Role::Household);
		set_role(&meter, Role::MeterOracle { household: house.clone() });
		assert_noop!(submit(&meter, NOW - 1, 1_000), Error::<Test>::NoInstallation);
	});
}

#[test]
fn impossible_readings_are_refused() {
	run(|| {
		let (capacity, limit) =
			(INSTALLATION.battery_capacity_wh, INSTALLATION.connection_limit_wh);
		let origin = || RuntimeOrigin::signed(meter_a());
		assert_noop!(
			MeterReadings::submit_reading(origin(), NOW - 1, reading(0, 0, capacity + 1)),
			Error::<Test>::ChargeAboveCapacity
		);
		assert_noop!(
			MeterReadings::submit_reading(origin(), NOW - 1, reading(limit + 1, 0, 0)),
			Error::<Test>::ImportAboveLimit
		);
		assert_noop!(
			MeterReadings::submit_reading(origin(), NOW - 1, reading(0, limit + 1, 0)),
			Error::<Test>::ExportAboveLimit
		);
		// The limits themselves are possible.
		assert_ok!(MeterReadings::submit_reading(
			origin(),
			NOW - 1,
			reading(limit, limit, capacity)
		));
	});
}

#[test]
fn try_state_catches_a_battery_without_its_reading() {
	new_test_ext().execute_with(|| {
		Batteries::<Test>::insert(house_a(), Battery { last_slot: 7, stored_wh: 100 });
		assert!(MeterReadings::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_energy_that_no_battery_backs() {
	new_test_ext().execute_with(|| {
		assert_ok!(submit(&meter_a(), 90, 6_000));
		assert!(MeterReadings::do_try_state().is_ok());
		Unbacked::<Test>::insert(house_a(), 1);
		assert!(MeterReadings::do_try_state().is_err());
	});
}

mod conservation {
	use super::*;
	use proptest::prelude::*;

	/// Something that happens in the micro-grid within one slot.
	#[derive(Clone, Debug)]
	enum Step {
		/// A meter reports its battery's state of charge for the next slot.
		Read { house: u8, soc: Energy },
		/// A household gives energy tokens to the other.
		Give { from: u8, amount: Energy },
		/// The market released a household's tokens: its unbacked ones are burned.
		Burn { house: u8 },
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			(0u8..2, 0..=INSTALLATION.battery_capacity_wh)
				.prop_map(|(house, soc)| Step::Read { house, soc }),
			(0u8..2, 0u64..6_000).prop_map(|(from, amount)| Step::Give { from, amount }),
			(0u8..2).prop_map(|house| Step::Burn { house }),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(128))]

		/// Tokens always equal the energy in the batteries plus what left a battery while its
		/// household's tokens were elsewhere and has not been burned or backed again since;
		/// minted = held + burned.
		#[test]
		fn tokens_are_stored_energy_plus_unbacked_energy(steps in prop::collection::vec(step(), 1..40)) {
			new_test_ext().execute_with(|| {
				let houses = [(house_a(), meter_a()), (house_b(), meter_b())];
				let mut slot = 10;
				let mut unbacked: Energy = 0;
				for step in &steps {
					System::reset_events();
					match *step {
						Step::Read { house, soc } => {
							slot += 1;
							let (_, meter) = &houses[house as usize];
							prop_assert!(submit(meter, slot, soc).is_ok());
						},
						Step::Give { from, amount } => {
							let (giver, _) = &houses[from as usize];
							let (taker, _) = &houses[1 - from as usize];
							let _ = EnergyToken::transfer(RuntimeOrigin::signed(giver.clone()), taker.clone(), amount);
						},
						Step::Burn { house } => {
							let _ = <MeterReadings as MeterData<AccountId>>::burn_unbacked(&houses[house as usize].0);
						},
					}
					for record in System::events() {
						match record.event {
							RuntimeEvent::MeterReadings(Event::EnergyReleased { unbacked: u, .. }) => unbacked += u,
							RuntimeEvent::MeterReadings(Event::EnergyStored { backed, .. }) => unbacked -= backed,
							RuntimeEvent::MeterReadings(Event::UnbackedBurned { burned, .. }) => unbacked -= burned,
							_ => {},
						}
					}
					prop_assert_eq!(unbacked, Unbacked::<Test>::iter_values().sum::<Energy>());
					let stored: Energy = houses
						.iter()
						.map(|(house, _)| Batteries::<Test>::get(house).map_or(0, |b| b.stored_wh))
						.sum();
					prop_assert_eq!(EnergyToken::total_issuance(), stored + unbacked);
					prop_assert_eq!(
						TotalMinted::<Test>::get(),
						EnergyToken::total_issuance() + TotalBurned::<Test>::get()
					);
					prop_assert!(EnergyToken::do_try_state().is_ok());
					prop_assert!(MeterReadings::do_try_state().is_ok());
				}
				Ok(())
			})?;
		}
	}
}

mod oracle {
	use super::*;
	use sp_core::{
		offchain::{
			Duration, Externalities as OffchainExternalities, HttpError, HttpRequestId,
			HttpRequestStatus, OpaqueNetworkState, Timestamp,
		},
		OpaquePeerId,
	};

	const URL: &str = "http://127.0.0.1:8700";

	/// The answer of a meter that sends its headers and then nothing: see `SlowMeters`.
	const STALL: &[u8] = b"(headers, then silence)";

	/// `sp_core`'s HTTP stand-in, with what it leaves out: a meter that answers `STALL` stalls
	/// after its headers, so reading its body lasts until the read's deadline (the clock jumps
	/// there) and then fails as on a node; and every deadline the worker gives the host is
	/// recorded, since the stand-in ignores them.
	#[derive(Clone)]
	struct SlowMeters {
		http: testing::TestOffchainExt,
		deadlines: Arc<parking_lot::RwLock<Vec<(String, Option<Timestamp>)>>>,
	}

	impl SlowMeters {
		fn record(&self, id: HttpRequestId, deadline: Option<Timestamp>) {
			let uri = self.http.0.read().requests.get(&id).map(|request| request.uri.clone());
			self.deadlines.write().push((uri.unwrap_or_default(), deadline));
		}

		/// Whether request `id` is to a meter that stalls after its headers.
		fn stalls(&self, id: HttpRequestId) -> bool {
			let state = self.http.0.read();
			let answer = state.requests.get(&id).and_then(|request| request.response.as_deref());
			answer == Some(STALL)
		}

		/// Checks that the worker gave the host `deadline` for every step of its request to
		/// `uri`: sending it, waiting for the headers, reading the body.
		fn assert_deadlines(&self, uri: &str, deadline: Timestamp) {
			let deadlines: Vec<_> =
				self.deadlines.read().iter().filter(|(u, _)| u == uri).map(|(_, d)| *d).collect();
			assert!(
				!deadlines.is_empty() && deadlines.iter().all(|d| *d == Some(deadline)),
				"{uri}: expected {deadline:?}, got {deadlines:?}"
			);
		}
	}

	impl OffchainExternalities for SlowMeters {
		fn is_validator(&self) -> bool {
			self.http.is_validator()
		}

		fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
			self.http.network_state()
		}

		fn timestamp(&mut self) -> Timestamp {
			self.http.timestamp()
		}

		fn sleep_until(&mut self, deadline: Timestamp) {
			self.http.sleep_until(deadline)
		}

		fn random_seed(&mut self) -> [u8; 32] {
			self.http.random_seed()
		}

		fn http_request_start(
			&mut self,
			method: &str,
			uri: &str,
			meta: &[u8],
		) -> Result<HttpRequestId, ()> {
			self.http.http_request_start(method, uri, meta)
		}

		fn http_request_add_header(
			&mut self,
			id: HttpRequestId,
			name: &str,
			value: &str,
		) -> Result<(), ()> {
			self.http.http_request_add_header(id, name, value)
		}

		fn http_request_write_body(
			&mut self,
			id: HttpRequestId,
			chunk: &[u8],
			deadline: Option<Timestamp>,
		) -> Result<(), HttpError> {
			self.record(id, deadline);
			self.http.http_request_write_body(id, chunk, deadline)
		}

		fn http_response_wait(
			&mut self,
			ids: &[HttpRequestId],
			deadline: Option<Timestamp>,
		) -> Vec<HttpRequestStatus> {
			for id in ids {
				self.record(*id, deadline);
			}
			self.http.http_response_wait(ids, deadline)
		}

		fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
			self.http.http_response_headers(id)
		}

		fn http_response_read_body(
			&mut self,
			id: HttpRequestId,
			buffer: &mut [u8],
			deadline: Option<Timestamp>,
		) -> Result<usize, HttpError> {
			self.record(id, deadline);
			if !self.stalls(id) {
				return self.http.http_response_read_body(id, buffer, deadline);
			}
			// Without a deadline a node would wait here for good.
			let deadline = deadline.expect("the worker read a stalled body without a deadline");
			let now = self.http.timestamp();
			self.http.sleep_until(deadline.max(now));
			Err(HttpError::DeadlineReached)
		}

		fn set_authorized_nodes(&mut self, nodes: Vec<OpaquePeerId>, authorized_only: bool) {
			self.http.set_authorized_nodes(nodes, authorized_only)
		}
	}

	/// A node running the oracle: see `node`.
	struct Node {
		ext: sp_io::TestExternalities,
		/// The accounts of its meter keys, sorted: the order the worker asks them in.
		meters: Vec<AccountId>,
		offchain: Arc<parking_lot::RwLock<testing::OffchainState>>,
		pool: Arc<parking_lot::RwLock<testing::PoolState>>,
		http: SlowMeters,
	}

	/// An externalities with a keystore holding the meter keys of `meter_seeds`, the HTTP
	/// stand-in with slow meters, and a transaction pool.
	fn node(meter_seeds: &[&str]) -> Node {
		let (offchain, offchain_state) = testing::TestOffchainExt::new();
		let (pool, pool_state) = testing::TestTransactionPoolExt::new();
		let keystore = MemoryKeystore::new();
		let mut meters: Vec<AccountId> = meter_seeds
			.iter()
			.map(|&seed| {
				let public = keystore.sr25519_generate_new(METER_KEY_TYPE, Some(seed)).unwrap();
				AccountId::from(public.0)
			})
			.collect();
		meters.sort();
		let http = SlowMeters { http: offchain.clone(), deadlines: Default::default() };
		let mut ext = new_test_ext();
		ext.register_extension(OffchainWorkerExt::new(http.clone()));
		ext.register_extension(OffchainDbExt::new(offchain));
		ext.register_extension(TransactionPoolExt::new(pool));
		ext.register_extension(KeystoreExt::new(keystore));
		Node { ext, meters, offchain: offchain_state, pool: pool_state, http }
	}

	/// A node with `meter_seed`'s meter key only, and that key's account.
	fn oracle_ext(
		meter_seed: &str,
	) -> (
		sp_io::TestExternalities,
		AccountId,
		Arc<parking_lot::RwLock<testing::OffchainState>>,
		Arc<parking_lot::RwLock<testing::PoolState>>,
	) {
		let Node { ext, mut meters, offchain, pool, .. } = node(&[meter_seed]);
		(ext, meters.remove(0), offchain, pool)
	}

	/// Makes each of `meters` the meter of a household of its own, with an installation.
	fn install(meters: &[AccountId]) {
		for (n, meter) in (30..).zip(meters) {
			let household = account(n);
			set_role(&household, Role::Household);
			assert_ok!(MeterReadings::set_installation(
				RuntimeOrigin::root(),
				household.clone(),
				INSTALLATION
			));
			set_role(meter, Role::MeterOracle { household });
		}
	}

	/// `millis` after `start`.
	fn after(start: Timestamp, millis: u64) -> Timestamp {
		start.add(Duration::from_millis(millis))
	}

	fn set_url(url: &str) {
		sp_io::offchain::local_storage_set(
			StorageKind::PERSISTENT,
			METER_URL_STORAGE_KEY,
			url.as_bytes(),
		);
	}

	/// The HTTP stand-in answers the next request for `meter`'s `slot` with 200 and `body`.
	/// (It cannot refuse a connection; the end-to-end test starts a node before its meter.)
	fn expect(
		state: &Arc<parking_lot::RwLock<testing::OffchainState>>,
		meter: &AccountId,
		slot: SlotIndex,
		body: &[u8],
	) {
		state.write().expect_request(testing::PendingRequest {
			method: "GET".into(),
			uri: reading_url(URL, meter.as_ref(), slot),
			response: Some(body.to_vec()),
			sent: true,
			..Default::default()
		});
	}

	/// The readings the pool received, with their signers.
	fn sent(pool: &Arc<parking_lot::RwLock<testing::PoolState>>) -> Vec<(AccountId, RuntimeCall)> {
		pool.read()
			.transactions
			.iter()
			.map(|tx| {
				let tx = Extrinsic::decode(&mut &tx[..]).unwrap();
				match tx.preamble {
					Preamble::Signed(signer, ..) => (signer, tx.function),
					_ => panic!("the oracle sent an unsigned transaction"),
				}
			})
			.collect()
	}

	const GOOD: &[u8] =
		br#"{"meter":"0x00","slot":99,"importedWh":1200,"exportedWh":0,"stateOfChargeWh":5300}"#;

	#[test]
	fn urls_name_the_meter_and_the_slot() {
		assert_eq!(
			reading_url("http://127.0.0.1:8700/", &[0xab, 0x01], 42),
			"http://127.0.0.1:8700/meters/0xab01/slots/42"
		);
	}

	#[test]
	fn parsing_takes_the_four_fields_and_refuses_the_rest() {
		assert_eq!(parse_reading(GOOD), Ok(reading(1_200, 0, 5_300)));
		for bad in [
			&b"not json"[..],
			br#"{"importedWh":1}"#,
			br#"{"importedWh":-1,"exportedWh":0,"stateOfChargeWh":0}"#,
			br#"{"importedWh":"1","exportedWh":0,"stateOfChargeWh":0}"#,
		] {
			assert_eq!(parse_reading(bad), Err(ReportError::Malformed));
		}
	}

	#[test]
	fn the_worker_reads_the_meter_and_submits_a_signed_reading() {
		let (mut ext, meter, offchain, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			expect(&offchain, &meter, NOW - 1, GOOD);
			MeterReadings::offchain_worker(1);
			let call = RuntimeCall::MeterReadings(crate::Call::submit_reading {
				slot: NOW - 1,
				reading: reading(1_200, 0, 5_300),
			});
			assert_eq!(sent(&pool), vec![(meter.clone(), call)]);

			// The next blocks wait for it to land instead of sending it again...
			MeterReadings::offchain_worker(2);
			assert_eq!(sent(&pool).len(), 1);
			// ...until it is overdue.
			expect(&offchain, &meter, NOW - 1, GOOD);
			MeterReadings::offchain_worker(1 + RESEND_AFTER);
			assert_eq!(sent(&pool).len(), 2);
		});
	}

	#[test]
	fn the_worker_leaves_reported_slots_alone() {
		let (mut ext, meter, _, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			assert_ok!(submit(&meter, NOW - 1, 500));
			// No request is expected: the test HTTP stand-in would panic on one.
			MeterReadings::offchain_worker(1);
			assert!(sent(&pool).is_empty());
		});
	}

	#[test]
	fn a_meter_that_missed_slots_reports_them_in_order_before_the_last() {
		// Before, the worker only ever asked for the last ended slot: a slot missed while the
		// meter or its node was away was lost for good. Now it reads back the oldest missing
		// one; the HTTP stand-in panics on any other request.
		let (mut ext, meter, offchain, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			assert_ok!(submit(&meter, NOW - 4, 500));
			expect(&offchain, &meter, NOW - 3, GOOD);
			MeterReadings::offchain_worker(1);
			let call = |slot| {
				RuntimeCall::MeterReadings(crate::Call::submit_reading {
					slot,
					reading: reading(1_200, 0, 5_300),
				})
			};
			assert_eq!(sent(&pool), vec![(meter.clone(), call(NOW - 3))]);
			// Once it lands, the next one.
			assert_ok!(submit(&meter, NOW - 3, 500));
			expect(&offchain, &meter, NOW - 2, GOOD);
			MeterReadings::offchain_worker(2);
			assert_eq!(sent(&pool)[1], (meter.clone(), call(NOW - 2)));
		});
	}

	#[test]
	fn read_back_goes_no_further_than_its_bound() {
		let (mut ext, meter, _, _) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			let household = house_a();
			// A meter that never reported starts with the last ended slot.
			assert_eq!(MeterReadings::slot_to_report(&household, NOW - 1), Some(NOW - 1));
			assert_ok!(submit(&meter, 10, 500));
			assert_eq!(
				MeterReadings::slot_to_report(&household, NOW - 1),
				Some(NOW - MAX_BACKFILL_SLOTS),
				"the oldest of the last MAX_BACKFILL_SLOTS ended slots"
			);
			assert_ok!(submit(&meter, NOW - 2, 500));
			assert_eq!(MeterReadings::slot_to_report(&household, NOW - 1), Some(NOW - 1));
			assert_ok!(submit(&meter, NOW - 1, 500));
			assert_eq!(MeterReadings::slot_to_report(&household, NOW - 1), None);
		});
	}

	#[test]
	fn a_confused_meter_is_retried_at_the_next_block() {
		let (mut ext, meter, offchain, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			// An empty answer, then nonsense, then an impossible reading: nothing is sent.
			expect(&offchain, &meter, NOW - 1, b"");
			MeterReadings::offchain_worker(1);
			expect(&offchain, &meter, NOW - 1, b"<html>busy</html>");
			MeterReadings::offchain_worker(2);
			expect(
				&offchain,
				&meter,
				NOW - 1,
				br#"{"importedWh":0,"exportedWh":0,"stateOfChargeWh":999999}"#,
			);
			MeterReadings::offchain_worker(3);
			assert!(sent(&pool).is_empty());
			// The meter recovers: the very next block sends its reading.
			expect(&offchain, &meter, NOW - 1, GOOD);
			MeterReadings::offchain_worker(4);
			assert_eq!(sent(&pool).len(), 1);
		});
	}

	#[test]
	fn keys_of_non_meters_and_nodes_without_url_send_nothing() {
		let (mut ext, meter, _, pool) = oracle_ext("//NotAMeter");
		ext.execute_with(|| {
			set_url(URL);
			MeterReadings::offchain_worker(1);
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url("");
			MeterReadings::offchain_worker(2);
			assert!(sent(&pool).is_empty());
		});
	}

	#[test]
	fn a_meter_that_answers_without_end_cannot_fill_the_workers_memory() {
		let (mut ext, meter, offchain, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			let url = reading_url(URL, meter.as_ref(), NOW - 1);
			let run_ends = after(sp_io::offchain::timestamp(), RUN_BUDGET_MS);
			// A reading padded to the bound is read...
			let mut answer = GOOD.to_vec();
			answer.resize(MAX_BODY_BYTES, b' ');
			expect(&offchain, &meter, NOW - 1, &answer);
			assert_eq!(fetch_reading(&url, run_ends), Ok(reading(1_200, 0, 5_300)));
			// ...one byte more is refused, and the worker sends nothing.
			answer.push(b' ');
			expect(&offchain, &meter, NOW - 1, &answer);
			assert_eq!(fetch_reading(&url, run_ends), Err(ReportError::TooLarge));
			expect(&offchain, &meter, NOW - 1, &answer);
			MeterReadings::offchain_worker(1);
			assert!(sent(&pool).is_empty());
		});
	}

	#[test]
	fn a_meter_that_stalls_after_its_headers_times_out_instead_of_hanging_the_worker() {
		let Node { mut ext, meters, offchain, pool, http } = node(&["//MeterA"]);
		let meter = &meters[0];
		ext.execute_with(|| {
			set_role(meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			let url = reading_url(URL, meter.as_ref(), NOW - 1);
			let start = sp_io::offchain::timestamp();
			expect(&offchain, meter, NOW - 1, STALL);
			assert_eq!(
				fetch_reading(&url, after(start, RUN_BUDGET_MS)),
				Err(ReportError::TimedOut)
			);
			// The body had the request's deadline, and the worker waited no longer.
			http.assert_deadlines(&url, after(start, HTTP_TIMEOUT_MS));
			assert_eq!(sp_io::offchain::timestamp(), after(start, HTTP_TIMEOUT_MS));
			// The worker gives up on it for this block and asks again at the next.
			expect(&offchain, meter, NOW - 1, STALL);
			MeterReadings::offchain_worker(1);
			assert!(sent(&pool).is_empty());
			expect(&offchain, meter, NOW - 1, GOOD);
			MeterReadings::offchain_worker(2);
			assert_eq!(sent(&pool).len(), 1);
		});
	}

	#[test]
	fn a_meter_asked_late_in_a_run_cannot_stall_past_the_runs_budget() {
		let Node { mut ext, meters, offchain, pool, http } = node(&["//MeterA", "//MeterB"]);
		// One stalled meter leaves less than a request's time for the next.
		assert!(2 * HTTP_TIMEOUT_MS > RUN_BUDGET_MS);
		ext.execute_with(|| {
			install(&meters);
			set_url(URL);
			let start = sp_io::offchain::timestamp();
			for meter in &meters {
				expect(&offchain, meter, NOW - 1, STALL);
			}
			MeterReadings::offchain_worker(1);
			// The first meter has a request's time; the second only what is left of the run's.
			http.assert_deadlines(
				&reading_url(URL, meters[0].as_ref(), NOW - 1),
				after(start, HTTP_TIMEOUT_MS),
			);
			http.assert_deadlines(
				&reading_url(URL, meters[1].as_ref(), NOW - 1),
				after(start, RUN_BUDGET_MS),
			);
			assert_eq!(sp_io::offchain::timestamp(), after(start, RUN_BUDGET_MS));
			assert!(sent(&pool).is_empty());
		});
	}

	#[test]
	fn a_meter_that_stalls_cannot_hold_the_worker_past_its_budget() {
		let Node { mut ext, meters, offchain, pool, .. } =
			node(&["//MeterA", "//MeterB", "//MeterC"]);
		ext.execute_with(|| {
			install(&meters);
			set_url(URL);
			let start = sp_io::offchain::timestamp();
			// The first two meters stall and use up the run; the third is not asked (the HTTP
			// stand-in would panic on a request it does not expect).
			expect(&offchain, &meters[0], NOW - 1, STALL);
			expect(&offchain, &meters[1], NOW - 1, STALL);
			MeterReadings::offchain_worker(1);
			assert_eq!(sp_io::offchain::timestamp(), after(start, RUN_BUDGET_MS));
			assert!(sent(&pool).is_empty());
			// The next block asks the skipped meter first, then the others in turn.
			let order = [&meters[2], &meters[0], &meters[1]];
			for meter in order {
				expect(&offchain, meter, NOW - 1, GOOD);
			}
			MeterReadings::offchain_worker(2);
			let signers: Vec<AccountId> =
				sent(&pool).into_iter().map(|(signer, _)| signer).collect();
			assert_eq!(signers, order.map(Clone::clone));
		});
	}

	#[test]
	fn a_submitted_reading_is_accepted_by_the_chain() {
		let (mut ext, meter, offchain, pool) = oracle_ext("//MeterA");
		ext.execute_with(|| {
			set_role(&meter, Role::MeterOracle { household: house_a() });
			set_url(URL);
			expect(&offchain, &meter, NOW - 1, GOOD);
			MeterReadings::offchain_worker(1);
			let (signer, call) = sent(&pool).pop().unwrap();
			assert_ok!(call.dispatch(RuntimeOrigin::signed(signer)));
			assert_eq!(energy(&house_a()), 5_300);
		});
	}
}
