//! The micro-grid simulator: a whole micro-grid's households, their forecasting agents and their
//! negotiating agents over simulated market hours, measured against the optimal clearing and a
//! grid-only world. The logic of the `energy-microgrid` program.
//!
//! - [`tariff`]: the grid operator's import and feed-in prices.
//! - [`population`]: the households, their costs and their agents' keys.
//! - [`forecasting`]: the day-ahead forecasts the agents trade on.
//! - [`simulation`]: the engine, one market hour at a time, settled by the chain's rules.
//! - [`report`]: the key figures, tables and CSV files.
//! - [`charts`]: the charts of a run, SVG and PNG.
//! - [`chain`]: the chain as the agents reach it through a node.
//! - [`operator`]: the grid operator's agent, which prices each slot from its tariff.
//! - [`trading`]: the micro-grid trading through a running consortium, the main job.
//!
//! The households are `energy-household`'s model, the agents `energy-negotiation`'s, the
//! forecasters `energy-forecast`'s: the same code the meter simulator serves and the chain's
//! agents run.

pub mod chain;
pub mod charts;
pub mod forecasting;
pub mod operator;
pub mod population;
pub mod report;
pub mod simulation;
pub mod tariff;
pub mod trading;

#[cfg(test)]
mod tests;
