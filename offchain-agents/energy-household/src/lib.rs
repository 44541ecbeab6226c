//! The micro-grid's household model (paper, section 4.4: what the device drivers report): one
//! household's rooftop PV, its load and its home battery behind one grid connection, hour by
//! hour. The meter simulator serves it to the nodes' meter oracles, and the micro-grid
//! simulator's agents trade what it produces; there is no other model in the repository.
//!
//! - [`sky`]: the sun over the micro-grid's site and the weather every household shares: a
//!   clear-sky irradiance curve dimmed by the day's clouds.
//! - [`load`]: the shape of a household's use over the day and the year.
//! - [`Battery`]: a home battery with a power limit and charging and discharging losses.
//! - [`Household`]: one household's traits, seeded by its id (a consumer, PV alone, or PV and a
//!   battery: [`Kind`]), and its [`Flows`] in a slot.
//!
//! Every figure is a pure function of the household's id, the slot and the [`Installation`], so
//! a simulator keeps no state and answers any slot in any order: the battery's charge at the end
//! of a slot comes from simulating the slot's day from midnight, where the charge is a seeded
//! share of the capacity (so it jumps at midnight; each day is its own story). Slots are hours
//! since the Unix epoch, in UTC. Floating-point work goes through `libm`, a pure-Rust
//! implementation, so every platform computes the same watt-hours.

mod battery;
mod household;
pub mod load;
mod seed;
pub mod sky;

#[cfg(test)]
mod tests;

pub use battery::Battery;
pub use household::{
	Flows, Household, Installation, Kind, DAILY_LOAD_RANGE_WH, KIND_SHARES_PERCENT, PV_PEAK_RANGE_W,
};
pub use sky::Site;

/// Slots in a day: a market slot is one hour.
pub const SLOTS_PER_DAY: u64 = 24;
