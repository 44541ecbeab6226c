//! Slot-scoped ring signatures over market keys: they verify for every ring size and position,
//! link one household's signatures within one scope only, and refuse every change of message,
//! scope, ring, image or signature.

use super::{add_group_order, rng, NOT_A_POINT};
use crate::{
	market_sign, market_verify, Error, KeyImage, MarketKey, MarketRole, MarketScope, MarketSecret,
	MarketSignature, Scalar, MAX_MARKET_RING_SIZE,
};
use codec::{Decode, Encode, MaxEncodedLen};
use curve25519_dalek::{ristretto::RistrettoPoint, traits::Identity};
use proptest::prelude::*;

fn scope(slot: u64, role: MarketRole) -> MarketScope {
	MarketScope { genesis: [7; 32], slot, role }
}

/// The households of a micro-grid: their secrets and registered keys.
struct Households {
	secrets: Vec<MarketSecret>,
	ring: Vec<MarketKey>,
}

impl Households {
	fn new(seed: u64, count: usize) -> Self {
		let mut rng = rng(seed);
		let secrets: Vec<MarketSecret> =
			(0..count).map(|_| MarketSecret::random(&mut rng)).collect();
		let ring = secrets.iter().map(MarketSecret::public_key).collect();
		Self { secrets, ring }
	}
}

/// One signed private offer.
struct Signed {
	message: Vec<u8>,
	scope: MarketScope,
	ring: Vec<MarketKey>,
	image: KeyImage,
	signature: MarketSignature,
}

impl Signed {
	fn new(seed: u64, size: usize, signer: usize) -> Self {
		let households = Households::new(seed, size);
		let message = b"offer 4 kWh in slot 481516".to_vec();
		let scope = scope(481_516, MarketRole::Offer);
		let (signature, image) = market_sign(
			&message,
			&scope,
			&households.ring,
			signer,
			&households.secrets[signer],
			&mut rng(seed ^ 1),
		)
		.unwrap();
		Self { message, scope, ring: households.ring, image, signature }
	}

	fn verify(&self) -> Result<(), Error> {
		market_verify(&self.message, &self.scope, &self.ring, &self.image, &self.signature)
	}
}

#[test]
fn market_signatures_verify_at_every_ring_size_and_position() {
	for size in [1usize, 2, 3, 16, MAX_MARKET_RING_SIZE as usize] {
		for signer in [0, size / 2, size - 1] {
			assert_eq!(Signed::new(size as u64, size, signer).verify(), Ok(()), "{size}/{signer}");
		}
	}
}

#[test]
fn one_household_has_one_image_per_scope_whatever_its_ring() {
	let households = Households::new(1, 6);
	let mut rng = rng(2);
	let slot = scope(10, MarketRole::Offer);
	let sign = |ring: &[MarketKey], signer: usize, scope: &MarketScope, rng: &mut _| {
		let secret = households.ring.iter().position(|key| *key == ring[signer]).unwrap();
		market_sign(b"m", scope, ring, signer, &households.secrets[secret], rng).unwrap().1
	};
	// Household 2 in the whole ring and in a ring of three: the same image, so its second
	// offer in the slot is caught however it picks its ring.
	let whole = sign(&households.ring, 2, &slot, &mut rng);
	let small = sign(&households.ring[1..4], 1, &slot, &mut rng);
	assert_eq!(whole, small);
	assert_eq!(whole, households.secrets[2].key_image(&slot));
	// Another household, another image.
	assert_ne!(whole, sign(&households.ring, 3, &slot, &mut rng));
	// The same household in another slot, role or chain: another image.
	for other in [
		scope(11, MarketRole::Offer),
		scope(10, MarketRole::Purchase),
		MarketScope { genesis: [8; 32], ..slot },
	] {
		assert_ne!(whole, sign(&households.ring, 2, &other, &mut rng), "{other:?}");
	}
}

#[test]
fn market_signatures_refuse_another_message_scope_ring_or_image() {
	let signed = Signed::new(3, 5, 2);
	assert_eq!(signed.verify(), Ok(()));

	let mut other = Signed::new(3, 5, 2);
	other.message.push(0);
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));

	for scope in [
		scope(481_517, MarketRole::Offer),
		scope(481_516, MarketRole::Purchase),
		MarketScope { genesis: [0; 32], ..signed.scope },
	] {
		let other = Signed { scope, ..Signed::new(3, 5, 2) };
		assert_eq!(other.verify(), Err(Error::SignatureInvalid), "{scope:?}");
	}

	// A member replaced, the ring reordered, a member dropped (with its response).
	let mut other = Signed::new(3, 5, 2);
	other.ring[4] = MarketSecret::random(&mut rng(4)).public_key();
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
	let mut other = Signed::new(3, 5, 2);
	other.ring.swap(0, 1);
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
	let mut other = Signed::new(3, 5, 2);
	other.ring.pop();
	other.signature.s.pop();
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));

	// Another household's image in the same scope: a household cannot pose as another to make
	// a second offer, nor spend another's image.
	let households = Households::new(3, 5);
	let other =
		Signed { image: households.secrets[1].key_image(&signed.scope), ..Signed::new(3, 5, 2) };
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
}

#[test]
fn only_a_member_of_the_ring_can_sign() {
	let households = Households::new(5, 4);
	let outsider = MarketSecret::random(&mut rng(6));
	let slot = scope(1, MarketRole::Purchase);
	let mut rng = rng(7);
	assert_eq!(
		market_sign(b"m", &slot, &households.ring, 1, &outsider, &mut rng).map(|_| ()),
		Err(Error::KeyMismatch)
	);
	assert_eq!(
		market_sign(b"m", &slot, &households.ring, 4, &households.secrets[1], &mut rng).map(|_| ()),
		Err(Error::SignerNotInRing)
	);
	assert_eq!(
		market_sign(b"m", &slot, &[], 0, &households.secrets[0], &mut rng).map(|_| ()),
		Err(Error::EmptyRing)
	);
}

#[test]
fn market_rings_are_bounded() {
	let signed = Signed::new(8, 2, 0);
	let empty = Signed { ring: vec![], ..Signed::new(8, 2, 0) };
	assert_eq!(empty.verify(), Err(Error::EmptyRing));
	let oversized = Signed {
		ring: vec![signed.ring[0]; MAX_MARKET_RING_SIZE as usize + 1],
		..Signed::new(8, 2, 0)
	};
	assert_eq!(oversized.verify(), Err(Error::RingTooLarge));
	let mut mismatch = Signed::new(8, 2, 0);
	mismatch.signature.s.pop();
	assert_eq!(mismatch.verify(), Err(Error::RingSizeMismatch));

	let households = Households::new(9, MAX_MARKET_RING_SIZE as usize + 1);
	assert_eq!(
		market_sign(
			b"m",
			&scope(1, MarketRole::Offer),
			&households.ring,
			0,
			&households.secrets[0],
			&mut rng(10)
		)
		.map(|_| ()),
		Err(Error::RingTooLarge)
	);
}

#[test]
fn market_signatures_refuse_malformed_encodings() {
	let signed = Signed::new(11, 3, 1);
	let mut other = Signed::new(11, 3, 1);
	other.signature.c0 = add_group_order(&signed.signature.c0);
	assert_eq!(other.verify(), Err(Error::NonCanonicalScalar));
	let mut other = Signed::new(11, 3, 1);
	other.signature.s[2] = add_group_order(&signed.signature.s[2]);
	assert_eq!(other.verify(), Err(Error::NonCanonicalScalar));
	let mut other = Signed::new(11, 3, 1);
	other.ring[0] = MarketKey(NOT_A_POINT);
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let other = Signed { image: KeyImage(NOT_A_POINT), ..Signed::new(11, 3, 1) };
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let identity = KeyImage(RistrettoPoint::identity().compress().to_bytes());
	let other = Signed { image: identity, ..Signed::new(11, 3, 1) };
	assert_eq!(other.verify(), Err(Error::IdentityKeyImage));
}

/// A signer that knows no secret of the ring: with the image of a key it made up, random
/// responses and any first challenge, the ring does not close.
#[test]
fn a_signature_without_a_ring_secret_is_refused() {
	let households = Households::new(12, 8);
	let mut rng = rng(13);
	let slot = scope(3, MarketRole::Offer);
	let made_up = MarketSecret::random(&mut rng);
	for _ in 0..32 {
		let signature = MarketSignature {
			c0: Scalar::random(&mut rng).to_bytes(),
			s: (0..8)
				.map(|_| Scalar::random(&mut rng).to_bytes())
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
		};
		assert_eq!(
			market_verify(b"m", &slot, &households.ring, &made_up.key_image(&slot), &signature),
			Err(Error::SignatureInvalid)
		);
	}
}

#[test]
fn market_types_encode_with_fixed_bounds() {
	assert_eq!(MarketKey::max_encoded_len(), 32);
	assert_eq!(MarketSignature::max_encoded_len(), 32 + 2 + 64 * 32);
	assert_eq!(MarketScope::max_encoded_len(), 32 + 8 + 1);
	let signed = Signed::new(14, 64, 63);
	let encoded = signed.signature.encode();
	assert_eq!(MarketSignature::decode(&mut &encoded[..]).unwrap(), signed.signature);
	let too_many = (signed.signature.c0, vec![[0u8; 32]; 65]).encode();
	assert!(MarketSignature::decode(&mut &too_many[..]).is_err());
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	#[test]
	fn market_signatures_round_trip(size in 1..=24usize, signer: prop::sample::Index, seed: u64) {
		prop_assert_eq!(Signed::new(seed, size, signer.index(size)).verify(), Ok(()));
	}

	/// Every byte of the signature and of its key image matters.
	#[test]
	fn any_byte_mutation_of_a_market_signature_is_refused(
		size in 1..=12usize,
		position: prop::sample::Index,
		flip in 1..=255u8,
		seed: u64,
	) {
		let mut other = Signed::new(seed, size, size / 2);
		// c0, the responses, then the key image.
		let at = position.index(32 * (size + 2));
		let target = match at / 32 {
			0 => &mut other.signature.c0,
			i if i <= size => &mut other.signature.s[i - 1],
			_ => &mut other.image.0,
		};
		target[at % 32] ^= flip;
		prop_assert!(other.verify().is_err());
	}

	/// Random bytes as a signature are refused, never a panic.
	#[test]
	fn random_market_signatures_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
		if let Ok(signature) = MarketSignature::decode(&mut &bytes[..]) {
			let ring = vec![MarketKey([0; 32]); signature.s.len()];
			let slot = scope(0, MarketRole::Offer);
			prop_assert!(market_verify(b"m", &slot, &ring, &KeyImage([0; 32]), &signature).is_err());
		}
	}
}
