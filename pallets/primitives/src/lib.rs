//! Types and constants shared by everything that speaks to the energy marketplace chain: the
//! runtime, its pallets, the node and the off-chain agents. One definition, used everywhere.

#![cfg_attr(not(feature = "std"), no_std)]

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};

/// Block number; at one block every six seconds a `u32` lasts over 800 years.
pub type BlockNumber = u32;

/// Signature of a transaction: sr25519 (the default of polkadot.js), ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account on the chain: the public key of its transaction signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Amount of the money token (the native balance), in its smallest unit.
pub type Balance = u128;

/// Transaction counter of an account.
pub type Nonce = u32;

/// Hash of blocks, extrinsics and data anchors.
pub type Hash = sp_core::H256;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Milliseconds between two blocks: one Aura slot.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;

/// The Aura slot duration. Fixed for the life of a chain: changing it would stop block production.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks in one minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks in one hour: one market slot of the paper.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in one day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Decimal places of the money token: 1 `UNIT` is one unit of fiat (e.g. one euro).
pub const DECIMALS: u8 = 12;
/// One whole unit of the money token.
pub const UNIT: Balance = 10u128.pow(DECIMALS as u32);
/// One thousandth of a unit.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// One millionth of a unit.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "EUR";

/// SS58 address prefix: the generic Substrate prefix, so polkadot.js shows familiar addresses.
pub const SS58_PREFIX: u16 = 42;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn time_units_agree_with_the_block_time() {
		assert_eq!(MINUTES as u64 * MILLISECS_PER_BLOCK, 60_000);
		assert_eq!(HOURS as u64 * MILLISECS_PER_BLOCK, 3_600_000);
		assert_eq!(DAYS, 24 * HOURS);
	}

	#[test]
	fn money_units_nest() {
		assert_eq!(UNIT, 1_000 * MILLI_UNIT);
		assert_eq!(MILLI_UNIT, 1_000 * MICRO_UNIT);
		assert!(EXISTENTIAL_DEPOSIT > 0 && EXISTENTIAL_DEPOSIT < UNIT);
	}
}
