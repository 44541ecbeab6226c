//! The private market's data: the calls' requests, what the chain keeps of offers and
//! agreements, and the slot's grid prices as bounds on hidden amounts.

use crate::Config;
use energy_primitives::{GridPrices, OfferId, SlotIndex};
use energy_privacy::{
	AgreementCommitments, AuditHandle, Commitment, KeyImage, MarketSignature, PriceBounds,
	RangeProofBytes, TransferInput,
};
use frame_support::pallet_prelude::*;
use sp_core::sr25519;

/// A private offer, as its unsigned transaction carries it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	frame_support::DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct OfferRequest<T: Config> {
	/// The delivery slot: the one trading now.
	pub slot: SlotIndex,
	/// The ring, as indices of registered market keys, strictly increasing.
	pub ring: BoundedVec<u32, T::MaxRingSize>,
	/// The seller's key image in the scope `(genesis, slot, Offer)`.
	pub key_image: KeyImage,
	/// The market signature over `energy_privacy::offer_message`.
	pub signature: MarketSignature,
	/// The offer's one-time key: it consents to purchases and takes the energy back.
	pub offer_key: sr25519::Public,
	/// The energy notes spent into the lock.
	pub inputs: BoundedVec<TransferInput, T::MaxLockInputs>,
	/// `R`: the offered energy, in Wh, committed.
	pub locked: Commitment,
	/// The range proof of `R`.
	pub range_proof: RangeProofBytes,
	/// Opens `R` for the auditor.
	pub audit: AuditHandle,
	/// What buyers read of the offer (its seller's agent encodes it, for instance encrypted for
	/// the members).
	pub details: BoundedVec<u8, T::MaxOfferDetails>,
	/// The energy pool's lock fee, in Wh.
	pub fee: u64,
	/// The proof-of-work stamp of `energy_privacy::market_stamp_subject`.
	pub stamp: u64,
}

/// A private purchase, as its unsigned transaction carries it.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	frame_support::DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct PurchaseRequest<T: Config> {
	/// The private offer bought from.
	pub offer: OfferId,
	/// The ring, as indices of registered market keys, strictly increasing.
	pub ring: BoundedVec<u32, T::MaxRingSize>,
	/// The buyer's key image in the scope `(genesis, slot, Purchase)`.
	pub key_image: KeyImage,
	/// The market signature over `energy_privacy::purchase_message`.
	pub signature: MarketSignature,
	/// The buyer's one-time key: it releases the payment.
	pub buyer_key: sr25519::Public,
	/// `E` and `M`: the energy bought, in Wh, and the payment, committed.
	pub agreed: AgreementCommitments,
	/// The agreement's range proof (`energy_privacy::prove_agreement`).
	pub proof: RangeProofBytes,
	/// Open `E` and `M` for the auditor.
	pub audits: [AuditHandle; 2],
	/// The offer's one-time key's signature of `energy_privacy::consent_message`.
	pub consent: sr25519::Signature,
	/// The money notes spent into the payment lock, which locks exactly `M`.
	pub inputs: BoundedVec<TransferInput, T::MaxLockInputs>,
	/// The range proof of `M` as the money pool's lock asks for it.
	pub range_proof: RangeProofBytes,
	/// The money pool's lock fee.
	pub fee: u64,
	/// The proof-of-work stamp of `energy_privacy::market_stamp_subject`.
	pub stamp: u64,
}

#[cfg(any(feature = "std", feature = "runtime-benchmarks"))]
impl<T: Config> OfferRequest<T> {
	/// The request of the offer `built` (`energy_privacy::market_builder::build_offer`) for
	/// delivery in `slot`, in `ring`, by the one-time key `offer_key`, with `details` and `fee`.
	pub fn from_built(
		slot: SlotIndex,
		ring: &[u32],
		offer_key: sr25519::Public,
		built: energy_privacy::market_builder::Offer,
		details: alloc::vec::Vec<u8>,
		fee: u64,
	) -> Self {
		Self {
			slot,
			ring: BoundedVec::truncate_from(ring.to_vec()),
			key_image: built.key_image,
			signature: built.signature,
			offer_key,
			inputs: BoundedVec::truncate_from(built.inputs),
			locked: built.locked,
			range_proof: built.range_proof,
			audit: built.audit,
			details: BoundedVec::truncate_from(details),
			fee,
			stamp: built.stamp,
		}
	}
}

#[cfg(any(feature = "std", feature = "runtime-benchmarks"))]
impl<T: Config> PurchaseRequest<T> {
	/// The request of the purchase `built` (`energy_privacy::market_builder::build_purchase`)
	/// from `offer`, in `ring`, by the one-time key `buyer_key`, of the terms `agreed` proven by
	/// `proof` and consented to by `consent`, with `fee`.
	#[allow(clippy::too_many_arguments)]
	pub fn from_built(
		offer: OfferId,
		ring: &[u32],
		buyer_key: sr25519::Public,
		agreed: AgreementCommitments,
		proof: RangeProofBytes,
		consent: sr25519::Signature,
		built: energy_privacy::market_builder::Purchase,
		fee: u64,
	) -> Self {
		Self {
			offer,
			ring: BoundedVec::truncate_from(ring.to_vec()),
			key_image: built.key_image,
			signature: built.signature,
			buyer_key,
			agreed,
			proof,
			audits: built.audits,
			consent,
			inputs: BoundedVec::truncate_from(built.inputs),
			range_proof: built.range_proof,
			fee,
			stamp: built.stamp,
		}
	}
}

/// A private offer whose energy is locked.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PrivateOffer {
	/// Its delivery slot.
	pub slot: SlotIndex,
	/// Its one-time key.
	pub offer_key: sr25519::Public,
	/// `R`, what it locked.
	pub locked: Commitment,
	/// What it has not sold: `R` less the energy of its agreements.
	pub remaining: Commitment,
	/// What goes back to the seller when it closes: `R` less the energy of its agreements
	/// whose payment was refunded (that energy went to the grid operator as the penalty).
	pub returning: Commitment,
	/// How many of its agreements are neither paid nor refunded: it closes once none is.
	pub open: u32,
}

/// A private agreement whose payment is locked.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PrivateAgreement {
	/// Its delivery slot.
	pub slot: SlotIndex,
	/// The offer it bought from.
	pub offer: OfferId,
	/// The buyer's one-time key.
	pub buyer_key: sr25519::Public,
	/// `E`, the energy sold.
	pub energy: Commitment,
	/// `M`, the locked payment.
	pub payment: Commitment,
}

/// The slot's grid prices as bounds on a private agreement's payment per Wh, in the money
/// pool's unit ([`PriceBounds::per_wh`]). `None` if the import price per Wh does not fit a
/// private amount.
pub fn price_bounds(prices: &GridPrices) -> Option<PriceBounds> {
	PriceBounds::per_wh(prices.import_price, prices.feed_in_price)
}
