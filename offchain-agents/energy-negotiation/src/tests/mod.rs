//! Tests of the negotiation core: the ontology's encodings and refusals, the tactics'
//! properties, each state machine's answers, and whole markets of agents run in memory.

mod agents;
mod market;
mod ontology;
mod persistence;
mod strategies;
mod welfare;
mod wire;

use alloc::{collections::BTreeMap, format};
use sp_core::{sr25519::Pair, Pair as _};

use crate::{Household, Key, OfferTerms, Window};

/// The chain the messages are for.
pub const GENESIS: [u8; 32] = [7; 32];

/// A negotiation window of one minute, as the tests' compressed slots have.
pub const WINDOW: Window = Window { opens_at: 1_000_000, closes_at: 1_060_000 };

/// A household with its agent's negotiation key.
pub struct Party {
	pub household: Household,
	pub key: Pair,
}

impl Party {
	/// The household named `name`; its agent's key is derived from the name too.
	pub fn named(name: &str) -> Party {
		let key =
			Pair::from_string(&format!("//{name}//agent"), None).expect("a valid derivation path");
		let household = sp_io::hashing::blake2_256(name.as_bytes());
		Party { household, key }
	}

	pub fn public(&self) -> Key {
		crate::Signer::public(&self.key)
	}
}

/// The keys of `parties` as a seller's directory holds them.
pub fn directory<'a>(parties: impl IntoIterator<Item = &'a Party>) -> BTreeMap<Household, Key> {
	parties.into_iter().map(|p| (p.household, p.public())).collect()
}

/// An offer of `seller` for the slot of the tests.
pub fn offer(id: u64, seller: &Party, floor: u128, cap: u128, energy_wh: u64) -> OfferTerms {
	OfferTerms {
		id,
		slot: 42,
		seller: seller.household,
		seller_key: seller.public(),
		floor,
		cap,
		energy_wh,
	}
}

/// Prices of the tests, in money per kWh (12 decimals: 0.10 and 0.30 EUR).
pub const FLOOR: u128 = 100_000_000_000;
pub const CAP: u128 = 300_000_000_000;
