//! A household's negotiating agents as a program of their own, and the grid operator's agent:
//! the multi-agent system of the paper (section 4.4) across processes and machines.
//!
//! - [`peers`]: the ontology over JSON-RPC on HTTP, a seller's server and a buyer's client.
//! - [`flood`]: buyers that load a seller's inbox, to measure what it takes.
//! - [`households`]: the hosted households' seller and buyer agents, slot after slot through
//!   the chain.
//! - [`private`]: one household's agent on the private market, under one-time keys.
//!
//! The grid operator's agent is `energy_microgrid::operator`, which the simulator shares. The
//! agents themselves are `energy-negotiation`'s state machines; the households' model and
//! forecasts are those the micro-grid simulator and the meter simulator use.

pub mod flood;
pub mod households;
pub mod peers;
pub mod private;

#[cfg(test)]
mod tests;
