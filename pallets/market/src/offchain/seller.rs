//! The households' selling agents: the worker's part. Once per slot, as soon as the household's
//! meter reading of the slot that just ended is on chain (it minted the energy tokens that back
//! the offer), or a sixth into the negotiation window if the meter stays silent, the agent
//! offers the household's free energy beyond its own forecast import, at the slot's feed-in
//! price: the least a household gets for energy it does not sell to a neighbour. Offers must be
//! in before the buyers read them, two fifths into the window: the worker runs only at blocks,
//! so it does not wait for a fixed moment as standalone sellers do, and an agent that comes in
//! later (its key inserted, its household publishing it mid-slot) waits for the next slot: its
//! offer would come after the buyers chose, and one sent at the end of the window would land
//! after negotiation closed, its fee lost. The offer's negotiations
//! are the [`inbox`](super::inbox)'s. Once negotiation is over, the agent records what the
//! offer's agent agreed, one offer per block (the agent account's transactions of a block share
//! a nonce), and records it again if the recording did not land.
//!
//! Both calls are checked against the chain first, as the chain will check them, so a call that
//! would fail is not sent: its fee would be lost for nothing.

use super::{
	buyer::BUYERS_START_AT,
	counters,
	inbox::{agent_key, stored_agent},
	offchain_now, Unpublished, MAX_AGENTS_PER_NODE, TARGET,
};
use crate::{pallet::*, SignedTerms};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use energy_negotiation::{Key, Share, Window};
use energy_primitives::{
	Balance, Energy, MeterData, OfferId, Phase, SlotIndex, AGENT_MAX_OFFER_STORAGE_KEY,
};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::{
		fungible::Inspect,
		tokens::{Fortitude, Preservation},
		Get,
	},
	BoundedVec,
};
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer, SigningTypes},
	pallet_prelude::BlockNumberFor,
};
use sp_core::{hexdisplay::HexDisplay, sr25519};
use sp_runtime::{
	offchain::{storage::StorageValueRef, StorageKind},
	traits::UniqueSaturatedInto,
	DispatchError, RuntimeAppPublic,
};

/// The sellers offer this share of the way into the negotiation window (numerator,
/// denominator) at the latest, if their meter's reading of the slot that just ended is not in
/// by then: the standalone sellers' moment.
pub const SELLERS_OFFER_AT: Share = energy_negotiation::SELLERS_OFFER_AT;

/// The smallest offer the agent makes, in Wh: less is not worth a transaction.
pub const MIN_OFFER_WH: Energy = 10;

/// How long after negotiation closed the agent records: longer than any answer of the inbox
/// takes (it refuses messages from the close on), so every agreement it confirmed is recorded.
pub const RECORD_AFTER_MS: u64 = 1_000;

/// Blocks a submitted recording has to land before the agent submits it again.
pub const RESEND_AFTER_BLOCKS: u32 = 3;

/// What one selling agent did in a run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SellerRun {
	/// The key's account is neither a household nor a household's authorized agent.
	NoHousehold,
	/// The household's published negotiation key is another one (or none).
	NotPublished,
	/// The household published an agent that does not sell.
	NotSelling,
	/// Nothing to do at this point of the slot.
	Idle,
	/// The buyers read the slot's offers already: the agent offers in the next slot.
	TooLate,
	/// The household's free energy is not more than its forecast import by [`MIN_OFFER_WH`].
	NothingToSell { free_wh: Energy, need_wh: Energy },
	/// The chain would refuse the offer, for this reason.
	CannotOffer(DispatchError),
	/// The agent submitted an offer of `energy_wh` at no less than `floor` per kWh.
	Offered { energy_wh: Energy, floor: Balance },
	/// The agent submitted the recording of `agreements` agreements of `offer`, `energy_wh`
	/// in all.
	Recorded { offer: OfferId, agreements: u32, energy_wh: Energy },
	/// The transaction could not be signed or the pool refused it.
	NotSubmitted,
}

/// What a household's selling agent keeps in the node's persistent offchain storage: the
/// delivery slot it sells for, whether it offered, and its offers with the block each one's
/// recording was last submitted at.
#[derive(Encode, Decode, Default)]
struct Kept {
	delivery: SlotIndex,
	offered: bool,
	offers: Vec<(OfferId, Option<u32>)>,
}

impl From<Unpublished> for SellerRun {
	fn from(why: Unpublished) -> Self {
		match why {
			Unpublished::NoHousehold => SellerRun::NoHousehold,
			Unpublished::NotPublished => SellerRun::NotPublished,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The selling agents of `keys`, logging what they did.
	pub(crate) fn run_seller_agents(keys: &[Key], block: BlockNumberFor<T>) {
		for (key, run) in Self::sell_for_keys(keys, block) {
			let key = HexDisplay::from(&key);
			match &run {
				SellerRun::Offered { .. } => counters::count(|c| c.offers += 1),
				SellerRun::Recorded { agreements, .. } => {
					counters::count(|c| c.agreements_sold += u64::from(*agreements))
				}
				SellerRun::CannotOffer(_) | SellerRun::NotSubmitted => {
					counters::count(|c| c.errors += 1)
				}
				_ => {}
			}
			match run {
				SellerRun::Offered { energy_wh, floor } => log::info!(
					target: TARGET,
					"agent 0x{}: offered {} Wh at no less than {} per kWh",
					key,
					energy_wh,
					floor
				),
				SellerRun::Recorded { offer, agreements, energy_wh } => log::info!(
					target: TARGET,
					"agent 0x{}: recording {} agreement(s) of offer {}, {} Wh",
					key,
					agreements,
					offer,
					energy_wh
				),
				SellerRun::CannotOffer(why) => {
					log::warn!(target: TARGET, "agent 0x{}: cannot offer: {:?}", key, why)
				}
				SellerRun::NotSubmitted => log::warn!(
					target: TARGET,
					"agent 0x{}: could not submit its transaction (is its key's account funded?)",
					key
				),
				SellerRun::NothingToSell { free_wh, need_wh } => log::debug!(
					target: TARGET,
					"agent 0x{}: {} Wh free, {} Wh forecast need: nothing to sell",
					key,
					free_wh,
					need_wh
				),
				SellerRun::TooLate => log::debug!(
					target: TARGET,
					"agent 0x{}: the buyers read this slot's offers already; offering in the next",
					key
				),
				SellerRun::NoHousehold
				| SellerRun::NotPublished
				| SellerRun::NotSelling
				| SellerRun::Idle => {}
			}
		}
	}

	/// Runs the selling agent of each of `keys` (at most [`MAX_AGENTS_PER_NODE`]) at `block`;
	/// returns what each did.
	pub fn sell_for_keys(keys: &[Key], block: BlockNumberFor<T>) -> Vec<(Key, SellerRun)> {
		let block: u32 = block.unique_saturated_into();
		keys.iter()
			.take(MAX_AGENTS_PER_NODE)
			.map(|key| (*key, Self::sell_for(key, block, offchain_now())))
			.collect()
	}

	/// The selling agent of `key` at `block`, offchain time `now`.
	fn sell_for(key: &Key, block: u32, now: u64) -> SellerRun {
		let (household, info) = match Self::published_household(key) {
			Ok(published) => published,
			Err(why) => return why.into(),
		};
		if !info.kind.sells() {
			return SellerRun::NotSelling;
		}
		let status = Self::status();
		let delivery = status.slot.saturating_add(1);
		let storage_key = kept_key(key);
		let stored = StorageValueRef::persistent(&storage_key);
		let mut kept = match stored.get::<Kept>() {
			Ok(Some(kept)) if kept.delivery == delivery => kept,
			Ok(Some(old)) => {
				// A new slot: the last one's offer agents are done with.
				for (offer, _) in old.offers {
					StorageValueRef::persistent(&agent_key(offer)).clear();
				}
				Kept { delivery, ..Default::default() }
			}
			_ => Kept { delivery, ..Default::default() },
		};
		let run = match status.phase {
			Phase::Negotiation => {
				let window = Window {
					opens_at: Self::clock().start_of(status.slot),
					closes_at: status.recording_starts_at,
				};
				let (offer_at, buyers_at) =
					(window.at(SELLERS_OFFER_AT), window.at(BUYERS_START_AT));
				let read = status
					.slot
					.checked_sub(1)
					.is_some_and(|ended| T::Meters::reading(&household, ended).is_some());
				if kept.offered || (now < offer_at && !read) {
					SellerRun::Idle
				} else if SellerOffers::<T>::get(delivery, &household) > 0 {
					// The household offered by other means (its own wallet, a standalone
					// agent): so be it.
					kept.offered = true;
					SellerRun::Idle
				} else if now >= buyers_at {
					SellerRun::TooLate
				} else {
					Self::offer_for(key, &household, delivery, &mut kept)
				}
			}
			Phase::Recording
				if now >= status.recording_starts_at.saturating_add(RECORD_AFTER_MS) =>
			{
				Self::record_for(key, &household, delivery, block, &mut kept)
			}
			Phase::Recording => SellerRun::Idle,
		};
		stored.set(&kept);
		run
	}

	/// Offers what `household` can sell in `delivery`, once: it has not offered yet.
	fn offer_for(
		key: &Key,
		household: &T::AccountId,
		delivery: SlotIndex,
		kept: &mut Kept,
	) -> SellerRun {
		let Some(prices) = SlotGridPrices::<T>::get(delivery) else { return SellerRun::Idle };
		let free_wh =
			T::Energy::reducible_balance(household, Preservation::Expendable, Fortitude::Polite);
		let need_wh = Self::forecast_import(household, delivery);
		let energy_wh = free_wh.saturating_sub(need_wh).min(max_offer_wh());
		if energy_wh < MIN_OFFER_WH {
			return SellerRun::NothingToSell { free_wh, need_wh };
		}
		let floor = prices.feed_in_price;
		// The chain's own checks, on a copy of the state thrown away after.
		let trial = with_transaction(|| {
			TransactionOutcome::Rollback(Self::open_offer(household.clone(), energy_wh, floor))
		});
		if let Err(why) = trial {
			return SellerRun::CannotOffer(why);
		}
		if !Self::submit(key, Call::make_offer { energy: energy_wh, floor_price: floor }) {
			return SellerRun::NotSubmitted;
		}
		kept.offered = true;
		SellerRun::Offered { energy_wh, floor }
	}

	/// Records what the agents of `household`'s offers for `delivery` agreed: the first offer
	/// with agreements whose recording is not on chain and not awaited.
	fn record_for(
		key: &Key,
		household: &T::AccountId,
		delivery: SlotIndex,
		block: u32,
		kept: &mut Kept,
	) -> SellerRun {
		for id in SlotOffers::<T>::get(delivery) {
			let Some(offer) = Offers::<T>::get(id) else { continue };
			if offer.seller != *household {
				continue;
			}
			let position = match kept.offers.iter().position(|(other, _)| *other == id) {
				Some(position) => position,
				None => {
					kept.offers.push((id, None));
					kept.offers.len() - 1
				}
			};
			// Recording is all or nothing: an offer with buyers has its record.
			if !offer.buyers.is_empty() {
				continue;
			}
			if let (_, Some(at)) = kept.offers[position] {
				if block < at.saturating_add(RESEND_AFTER_BLOCKS) {
					continue;
				}
			}
			let Some(agent) = stored_agent(id) else { continue };
			let terms: Vec<SignedTerms<T::AccountId>> = agent
				.agreements()
				.iter()
				.filter_map(|agreement| {
					Some(SignedTerms {
						buyer: T::AccountId::decode(&mut &agreement.buyer[..]).ok()?,
						energy: agreement.energy_wh,
						price: agreement.price,
						signature: sr25519::Signature::from_raw(agreement.buyer_signature),
					})
				})
				.take(T::MaxAgreementsPerOffer::get() as usize)
				.collect();
			if terms.is_empty() {
				continue;
			}
			let agreements = terms.len() as u32;
			let energy_wh = terms.iter().map(|t| t.energy).sum();
			let batch = BoundedVec::truncate_from(terms);
			if !Self::submit(key, Call::allow_transactions { offer: id, agreements: batch }) {
				return SellerRun::NotSubmitted;
			}
			kept.offers[position].1 = Some(block);
			return SellerRun::Recorded { offer: id, agreements, energy_wh };
		}
		SellerRun::Idle
	}

	/// Buyers the selling agents of `keys` hold energy for at `now`, in the slot being traded.
	pub(crate) fn sessions_open(keys: &[Key], now: u64) -> u32 {
		let status = Self::status();
		if status.phase != Phase::Negotiation {
			return 0;
		}
		let offers = SlotOffers::<T>::get(status.slot.saturating_add(1));
		let mut open = 0usize;
		for key in keys {
			let Ok((household, _)) = Self::published_household(key) else { continue };
			for id in &offers {
				if Offers::<T>::get(id).is_some_and(|offer| offer.seller == household) {
					open += stored_agent(*id).map_or(0, |agent| agent.live_sessions(now));
				}
			}
		}
		open.try_into().unwrap_or(u32::MAX)
	}

	/// Signs `call` with the agent key `key` and submits it; whether the pool took it.
	fn submit(key: &Key, call: Call<T>) -> bool {
		type Crypto<T> = <T as Config>::AgentAuthorityId;
		type AppPublic<T> = <Crypto<T> as AppCrypto<
			<T as SigningTypes>::Public,
			<T as SigningTypes>::Signature,
		>>::RuntimeAppPublic;
		let Some(app) = AppPublic::<T>::all().into_iter().find(|app| app.to_raw_vec() == key)
		else {
			return false;
		};
		let generic: <Crypto<T> as AppCrypto<T::Public, T::Signature>>::GenericPublic = app.into();
		let public: T::Public = generic.into();
		let signer =
			Signer::<T, T::AgentAuthorityId>::any_account().with_filter(alloc::vec![public]);
		matches!(signer.send_signed_transaction(|_| call.clone()), Some((_, Ok(()))))
	}
}

/// The most the node's selling agents offer in a slot, as the node's offchain storage says
/// (`--agent-max-offer-wh`); no limit if it says nothing, or nothing that is a number.
fn max_offer_wh() -> Energy {
	sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, AGENT_MAX_OFFER_STORAGE_KEY)
		.and_then(|bytes| core::str::from_utf8(&bytes).ok()?.trim().parse().ok())
		.unwrap_or(Energy::MAX)
}

/// Where the selling agent of `key` is kept.
fn kept_key(key: &Key) -> Vec<u8> {
	[&b"energy::agent-seller::"[..], key].concat()
}
