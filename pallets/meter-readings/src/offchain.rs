//! The meter oracle: an offchain worker that reads each meter of the node's keystore over HTTP
//! and submits its reading as a signed transaction. A meter that cannot be reached or answers
//! nonsense is logged and asked again at the next block; nothing here can stop the node. Every
//! request has a deadline, its body's included, and every run a time budget, so a slow meter
//! cannot hold the worker's thread past its block.

use crate::pallet::*;
use alloc::{format, string::String, vec, vec::Vec};
use codec::Encode;
use energy_primitives::{
	MeterReading, SlotIndex, MAX_METERS_PER_NODE, METER_URL_STORAGE_KEY, MILLISECS_PER_BLOCK,
};
use frame_support::traits::Get;
use frame_system::{
	offchain::{Account, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use sp_core::hexdisplay::HexDisplay;
use sp_runtime::{
	offchain::{http, storage::StorageValueRef, Duration, HttpError, StorageKind, Timestamp},
	Saturating,
};

/// Log target of the meter oracle.
const TARGET: &str = "meter-oracle";

/// How long a meter has to answer, headers and body together.
pub(crate) const HTTP_TIMEOUT_MS: u64 = 3_000;

/// The longest one run of the worker spends asking its meters: two thirds of a block (4 s). The
/// node starts the offchain workers, node authorization's among them, at every block on a small
/// thread pool: a run that outlasts its block holds a thread they need. The last third is the
/// margin for what the run does after its last answer (signing, submitting) and for the host.
pub(crate) const RUN_BUDGET_MS: u64 = MILLISECS_PER_BLOCK * 2 / 3;

// A single meter must not be able to spend a whole run.
const _: () = assert!(HTTP_TIMEOUT_MS < RUN_BUDGET_MS);

/// How far back a meter's missed slots are read again: a meter (or its node) that was away
/// reports the slots it missed, oldest first, up to this many before the last ended slot. The
/// chain takes a household's readings in slot order only, so each block sends the oldest
/// missing one; older slots than this are lost, and the market settles them as silent.
pub const MAX_BACKFILL_SLOTS: SlotIndex = 24;

/// Largest answer read from a meter: a reading is a few dozen bytes of JSON, and the worker
/// holds the answer in memory.
pub(crate) const MAX_BODY_BYTES: usize = 4_096;

/// Key, in the node's persistent offchain storage, of the first meter the last run that ran out
/// of time skipped: runs start there, so slow meters early in the order cannot starve the rest.
const NEXT_METER_KEY: &[u8] = b"energy::meter-next";

/// Why a meter's reading was not submitted this block.
#[derive(Debug, PartialEq, Eq)]
pub enum ReportError {
	/// The meter could not be reached (connection refused, I/O error).
	Unreachable,
	/// The meter did not answer in full before the deadline: its headers came too late, or it
	/// stalled while sending its body.
	TimedOut,
	/// The meter answered with an HTTP status other than 200.
	Status(u16),
	/// The meter's answer is longer than `MAX_BODY_BYTES`.
	TooLarge,
	/// The meter's answer is not a reading.
	Malformed,
	/// The chain would refuse the reading.
	Refused(&'static str),
	/// The keystore could not sign, or the pool did not take the transaction.
	NotSent,
}

impl From<HttpError> for ReportError {
	fn from(error: HttpError) -> Self {
		match error {
			HttpError::DeadlineReached => ReportError::TimedOut,
			HttpError::IoError | HttpError::Invalid => ReportError::Unreachable,
		}
	}
}

/// The URL of `meter`'s reading for `slot` under the base URL `base`.
pub fn reading_url(base: &str, meter: &[u8], slot: SlotIndex) -> String {
	format!("{}/meters/0x{}/slots/{}", base.trim_end_matches('/'), HexDisplay::from(&meter), slot)
}

/// Reads a reading from a meter's JSON answer; unknown fields are ignored.
pub fn parse_reading(body: &[u8]) -> Result<MeterReading, ReportError> {
	serde_json::from_slice(body).map_err(|_| ReportError::Malformed)
}

/// Asks the meter at `url` for its reading, giving up after `HTTP_TIMEOUT_MS` or at `run_ends`,
/// whichever comes first.
///
/// The body gets the deadline too: the host applies none of its own to it, so a meter that
/// sends its headers and then stalls would otherwise hold the worker's thread for good.
pub fn fetch_reading(url: &str, run_ends: Timestamp) -> Result<MeterReading, ReportError> {
	let deadline =
		sp_io::offchain::timestamp().add(Duration::from_millis(HTTP_TIMEOUT_MS)).min(run_ends);
	let pending = http::Request::get(url).deadline(deadline).send()?;
	let response = pending
		.try_wait(deadline)
		.map_err(|_| ReportError::TimedOut)?
		.map_err(|_| ReportError::Unreachable)?;
	if response.code != 200 {
		return Err(ReportError::Status(response.code));
	}
	let mut body = response.body();
	body.deadline(deadline);
	let mut bytes = Vec::new();
	for byte in &mut body {
		if bytes.len() == MAX_BODY_BYTES {
			return Err(ReportError::TooLarge);
		}
		bytes.push(byte);
	}
	// The body ends early, not with an error of its own, when the deadline passes or the
	// connection breaks: only `error()` tells a cut-off answer from a whole one.
	match *body.error() {
		None => parse_reading(&bytes),
		Some(error) => Err(error.into()),
	}
}

impl<T: Config> Pallet<T> {
	/// Reports a reading of every meter whose key this node holds, within `RUN_BUDGET_MS`:
	/// the oldest slot the chain misses of the last [`MAX_BACKFILL_SLOTS`] ended ones, so a meter
	/// that was away catches up in order. Meters the run has no time left for are asked first
	/// at the next block.
	pub(crate) fn report_meters(block: BlockNumberFor<T>) {
		let Some(latest) = T::CurrentSlot::get().checked_sub(1) else { return };
		let signer = Signer::<T, T::AuthorityId>::all_accounts();
		if !signer.can_sign() {
			return;
		}
		let Some(base) = Self::meter_url() else {
			log::warn!(
				target: TARGET,
				"this node holds meter keys but no meter URL: start it with --meter-url"
			);
			return;
		};
		let run_ends = sp_io::offchain::timestamp().add(Duration::from_millis(RUN_BUDGET_MS));
		let mut meters: Vec<Account<T>> =
			signer.accounts_from_keys().take(MAX_METERS_PER_NODE).collect();
		// The keystore lists its keys in no fixed order; sorted, the meter where the last run
		// stopped is in the same place in this one.
		meters.sort_by(|a, b| a.id.cmp(&b.id));
		let next = StorageValueRef::persistent(NEXT_METER_KEY);
		if let Ok(Some(first)) = next.get::<T::AccountId>() {
			let start = meters.partition_point(|meter| meter.id < first);
			meters.rotate_left(start);
		}
		for (served, meter) in meters.iter().enumerate() {
			if sp_io::offchain::timestamp() >= run_ends {
				next.set(&meter.id);
				log::warn!(
					target: TARGET,
					"out of time for this block: {} meter(s) skipped, served first at the next",
					meters.len() - served
				);
				return;
			}
			match Self::report(block, latest, &base, meter, run_ends) {
				Ok(Some(slot)) => {
					log::info!(target: TARGET, "meter {:?} reported slot {}", meter.id, slot)
				}
				Ok(None) => {}
				Err((slot, error)) => log::warn!(
					target: TARGET,
					"meter {:?}: no reading for slot {} this block ({:?}); retrying at the next",
					meter.id,
					slot,
					error
				),
			}
		}
	}

	/// The slot `household`'s meter reports next, `latest` being the last ended slot: the one
	/// after the last the chain has, but no earlier than [`MAX_BACKFILL_SLOTS`] back; `None` if
	/// the chain has `latest`. A meter that never reported starts with `latest`.
	pub fn slot_to_report(household: &T::AccountId, latest: SlotIndex) -> Option<SlotIndex> {
		match Batteries::<T>::get(household) {
			None => Some(latest),
			Some(battery) if battery.last_slot >= latest => None,
			Some(battery) => Some(
				(battery.last_slot + 1)
					.max(latest.saturating_sub(MAX_BACKFILL_SLOTS.saturating_sub(1))),
			),
		}
	}

	/// Reports `meter`'s reading for the slot it owes (see [`Self::slot_to_report`]) unless
	/// none is due; returns the slot it sent, or the slot it could not send and why. The meter
	/// is asked no later than `run_ends`, the end of the run's time budget.
	fn report(
		block: BlockNumberFor<T>,
		latest: SlotIndex,
		base: &str,
		meter: &Account<T>,
		run_ends: Timestamp,
	) -> Result<Option<SlotIndex>, (SlotIndex, ReportError)> {
		// Keys of devices that are not (or no longer) meters are ignored, as are slots the
		// chain already has: readings only move forward, so the battery's latest slot says.
		let Some(household) = Self::household_of(&meter.id) else { return Ok(None) };
		let Some(slot) = Self::slot_to_report(&household, latest) else { return Ok(None) };
		Self::report_slot(block, slot, base, meter, &household, run_ends)
			.map(|sent| sent.then_some(slot))
			.map_err(|error| (slot, error))
	}

	/// Reports `meter`'s reading for `slot` of `household` unless it was sent lately; says
	/// whether it sent one.
	fn report_slot(
		block: BlockNumberFor<T>,
		slot: SlotIndex,
		base: &str,
		meter: &Account<T>,
		household: &T::AccountId,
		run_ends: Timestamp,
	) -> Result<bool, ReportError> {
		let sent_key = Self::sent_key(&meter.id);
		let mut sent = StorageValueRef::persistent(&sent_key);
		let resend_after = T::ResendAfter::get();
		let due = |last: &Option<(SlotIndex, BlockNumberFor<T>)>| match last {
			Some((last_slot, at)) => *last_slot != slot || block >= at.saturating_add(resend_after),
			None => true,
		};
		if !due(&sent.get().ok().flatten()) {
			return Ok(false);
		}

		let reading = fetch_reading(&reading_url(base, &meter.id.encode(), slot), run_ends)?;
		Self::check_reading(household, slot, &reading)
			.map_err(|error| ReportError::Refused(error.into()))?;

		// Blocks' offchain workers may overlap: only the one that claims the slot sends it.
		let claimed =
			sent.mutate(
				|last: Result<Option<(SlotIndex, BlockNumberFor<T>)>, _>| {
					if due(&last.ok().flatten()) {
						Ok((slot, block))
					} else {
						Err(())
					}
				},
			);
		if claimed.is_err() {
			return Ok(false);
		}
		let results = Signer::<T, T::AuthorityId>::all_accounts()
			.with_filter(vec![meter.public.clone()])
			.send_signed_transaction(|_| Call::submit_reading { slot, reading });
		match results.first() {
			Some((_, Ok(()))) => Ok(true),
			_ => {
				// Let the next block try again.
				sent.clear();
				Err(ReportError::NotSent)
			}
		}
	}

	/// The meters' base URL from the node's persistent offchain storage.
	fn meter_url() -> Option<String> {
		// Raw UTF-8, not SCALE: the node flag and `offchain_localStorageSet` write plain bytes.
		let bytes =
			sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, METER_URL_STORAGE_KEY)?;
		String::from_utf8(bytes).ok().filter(|url| !url.is_empty())
	}

	/// Where the worker remembers the slot and block it last sent `meter`'s reading in.
	fn sent_key(meter: &T::AccountId) -> Vec<u8> {
		let mut key = b"energy::meter-sent::".to_vec();
		key.extend(meter.encode());
		key
	}
}
