//! The wallet of the shielded pools (`pallet-shielded-pool`, one instance for money and one for
//! energy): a household's view and spend keys in a file, the notes of a pool it owns, and the
//! `shield`, `transfer` and `unshield` transactions that move them; the logic of the
//! `energy-wallet` binary.
//!
//! Everything that needs no node is a plain function (the wallet file, scanning a set of notes,
//! choosing notes to spend, building transactions and their call data), so it is tested offline;
//! [`pool::Pool`] is the connection to a node.
//!
//! - [`asset`]: the two pools, money and energy, and how each writes its amounts.
//! - [`money`]: amounts of money, wallet addresses and accounts, as the user types and reads them.
//! - [`wallet_file`]: the [`Wallet`](wallet_file::Wallet): its keys and owned notes, its file,
//!   and scanning notes for its own.
//! - [`select`]: which notes a payment spends, within the runtime's
//!   [`Limits`](select::Limits).
//! - [`transactions`]: building private transfers and unshields.
//! - [`calls`]: the pool's calls and their call data.
//! - [`pool`]: the connection to a node: reading the pool, submitting calls.
//! - The private market (`energy-wallet market`): [`market_file`] (the household's market
//!   secret and what it must remember to settle its trades), [`market_admission`] (a buyer's
//!   proof of membership to a seller's negotiating agent), [`market_node`] (the connection
//!   to the `PrivateMarket` pallet), [`market_trades`] (building offers, agreements, purchases
//!   and payouts) and [`market_commands`] (what each command does).
//!
//! The chain is reached by the names in its metadata: pallet `ShieldedPool` or `EnergyPool`
//! ([`asset::Asset::pallet`]), its calls, storage
//! items and constants. Call data is the SCALE encoding of `energy-privacy`'s own types (the
//! types the pallet declares its arguments with), placed behind the pallet and call indices the
//! metadata gives; before a call is sent, each argument's bytes are decoded against the type the
//! metadata declares for it, so a runtime whose arguments differ is caught here, not by the node.

pub mod asset;
pub mod calls;
pub mod market_admission;
pub mod market_commands;
pub mod market_file;
pub mod market_node;
pub mod market_trades;
pub mod money;
pub mod pool;
pub mod select;
pub mod transactions;
pub mod wallet_file;

#[cfg(test)]
mod tests;
