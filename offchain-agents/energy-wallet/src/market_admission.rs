//! Admission to a private seller's negotiation: a household proves that it is a member before a
//! seller's agent negotiates with its one-time buyer key, without saying which member it is.
//!
//! The buyer signs its buyer key with its market key in a ring of registered market keys, as a
//! purchase does, but in a scope of the offer's own ([`admission_scope`]): its key image is the
//! same whichever buyer key it signs, so a seller admits one buyer key per household and
//! offer, and an image links to nothing the chain holds (no offer, purchase or registration
//! has that scope). A stranger to the consortium cannot negotiate at all, and a member cannot
//! queue up as many buyers as it makes keys.

use crate::{
	market_file::{bytes32, from_scale_hex, to_hex32, to_scale_hex},
	market_trades::Ring,
};
use anyhow::{anyhow, Result};
use codec::Encode;
use energy_primitives::{OfferId, SlotIndex};
use energy_privacy::{
	market_sign, market_verify, KeyImage, MarketKey, MarketRole, MarketScope, MarketSecret,
	MarketSignature,
};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

/// What an admission's scope and message begin with.
pub const ADMISSION_CONTEXT: &[u8] = b"energy-market/negotiation";

/// The scope of `offer`'s admissions. Its genesis field is a hash of the chain's genesis hash
/// and the offer, so its image base is none the chain uses.
pub fn admission_scope(genesis: &[u8; 32], offer: OfferId, slot: SlotIndex) -> MarketScope {
	let tag = sp_crypto_hashing::blake2_256(&(ADMISSION_CONTEXT, genesis, offer).encode());
	MarketScope { genesis: tag, slot, role: MarketRole::Purchase }
}

/// What an admission signs: the offer and the buyer key it admits.
pub fn admission_message(genesis: &[u8; 32], offer: OfferId, buyer_key: &[u8; 32]) -> Vec<u8> {
	(ADMISSION_CONTEXT, genesis, offer, buyer_key).encode()
}

/// A household's request to negotiate `offer` under `buyer_key`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Admission {
	pub offer: OfferId,
	/// The one-time key the buyer negotiates and buys under, in hex.
	pub buyer_key: String,
	/// The ring's market key indices, increasing.
	pub ring: Vec<u32>,
	/// The household's key image in the offer's scope, SCALE in hex.
	pub key_image: String,
	/// The ring signature, SCALE in hex.
	pub signature: String,
}

/// Signs `buyer_key` into `offer`'s negotiation (of delivery slot `slot`) for the household of
/// `secret`, hidden in `ring`.
pub fn admit<R: RngCore + CryptoRng>(
	genesis: &[u8; 32],
	offer: OfferId,
	slot: SlotIndex,
	ring: &Ring,
	secret: &MarketSecret,
	buyer_key: &[u8; 32],
	rng: &mut R,
) -> Result<Admission> {
	let (signature, image) = market_sign(
		&admission_message(genesis, offer, buyer_key),
		&admission_scope(genesis, offer, slot),
		&ring.keys,
		ring.position,
		secret,
		rng,
	)
	.map_err(|error| anyhow!("cannot sign the admission: {error:?}"))?;
	Ok(Admission {
		offer,
		buyer_key: to_hex32(buyer_key),
		ring: ring.indices.clone(),
		key_image: to_scale_hex(&image),
		signature: to_scale_hex(&signature),
	})
}

/// Why a seller refuses an admission.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Inadmissible {
	/// Its fields do not parse.
	Malformed,
	/// It asks for another offer than the seller's.
	OtherOffer,
	/// Its ring holds fewer keys than the chain's rings must, or more than they may.
	RingSize,
	/// Its ring names a key that is not a current household's, or repeats one.
	UnknownKey,
	/// Its signature is not one of the ring's members over this offer and buyer key.
	BadSignature,
}

impl Inadmissible {
	/// What was wrong, for the buyer and the logs.
	pub fn describe(self) -> &'static str {
		match self {
			Inadmissible::Malformed => "the admission's fields do not parse",
			Inadmissible::OtherOffer => "the admission is for another offer",
			Inadmissible::RingSize => "the admission's ring is smaller or larger than the chain's rings may be",
			Inadmissible::UnknownKey => {
				"the admission's ring names a key that is no current household's, or is out of order"
			}
			Inadmissible::BadSignature => {
				"the admission is not signed by a member of its ring for this offer and buyer key"
			}
		}
	}
}

/// Checks `admission` to `offer` of slot `slot` against the `registered` market keys of current
/// households and the chain's ring sizes: the buyer key it admits and the household's image.
pub fn check_admission(
	admission: &Admission,
	genesis: &[u8; 32],
	offer: OfferId,
	slot: SlotIndex,
	registered: &[(u32, MarketKey)],
	ring_sizes: (u32, u32),
) -> Result<([u8; 32], KeyImage), Inadmissible> {
	let malformed = |_| Inadmissible::Malformed;
	let buyer_key = bytes32(&admission.buyer_key, "buyer key").map_err(malformed)?;
	let image: KeyImage = from_scale_hex(&admission.key_image, "key image").map_err(malformed)?;
	let signature: MarketSignature =
		from_scale_hex(&admission.signature, "signature").map_err(malformed)?;
	let (min_ring, max_ring) = ring_sizes;
	if admission.offer != offer {
		return Err(Inadmissible::OtherOffer);
	}
	if !(min_ring as usize..=max_ring as usize).contains(&admission.ring.len()) {
		return Err(Inadmissible::RingSize);
	}
	if admission.ring.windows(2).any(|pair| pair[0] >= pair[1]) {
		return Err(Inadmissible::UnknownKey);
	}
	let keys = admission
		.ring
		.iter()
		.map(|index| registered.iter().find(|(known, _)| known == index).map(|(_, key)| *key))
		.collect::<Option<Vec<MarketKey>>>()
		.ok_or(Inadmissible::UnknownKey)?;
	market_verify(
		&admission_message(genesis, offer, &buyer_key),
		&admission_scope(genesis, offer, slot),
		&keys,
		&image,
		&signature,
	)
	.map_err(|_| Inadmissible::BadSignature)?;
	Ok((buyer_key, image))
}
