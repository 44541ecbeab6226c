//! The simulated micro-grid's households as a chain spec admits them (`energy-node build-spec
//! --chain microgrid`) and as the simulator's agents sign for them: who household `n` is, its
//! smart meter and its negotiation key, all development keys derived from well-known secret
//! URIs, and what they start with. One definition for the node and the agents, so both name the
//! same accounts.

use crate::{Balance, Installation, UNIT};
use alloc::{format, string::String};

/// Households a micro-grid chain spec admits unless told otherwise.
pub const DEFAULT_HOUSEHOLDS: u32 = 20;

/// Most households a micro-grid chain spec admits: each household and its meter are members of
/// the consortium, beside its six founders, within the runtime's 2,048 members (`MAX_MEMBERS`),
/// with room left for newcomers; the meter oracles of 1,000 households need the offchain
/// workers of four nodes (each reports at most `MAX_METERS_PER_NODE`, 256, meters).
pub const MAX_HOUSEHOLDS: u32 = 1_000;

/// Money each household starts with: enough for a year of its bills.
pub const HOUSEHOLD_FUNDS: Balance = 1_000 * UNIT;

/// Money each smart meter starts with. Accepted readings are free; a refused one pays its fee.
pub const METER_FUNDS: Balance = 10 * UNIT;

/// Every household's audited installation: a 10 kWh battery and a connection that carries
/// 7 kWh per slot each way (the household model's standard installation).
pub const INSTALLATION: Installation =
	Installation { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 };

/// The secret URI of household `n`'s account (`n` from 1): `//Household{n}`.
pub fn household_uri(n: u32) -> String {
	format!("//Household{n}")
}

/// The secret URI of household `n`'s smart meter: `//Meter{n}`.
pub fn meter_uri(n: u32) -> String {
	format!("//Meter{n}")
}

/// The secret URI of the key household `n`'s agents negotiate with: `//Household{n}//agent`.
pub fn agent_uri(n: u32) -> String {
	format!("//Household{n}//agent")
}
