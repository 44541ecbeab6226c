//! The market's negotiation core (paper, section 4.1, step 4): what a seller's and a buyer's
//! agent say to each other about one offer, and how each decides what to say.
//!
//! - [`ontology`]: the messages every agent exchanges, whatever its strategy, signed with the
//!   negotiation key its household published (`publish_info`), in SCALE or JSON.
//! - [`Refusal`]: why a message was refused on receipt, or why a session ended.
//! - [`strategy`]: the prices an agent proposes and accepts over the negotiation window.
//! - [`SellerAgent`] and [`BuyerAgent`]: one offer's seller and one household's buyer, each a
//!   state machine that validates what arrives and answers it.
//! - [`welfare`]: the optimal clearing of the same bids and asks, the yardstick of the agents.
//! - [`exchange`]: a slot's negotiations run in memory over a simulated network, for property
//!   tests and the micro-grid simulator.
//! - [`wire`]: the ontology over JSON-RPC on HTTP, as standalone agents and offchain workers
//!   send and answer it.
//!
//! The crate does no I/O and reads no clock: every call takes `now` (Unix milliseconds) and its
//! transport is the caller's, so it runs unchanged in an offchain worker, in the `energy-agent`
//! program and in property tests that drive thousands of negotiations.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod buyer;
pub mod exchange;
mod keys;
pub mod ontology;
mod refusal;
mod seller;
mod session;
pub mod strategy;
mod terms;
pub mod welfare;
pub mod wire;

#[cfg(test)]
mod tests;

pub use buyer::{BuyerAgent, BuyerConfig, Outgoing};
pub use keys::{verify, Directory, Household, Key, SignatureBytes, Signer};
pub use ontology::{Act, Body, Message};
pub use refusal::Refusal;
pub use seller::{SellerAgent, SellerConfig};
pub use session::{Share, Window, BUYERS_READ_AT, SELLERS_OFFER_AT};
pub use strategy::{Plan, Side, Strategy};
pub use terms::{Agreement, OfferTerms};
