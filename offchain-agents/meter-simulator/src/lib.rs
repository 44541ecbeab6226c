//! The smart meters of a micro-grid, simulated household by household (the `energy-household`
//! model) and served over HTTP to the runtime's offchain workers: the logic of the
//! `meter-simulator` binary.
//!
//! - [`meter`]: a meter's id and what it reports for a slot, a pure function of meter and slot.
//! - [`simulator`]: the HTTP API that serves the meters' readings.
//! - [`roster`]: which household each meter measures.
//! - [`slot_map`]: which hour of the model a market slot stands for.

pub mod meter;
pub mod roster;
pub mod simulator;
pub mod slot_map;
