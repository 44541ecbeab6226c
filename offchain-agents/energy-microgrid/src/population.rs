//! The households of a simulated micro-grid: who they are, what their energy costs them, and the
//! keys their agents negotiate with.

use energy_household::Household;
use energy_primitives::Balance;
use sp_core::{sr25519::Pair, Pair as _};
use sp_crypto_hashing::blake2_256;

use crate::tariff::CENT;

/// The cheapest and dearest cost of a household's own energy, per kWh: what its PV and battery
/// cost it over their life. Residential PV costs a few cents per kWh over its life; the spread
/// stands for different systems and batteries (the simulator's assumption).
pub const COST_RANGE_PER_KWH: (Balance, Balance) = (4 * CENT, 10 * CENT);

/// One household of the micro-grid.
pub struct Member {
	/// Its account, which also seeds its physical model.
	pub account: [u8; 32],
	/// Its PV, load and battery.
	pub model: Household,
	/// The key its agents sign negotiation messages with.
	pub key: Pair,
	/// What its own energy costs it, per kWh.
	pub cost_per_kwh: Balance,
}

/// `count` households drawn from `seed`: the same seed gives the same micro-grid.
pub fn population(count: usize, seed: u64) -> Vec<Member> {
	(0..count as u64)
		.map(|i| {
			let stream =
				|tag: &[u8]| blake2_256(&[tag, &seed.to_le_bytes(), &i.to_le_bytes()].concat());
			let account = stream(b"household");
			let draw = u128::from_le_bytes(stream(b"cost")[..16].try_into().expect("16 bytes"));
			let (low, high) = COST_RANGE_PER_KWH;
			Member {
				account,
				model: Household::of(account),
				key: Pair::from_seed(&stream(b"negotiation-key")),
				cost_per_kwh: low + draw % (high - low + 1),
			}
		})
		.collect()
}
