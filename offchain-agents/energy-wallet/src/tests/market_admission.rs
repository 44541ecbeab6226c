//! A buyer's admission to a private seller's negotiation: a member's ring signature over its
//! buyer key, one image per household and offer, linking to nothing the chain holds.

use super::*;
use crate::{
	market_admission::{admission_scope, admit, check_admission, Admission, Inadmissible},
	market_file::{to_hex32, to_scale_hex},
	market_node::MarketLimits,
	market_trades::{choose_ring, Ring},
};
use energy_privacy::{MarketKey, MarketRole, MarketScope, MarketSecret};

const GENESIS: [u8; 32] = [5; 32];
const LIMITS: MarketLimits = MarketLimits { min_ring: 3, max_ring: 4, stamp_bits: 8 };
const SIZES: (u32, u32) = (LIMITS.min_ring, LIMITS.max_ring);

fn households(count: u8) -> (Vec<MarketSecret>, Vec<(u32, MarketKey)>) {
	let mut rng = deterministic_rng(60);
	let secrets: Vec<MarketSecret> = (0..count).map(|_| MarketSecret::random(&mut rng)).collect();
	let keys = secrets.iter().enumerate().map(|(i, s)| (i as u32, s.public_key())).collect();
	(secrets, keys)
}

fn ring_of(registered: &[(u32, MarketKey)], own: u32) -> Ring {
	choose_ring(registered, own, &LIMITS, &mut deterministic_rng(own.into())).unwrap()
}

fn admitted(
	admission: &Admission,
	registered: &[(u32, MarketKey)],
) -> Result<[u8; 32], Inadmissible> {
	check_admission(admission, &GENESIS, 7, 42, registered, SIZES).map(|(buyer, _)| buyer)
}

#[test]
fn a_member_admits_its_buyer_key_with_one_image_per_offer_whatever_its_ring() {
	let (secrets, registered) = households(8);
	let mut rng = deterministic_rng(61);
	let (buyer, other_buyer) = ([1; 32], [2; 32]);
	let first =
		admit(&GENESIS, 7, 42, &ring_of(&registered, 3), &secrets[3], &buyer, &mut rng).unwrap();
	assert_eq!(admitted(&first, &registered), Ok(buyer));
	// Another ring and another buyer key: the same household's image for this offer.
	let again =
		admit(&GENESIS, 7, 42, &ring_of(&registered[2..], 3), &secrets[3], &other_buyer, &mut rng)
			.unwrap();
	assert_ne!(first.ring, again.ring);
	let image = |admission: &Admission| {
		check_admission(admission, &GENESIS, admission.offer, 42, &registered, SIZES).unwrap().1
	};
	assert_eq!(image(&first), image(&again));
	// Another household, or another offer: another image.
	let neighbour =
		admit(&GENESIS, 7, 42, &ring_of(&registered, 4), &secrets[4], &buyer, &mut rng).unwrap();
	assert_ne!(image(&first), image(&neighbour));
	let next_offer =
		admit(&GENESIS, 8, 42, &ring_of(&registered, 3), &secrets[3], &buyer, &mut rng).unwrap();
	assert_ne!(image(&first), image(&next_offer));
	// The image links to none of the scopes the chain uses for that household.
	for role in [MarketRole::Offer, MarketRole::Purchase, MarketRole::Registration] {
		for (genesis, slot) in
			[(GENESIS, 42), (GENESIS, 0), (admission_scope(&GENESIS, 7, 42).genesis, 0)]
		{
			let scope = MarketScope { genesis, slot, role };
			assert_ne!(to_scale_hex(&secrets[3].key_image(&scope)), first.key_image);
		}
	}
}

#[test]
fn admissions_of_strangers_of_other_keys_offers_or_rings_are_refused() {
	let (secrets, registered) = households(5);
	let mut rng = deterministic_rng(62);
	let buyer = [1; 32];
	let good =
		admit(&GENESIS, 7, 42, &ring_of(&registered, 1), &secrets[1], &buyer, &mut rng).unwrap();
	// A stranger whose key no household registered signs in a ring with its own key: the seller,
	// reading the chain's keys, does not know it.
	let stranger = MarketSecret::random(&mut rng);
	let with_stranger = [&registered[..3], &[(9, stranger.public_key())]].concat();
	let forged =
		admit(&GENESIS, 7, 42, &ring_of(&with_stranger, 9), &stranger, &buyer, &mut rng).unwrap();
	assert_eq!(admitted(&forged, &registered), Err(Inadmissible::UnknownKey));
	// Or it claims a member's index for its own key.
	let claimed = [&registered[..3], &[(4, stranger.public_key())]].concat();
	let forged =
		admit(&GENESIS, 7, 42, &ring_of(&claimed, 4), &stranger, &buyer, &mut rng).unwrap();
	assert_eq!(admitted(&forged, &registered), Err(Inadmissible::BadSignature));
	// A buyer key, offer, slot or chain other than signed.
	let mut swapped = good.clone();
	swapped.buyer_key = to_hex32(&[2; 32]);
	assert_eq!(admitted(&swapped, &registered), Err(Inadmissible::BadSignature));
	let mut other_offer = good.clone();
	other_offer.offer = 8;
	assert_eq!(admitted(&other_offer, &registered), Err(Inadmissible::OtherOffer));
	assert_eq!(
		check_admission(&other_offer, &GENESIS, 8, 42, &registered, SIZES).err(),
		Some(Inadmissible::BadSignature)
	);
	assert_eq!(
		check_admission(&good, &GENESIS, 7, 43, &registered, SIZES).err(),
		Some(Inadmissible::BadSignature)
	);
	assert_eq!(
		check_admission(&good, &[6; 32], 7, 42, &registered, SIZES).err(),
		Some(Inadmissible::BadSignature)
	);
	// Rings the chain's sizes do not allow, or out of order.
	let small = Ring {
		indices: vec![0, 1],
		keys: registered[..2].iter().map(|(_, key)| *key).collect(),
		position: 1,
	};
	let small = admit(&GENESIS, 7, 42, &small, &secrets[1], &buyer, &mut rng).unwrap();
	assert_eq!(admitted(&small, &registered), Err(Inadmissible::RingSize));
	let mut unordered = good.clone();
	unordered.ring.reverse();
	assert_eq!(admitted(&unordered, &registered), Err(Inadmissible::UnknownKey));
	// Bytes that are no image or signature.
	let mut garbled = good.clone();
	garbled.key_image = "0x00".into();
	assert_eq!(admitted(&garbled, &registered), Err(Inadmissible::Malformed));
	// And the good one still is.
	assert_eq!(admitted(&good, &registered), Ok(buyer));
}
