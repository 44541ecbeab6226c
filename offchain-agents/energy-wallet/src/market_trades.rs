//! Building the private market's calls from a household's wallets and market file: the ring a
//! household signs in, the notes a lock spends, offers, the seller's side of an agreement (the
//! terms it hands its buyer), purchases, and every payout. Plain functions of what was read
//! from the chain, so they are tested offline; `energy-wallet market` reads and submits.

use crate::{
	market_file::{
		bytes32, from_scale_hex, new_seed, note, one_time_key, scalar, to_hex32, to_scale_hex,
		MarketFile, OfferRecord, PurchaseRecord, SaleRecord,
	},
	market_node::{market_call, ChainAgreement, ChainOffer, MarketCall, MarketLimits},
	select::Limits,
	wallet_file::{NoteIndex, OwnedNote, Wallet},
};
use anyhow::{anyhow, ensure, Context, Result};
use codec::Encode;
use energy_primitives::{AgreementId, OfferId, SlotIndex};
use energy_privacy::{
	claim_message, close_message, commit, consent_message, create_note,
	market_builder::{self, Agreed, Seat, Spending},
	prove_agreement, refund_message, release_message, AgreementCommitments, AgreementOpening,
	AuditorKey, MarketKey, MarketScope, MarketSecret, Note, PriceBounds, RangeProofBytes, Scalar,
	TxSecret,
};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

/// A household's seat: the ring's key indices (increasing), its keys, the household's place.
pub struct Ring {
	pub indices: Vec<u32>,
	pub keys: Vec<MarketKey>,
	pub position: usize,
}

/// The ring a household with key index `own` signs in: every registered key if they are no
/// more than `limits.max_ring`, else that many drawn at random, its own among them.
pub fn choose_ring<R: RngCore>(
	registered: &[(u32, MarketKey)],
	own: u32,
	limits: &MarketLimits,
	rng: &mut R,
) -> Result<Ring> {
	ensure!(
		registered.len() >= limits.min_ring as usize,
		"only {} households registered market keys, fewer than the {} a ring needs to hide one \
		 in: wait until more have",
		registered.len(),
		limits.min_ring
	);
	let mut chosen: Vec<(u32, MarketKey)> = registered.to_vec();
	// Partial Fisher-Yates over the others, keeping the household's own key.
	chosen.retain(|(index, _)| *index != own);
	let own_key = registered
		.iter()
		.find(|(index, _)| *index == own)
		.context("the household's market key is not among the registered ones")?;
	let others = (limits.max_ring as usize).saturating_sub(1).min(chosen.len());
	for i in 0..others {
		let j = i + (rng.next_u64() % (chosen.len() - i) as u64) as usize;
		chosen.swap(i, j);
	}
	chosen.truncate(others);
	chosen.push(*own_key);
	chosen.sort_by_key(|(index, _)| *index);
	let position = chosen
		.iter()
		.position(|(index, _)| *index == own)
		.expect("the household's own key was added");
	Ok(Ring {
		indices: chosen.iter().map(|(index, _)| *index).collect(),
		keys: chosen.iter().map(|(_, key)| *key).collect(),
		position,
	})
}

/// Unspent notes of `wallet` that hold exactly `amount` and the lock fee of their number with
/// pool rings of `ring` notes, and that fee: a lock has no change, so it spends notes that add
/// up to what it locks. The fewest notes that do, among the wallet's 48 largest.
pub fn exact_notes<'a>(
	wallet: &'a Wallet,
	amount: u64,
	ring: u32,
	limits: &Limits,
) -> Result<(Vec<&'a OwnedNote>, u64)> {
	let mut notes: Vec<&OwnedNote> = wallet.unspent().filter(|note| note.amount > 0).collect();
	notes.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.index.cmp(&b.index)));
	notes.truncate(48);
	for count in 1..=limits.max_inputs.min(4) {
		let fee = limits.fees.lock(count, count * ring);
		let target = u128::from(amount) + u128::from(fee);
		let mut chosen = Vec::new();
		if subset_summing(&notes, count as usize, target, 0, &mut chosen) {
			return Ok((chosen.into_iter().map(|i| notes[i]).collect(), fee));
		}
	}
	let fee = limits.fees.lock(1, ring);
	Err(anyhow!(
		"no unspent notes of the wallet add up to exactly {} and the lock's fee ({} for one \
		 note): a lock has no change. Make such a note first: `energy-wallet{} transfer --to \
		 <this wallet's address> --amount {}`, then `scan`",
		limits.asset.format(amount),
		limits.asset.format(fee),
		match limits.asset {
			crate::asset::Asset::Money => "",
			crate::asset::Asset::Energy => " --asset energy",
		},
		limits.asset.number(amount + fee)
	))
}

/// Whether `count` of `notes` from `from` on add up to `target`; their positions in `chosen`.
fn subset_summing(
	notes: &[&OwnedNote],
	count: usize,
	target: u128,
	from: usize,
	chosen: &mut Vec<usize>,
) -> bool {
	if count == 0 {
		return target == 0;
	}
	for i in from..notes.len() {
		let amount = u128::from(notes[i].amount);
		if amount > target {
			continue;
		}
		chosen.push(i);
		if subset_summing(notes, count - 1, target - amount, i + 1, chosen) {
			return true;
		}
		chosen.pop();
	}
	false
}

/// What a lock spends from: the pool's spend domain and notes, its limits, and the ring.
pub struct PoolView<'a> {
	pub domain: &'a [u8],
	pub notes: &'a [(NoteIndex, Note)],
	pub limits: &'a Limits,
	/// The size of each ring of the lock's spends.
	pub ring: u32,
}

/// What every private offer and purchase is made in: the chain, the delivery slot, the
/// household's seat, the auditor and the stamp's bits.
pub struct MarketView<'a> {
	pub genesis: [u8; 32],
	pub slot: SlotIndex,
	pub ring: &'a Ring,
	pub secret: &'a MarketSecret,
	pub auditor: &'a AuditorKey,
	pub stamp_bits: u32,
}

impl MarketView<'_> {
	fn scope(&self, role: energy_privacy::MarketRole) -> MarketScope {
		MarketScope { genesis: self.genesis, slot: self.slot, role }
	}

	fn seat(&self) -> Seat<'_> {
		Seat {
			ring: &self.ring.indices,
			keys: &self.ring.keys,
			position: self.ring.position,
			secret: self.secret,
		}
	}
}

/// A private offer of exactly `energy` Wh of `energy_wallet`'s notes, with `details` for
/// buyers: the call, and the record the market file keeps (its offer identifier still 0 until
/// the chain gives it). The lock returns to a note of the energy wallet made now, whose
/// blinding the lock takes.
pub fn build_offer<R: RngCore + CryptoRng>(
	market: &MarketView,
	energy_wallet: &Wallet,
	pool: &PoolView,
	energy: u64,
	details: Vec<u8>,
	rng: &mut R,
) -> Result<(MarketCall, OfferRecord, Vec<energy_privacy::KeyImage>)> {
	ensure!(energy > 0, "an offer sells more than nothing");
	let (notes, fee) = exact_notes(energy_wallet, energy, pool.ring, pool.limits)?;
	let spends =
		notes.iter().map(|note| energy_wallet.spendable(note)).collect::<Result<Vec<_>>>()?;
	let (close_note, lock_blinding) =
		create_note(&energy_wallet.address(), &TxSecret::random(rng), 0, energy)
			.map_err(|error| anyhow!("cannot make the offer's closing note: {error}"))?;
	let key_seed = new_seed(rng);
	let offer_key = one_time_key(&key_seed)?.public_key().0;
	let built = market_builder::build_offer(
		&market.scope(energy_privacy::MarketRole::Offer),
		&market.seat(),
		&offer_key,
		&Spending {
			domain: pool.domain,
			spends: &spends,
			decoys: pool.notes,
			ring_size: pool.ring as usize,
			fee,
		},
		&lock_blinding,
		market.auditor,
		&details,
		market.stamp_bits,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the offer: {error}"))?;
	ensure!(built.amount == energy, "the offer's lock holds {} Wh, not {energy}", built.amount);
	let spent = notes.iter().map(|note| note.key_image).collect();
	// `pallet_private_market::OfferRequest`, field by field.
	let request = [
		market.slot.encode(),
		market.ring.indices.encode(),
		built.key_image.encode(),
		built.signature.encode(),
		offer_key.encode(),
		built.inputs.encode(),
		built.locked.encode(),
		built.range_proof.encode(),
		built.audit.encode(),
		details.encode(),
		fee.encode(),
		built.stamp.encode(),
	]
	.concat();
	let record = OfferRecord {
		offer: None,
		slot: market.slot,
		key_seed,
		amount: energy,
		lock_blinding: to_hex32(&lock_blinding.to_bytes()),
		close_note: to_scale_hex(&close_note),
		sales: Vec::new(),
		closed: false,
	};
	Ok((market_call("private_offer", vec![request]), record, spent))
}

/// What a seller hands its buyer once they agreed: everything the buyer's purchase needs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgreedTerms {
	pub genesis_hash: String,
	pub offer: OfferId,
	pub slot: SlotIndex,
	/// The buyer's one-time key, in hex.
	pub buyer_key: String,
	pub energy: u64,
	pub energy_blinding: String,
	pub payment: u64,
	pub payment_blinding: String,
	/// `E` and `M`, SCALE in hex.
	pub agreed: String,
	/// The agreement's proof, SCALE in hex.
	pub proof: String,
	/// The offer key's consent, 64 bytes in hex.
	pub consent: String,
	/// The seller's note the payment is released to, SCALE in hex.
	pub pay_note: String,
}

/// What `offer` (the chain's `chain`) has not sold: its lock less the sales the chain
/// recorded (those of `agreements` whose buyer key and energy are a sale's), and that amount's
/// blinding. It must open the chain's `remaining`.
pub fn remaining(
	offer: &OfferRecord,
	chain: &ChainOffer,
	agreements: &[(AgreementId, ChainAgreement)],
) -> Result<(u64, Scalar)> {
	let id = offer.id()?;
	let mut amount = offer.amount;
	let mut blinding = scalar(&offer.lock_blinding, "the lock's blinding")?;
	for sale in &offer.sales {
		let key = bytes32(&sale.buyer_key, "a buyer's key")?;
		let energy_blinding = scalar(&sale.energy_blinding, "an energy blinding")?;
		let energy = commit(sale.energy, &energy_blinding);
		if agreements.iter().any(|(_, agreement)| {
			agreement.offer == id && agreement.buyer_key == key && agreement.energy == energy
		}) {
			amount -= sale.energy;
			blinding -= energy_blinding;
		}
	}
	ensure!(
		commit(amount, &blinding) == chain.remaining,
		"what offer {id} has left on the chain is not what its recorded sales leave: the market \
		 file is not the one that made it, or lost a sale"
	);
	Ok((amount, blinding))
}

/// The seller's side of an agreement on `offer` (the chain's `chain`, which `agreements`
/// sold from): `energy` Wh for `payment` to a note of `money_wallet`, with the buyer's
/// one-time key `buyer_key`, within `bounds`. Returns the terms for the buyer and the sale the
/// market file keeps.
#[allow(clippy::too_many_arguments)]
pub fn agree<R: RngCore + CryptoRng>(
	genesis: [u8; 32],
	offer: &OfferRecord,
	chain: &ChainOffer,
	agreements: &[(AgreementId, ChainAgreement)],
	bounds: &PriceBounds,
	money_wallet: &Wallet,
	energy: u64,
	payment: u64,
	buyer_key: [u8; 32],
	rng: &mut R,
) -> Result<(AgreedTerms, SaleRecord)> {
	let id = offer.id()?;
	let (left, left_blinding) = remaining(offer, chain, agreements)?;
	ensure!(energy > 0, "an agreement sells more than nothing");
	ensure!(energy <= left, "offer {id} has {left} Wh left, less than {energy} Wh");
	let (low, high) = (
		u128::from(energy) * u128::from(bounds.feed_in_price),
		u128::from(energy) * u128::from(bounds.import_price),
	);
	ensure!(
		(low..=high).contains(&u128::from(payment)),
		"{energy} Wh cost between {low} and {high} in the slot's grid prices (feed-in and import, \
		 in the money token's smallest unit), not {payment}"
	);
	let (pay_note, payment_blinding) =
		create_note(&money_wallet.address(), &TxSecret::random(rng), 0, payment)
			.map_err(|error| anyhow!("cannot make the payment's note: {error}"))?;
	let energy_blinding = Scalar::random(rng);
	let opening = AgreementOpening {
		energy,
		energy_blinding,
		payment,
		payment_blinding,
		remaining: left,
		remaining_blinding: left_blinding,
	};
	let (proof, agreed) = prove_agreement(bounds, &opening, rng)
		.map_err(|error| anyhow!("cannot prove the agreement: {error}"))?;
	let consent = one_time_key(&offer.key_seed)?.sign(&consent_message(
		&genesis,
		id,
		&chain.remaining,
		&agreed,
		&proof,
		&buyer_key,
	));
	let terms = AgreedTerms {
		genesis_hash: to_hex32(&genesis),
		offer: id,
		slot: offer.slot,
		buyer_key: to_hex32(&buyer_key),
		energy,
		energy_blinding: to_hex32(&energy_blinding.to_bytes()),
		payment,
		payment_blinding: to_hex32(&payment_blinding.to_bytes()),
		agreed: to_scale_hex(&agreed),
		proof: to_scale_hex(&proof),
		consent: format!("0x{}", hex::encode(consent.0)),
		pay_note: to_scale_hex(&pay_note),
	};
	let sale = SaleRecord {
		buyer_key: terms.buyer_key.clone(),
		energy,
		energy_blinding: terms.energy_blinding.clone(),
		payment,
		pay_note: terms.pay_note.clone(),
		settled: false,
	};
	Ok((terms, sale))
}

/// A private purchase of `terms` with `money_wallet`'s notes, by the one-time key whose seed
/// is `key_seed`: the call, the record the market file keeps, and the spent notes' key images.
/// The terms are checked first: the amounts open the commitments, the payment's note holds the
/// payment, and the buyer key is the buyer's.
pub fn build_purchase<R: RngCore + CryptoRng>(
	market: &MarketView,
	terms: &AgreedTerms,
	key_seed: &str,
	money_wallet: &Wallet,
	pool: &PoolView,
	rng: &mut R,
) -> Result<(MarketCall, PurchaseRecord, Vec<energy_privacy::KeyImage>)> {
	ensure!(
		terms.genesis_hash == to_hex32(&market.genesis),
		"the terms are for another chain (genesis {})",
		terms.genesis_hash
	);
	let buyer_key = one_time_key(key_seed)?.public_key().0;
	ensure!(terms.buyer_key == to_hex32(&buyer_key), "the terms name another buyer key");
	let agreed: AgreementCommitments = from_scale_hex(&terms.agreed, "the terms' commitments")?;
	let proof: RangeProofBytes = from_scale_hex(&terms.proof, "the terms' proof")?;
	let consent: [u8; 64] = hex::decode(terms.consent.trim_start_matches("0x"))
		.ok()
		.and_then(|bytes| bytes.try_into().ok())
		.context("the terms' consent is not 0x and 64 bytes in hex")?;
	let pay_note = note(&terms.pay_note, "the terms' payment note")?;
	let energy_blinding = scalar(&terms.energy_blinding, "the terms' energy blinding")?;
	let payment_blinding = scalar(&terms.payment_blinding, "the terms' payment blinding")?;
	ensure!(
		commit(terms.energy, &energy_blinding) == agreed.energy
			&& commit(terms.payment, &payment_blinding) == agreed.payment,
		"the terms' amounts do not open their commitments"
	);
	ensure!(
		pay_note.commitment == agreed.payment,
		"the terms' payment note does not hold the payment"
	);
	let (notes, fee) = exact_notes(money_wallet, terms.payment, pool.ring, pool.limits)?;
	let spends =
		notes.iter().map(|note| money_wallet.spendable(note)).collect::<Result<Vec<_>>>()?;
	let built = market_builder::build_purchase(
		&market.scope(energy_privacy::MarketRole::Purchase),
		&market.seat(),
		&Agreed {
			offer: terms.offer,
			buyer_key: &buyer_key,
			commitments: &agreed,
			proof: &proof,
			energy: (terms.energy, energy_blinding),
			payment: (terms.payment, payment_blinding),
			consent: &consent,
		},
		&Spending {
			domain: pool.domain,
			spends: &spends,
			decoys: pool.notes,
			ring_size: pool.ring as usize,
			fee,
		},
		market.auditor,
		market.stamp_bits,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the purchase: {error}"))?;
	let spent = notes.iter().map(|note| note.key_image).collect();
	// `pallet_private_market::PurchaseRequest`, field by field.
	let request = [
		terms.offer.encode(),
		market.ring.indices.encode(),
		built.key_image.encode(),
		built.signature.encode(),
		buyer_key.encode(),
		agreed.encode(),
		proof.encode(),
		built.audits.encode(),
		consent.encode(),
		built.inputs.encode(),
		built.range_proof.encode(),
		fee.encode(),
		built.stamp.encode(),
	]
	.concat();
	let record = PurchaseRecord {
		agreement: None,
		offer: terms.offer,
		slot: terms.slot,
		key_seed: key_seed.to_string(),
		energy: terms.energy,
		energy_blinding: terms.energy_blinding.clone(),
		payment: terms.payment,
		payment_blinding: terms.payment_blinding.clone(),
		pay_note: terms.pay_note.clone(),
		settled: false,
	};
	Ok((market_call("private_purchase", vec![request]), record, spent))
}

/// The buyer's release of `purchase`'s payment (agreement `agreement`) to the seller's note.
pub fn release(
	genesis: [u8; 32],
	agreement: AgreementId,
	purchase: &PurchaseRecord,
) -> Result<MarketCall> {
	let pay_note = note(&purchase.pay_note, "the payment's note")?;
	let signature =
		one_time_key(&purchase.key_seed)?.sign(&release_message(&genesis, agreement, &pay_note));
	Ok(market_call(
		"release_payment",
		vec![agreement.encode(), pay_note.encode(), signature.0.encode()],
	))
}

/// The seller `seller`'s claim of `sale`'s payment (agreement `agreement` of `offer`), which
/// its meter's exports must cover: it names the seller and the sale's energy.
pub fn claim(
	genesis: [u8; 32],
	agreement: AgreementId,
	offer: &OfferRecord,
	sale: &SaleRecord,
	seller: &[u8; 32],
) -> Result<MarketCall> {
	let pay_note = note(&sale.pay_note, "the payment's note")?;
	let message = claim_message(&genesis, agreement, &seller.encode(), &pay_note);
	let signature = one_time_key(&offer.key_seed)?.sign(&message);
	Ok(market_call(
		"claim_payment",
		vec![
			agreement.encode(),
			pay_note.encode(),
			sale.energy.encode(),
			bytes32(&sale.energy_blinding, "the sale's energy blinding")?.encode(),
			signature.0.encode(),
		],
	))
}

/// The buyer's refund of `purchase`'s payment (agreement `agreement`) to a new note of
/// `money_wallet`, proven to hold the payment; the seller's energy goes to the grid operator.
pub fn refund<R: RngCore + CryptoRng>(
	genesis: [u8; 32],
	agreement: AgreementId,
	purchase: &PurchaseRecord,
	money_wallet: &Wallet,
	rng: &mut R,
) -> Result<MarketCall> {
	let payment_blinding = scalar(&purchase.payment_blinding, "the payment's blinding")?;
	let payment = commit(purchase.payment, &payment_blinding);
	let (note, blinding) =
		create_note(&money_wallet.address(), &TxSecret::random(rng), 0, purchase.payment)
			.map_err(|error| anyhow!("cannot make the refund's note: {error}"))?;
	let message = refund_message(&genesis, agreement, &note);
	let proof = market_builder::reblinding(
		genesis,
		&note.commitment,
		&blinding,
		&payment,
		&payment_blinding,
		&message,
		rng,
	)
	.map_err(|error| anyhow!("cannot prove the refund's note: {error}"))?;
	let signature = one_time_key(&purchase.key_seed)?.sign(&message);
	Ok(market_call(
		"refund_payment",
		vec![
			agreement.encode(),
			note.encode(),
			Some(proof).encode(),
			purchase.energy.encode(),
			bytes32(&purchase.energy_blinding, "the energy's blinding")?.encode(),
			signature.0.encode(),
		],
	))
}

/// The close of `offer` (the chain's `chain`), returning what its lock returns to a note of
/// `energy_wallet`: the closing note made with the offer when nothing was penalised, or else a
/// new note of what is left once the refunded sales' energy went to the grid operator, with
/// its proof. Returns the call and the amount returned.
pub fn close<R: RngCore + CryptoRng>(
	genesis: [u8; 32],
	offer: &OfferRecord,
	chain: &ChainOffer,
	energy_wallet: &Wallet,
	rng: &mut R,
) -> Result<(MarketCall, u64)> {
	let id = offer.id()?;
	let close_note = note(&offer.close_note, "the offer's closing note")?;
	let key = one_time_key(&offer.key_seed)?;
	if close_note.commitment == chain.returning {
		let signature = key.sign(&close_message(&genesis, id, &close_note));
		let none: Option<(energy_privacy::MarketSignature, energy_privacy::KeyImage)> = None;
		let args = vec![id.encode(), close_note.encode(), none.encode(), signature.0.encode()];
		return Ok((market_call("close_offer", args), offer.amount));
	}
	// The lock returns R less the energy of the sales whose payments were refunded: find which.
	let lock_blinding = scalar(&offer.lock_blinding, "the lock's blinding")?;
	let sales: Vec<(u64, Scalar)> = offer
		.sales
		.iter()
		.map(|sale| Ok((sale.energy, scalar(&sale.energy_blinding, "an energy blinding")?)))
		.collect::<Result<_>>()?;
	ensure!(sales.len() <= 16, "offer {id} has too many sales to search");
	let (returned, returned_blinding) = (0u32..1 << sales.len())
		.map(|penalised| {
			sales.iter().enumerate().filter(|(i, _)| penalised & (1 << i) != 0).fold(
				(offer.amount, lock_blinding),
				|(amount, blinding), (_, (energy, energy_blinding))| {
					(amount.saturating_sub(*energy), blinding - energy_blinding)
				},
			)
		})
		.find(|(amount, blinding)| commit(*amount, blinding) == chain.returning)
		.with_context(|| {
			format!("what offer {id} returns on the chain matches none of its sales")
		})?;
	let (note, blinding) =
		create_note(&energy_wallet.address(), &TxSecret::random(rng), 0, returned)
			.map_err(|error| anyhow!("cannot make the returned note: {error}"))?;
	let message = close_message(&genesis, id, &note);
	let proof = market_builder::reblinding(
		genesis,
		&note.commitment,
		&blinding,
		&chain.returning,
		&returned_blinding,
		&message,
		rng,
	)
	.map_err(|error| anyhow!("cannot prove the returned note: {error}"))?;
	let signature = key.sign(&message);
	let args = vec![id.encode(), note.encode(), Some(proof).encode(), signature.0.encode()];
	Ok((market_call("close_offer", args), returned))
}

/// The offers and purchases of `file` whose identifiers a crash left unknown (their records are
/// written before they are sent), found among the chain's `offers` and `agreements` by their
/// one-time keys; those not found once their delivery slot has come (`now` is the slot now)
/// never reached the chain, or (a purchase) its seller has claimed it: nothing is left to do.
pub fn resolve_pending(
	file: &mut MarketFile,
	offers: &[(OfferId, ChainOffer)],
	agreements: &[(AgreementId, ChainAgreement)],
	now: SlotIndex,
) -> Result<()> {
	for record in file.offers.iter_mut().filter(|record| record.offer.is_none()) {
		let key = one_time_key(&record.key_seed)?.public_key().0;
		record.offer = offers.iter().find(|(_, offer)| offer.offer_key == key).map(|(id, _)| *id);
		record.closed = record.offer.is_none() && record.slot <= now;
	}
	for record in
		file.purchases.iter_mut().filter(|record| record.agreement.is_none() && !record.settled)
	{
		let key = one_time_key(&record.key_seed)?.public_key().0;
		record.agreement =
			agreements.iter().find(|(_, agreement)| agreement.buyer_key == key).map(|(id, _)| *id);
		record.settled = record.agreement.is_none() && record.slot <= now;
	}
	Ok(())
}
