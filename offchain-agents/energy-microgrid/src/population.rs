//! The households of a simulated micro-grid: who they are, what their energy costs them, and the
//! keys their agents negotiate with.

use energy_household::Household;
use energy_primitives::{
	microgrid::{agent_uri, household_uri, meter_uri},
	Balance,
};
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

/// What a household's energy costs it, per kWh, drawn from `draw`, within
/// [`COST_RANGE_PER_KWH`].
fn cost(draw: [u8; 32]) -> Balance {
	let draw = u128::from_le_bytes(draw[..16].try_into().expect("16 bytes"));
	let (low, high) = COST_RANGE_PER_KWH;
	low + draw % (high - low + 1)
}

/// The sr25519 key pair of the development secret URI `uri` (`//Household1`...).
pub fn dev_pair(uri: &str) -> Pair {
	// The URIs of `energy_primitives::microgrid` are well-formed derivations of the dev phrase.
	Pair::from_string(uri, None).expect("a development secret URI")
}

/// The first `count` households of a micro-grid chain spec (`//Household1` and on): each
/// modelled as the meter simulator's roster models its meter (`//Meter{n}`), negotiating with
/// its agent key (`//Household{n}//agent`).
pub fn chain_population(count: usize) -> Vec<Member> {
	(1..=count as u32)
		.map(|n| {
			let account = dev_pair(&household_uri(n)).public().0;
			let meter = dev_pair(&meter_uri(n)).public().0;
			Member {
				account,
				model: Household::in_microgrid(n, meter),
				key: dev_pair(&agent_uri(n)),
				cost_per_kwh: cost(blake2_256(&[b"cost".as_slice(), &account].concat())),
			}
		})
		.collect()
}

/// `count` households drawn from `seed`: the same seed gives the same micro-grid.
pub fn population(count: usize, seed: u64) -> Vec<Member> {
	(0..count as u64)
		.map(|i| {
			let stream =
				|tag: &[u8]| blake2_256(&[tag, &seed.to_le_bytes(), &i.to_le_bytes()].concat());
			let account = stream(b"household");
			Member {
				account,
				model: Household::of(account),
				key: Pair::from_seed(&stream(b"negotiation-key")),
				cost_per_kwh: cost(stream(b"cost")),
			}
		})
		.collect()
}
