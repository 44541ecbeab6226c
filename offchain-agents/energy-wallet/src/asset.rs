//! The two shielded pools the wallet works with: money (`ShieldedPool`, EUR) and energy
//! (`EnergyPool`, Wh). Both are the same pallet with the same calls, so everything but the
//! pallet's name and how amounts are written is shared.

use crate::money::{format_money, format_money_wide, parse_money, Amount};
use anyhow::{anyhow, ensure, Result};
use energy_primitives::TOKEN_SYMBOL;

/// The unit energy amounts are written in.
const ENERGY_UNIT: &str = "Wh";

/// Which pool, and so which token.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, clap::ValueEnum)]
pub enum Asset {
	/// The money pool: amounts in EUR, with up to 12 decimals.
	#[default]
	Money,
	/// The energy pool: amounts in whole Wh.
	Energy,
}

impl Asset {
	/// The runtime's name of the asset's pool pallet.
	pub fn pallet(self) -> &'static str {
		match self {
			Asset::Money => "ShieldedPool",
			Asset::Energy => "EnergyPool",
		}
	}

	/// The asset's unit as amounts are written: `EUR` or `Wh`.
	pub fn unit(self) -> &'static str {
		match self {
			Asset::Money => TOKEN_SYMBOL,
			Asset::Energy => ENERGY_UNIT,
		}
	}

	/// `amount` with its unit: `12.50 EUR`, `1500 Wh`.
	pub fn format(self, amount: Amount) -> String {
		match self {
			Asset::Money => format_money(amount),
			Asset::Energy => format!("{amount} {ENERGY_UNIT}"),
		}
	}

	/// Like [`Asset::format`], for sums of notes (which may exceed what one amount holds).
	pub fn format_wide(self, amount: u128) -> String {
		match self {
			Asset::Money => format_money_wide(amount),
			Asset::Energy => format!("{amount} {ENERGY_UNIT}"),
		}
	}

	/// `amount` as one types it after `--amount`: the number without its unit.
	pub fn number(self, amount: Amount) -> String {
		self.format(amount).trim_end_matches(self.unit()).trim_end().to_string()
	}

	/// An amount as the user wrote it (`12.5`, `12.5 EUR`; `1500`, `1500 Wh`).
	pub fn parse(self, text: &str) -> Result<Amount> {
		match self {
			Asset::Money => parse_money(text),
			Asset::Energy => parse_energy(text),
		}
	}
}

/// An amount of energy written as whole Wh (`1500`, `1500 Wh`).
fn parse_energy(text: &str) -> Result<Amount> {
	let number = text.trim();
	let number = number.strip_suffix(ENERGY_UNIT).unwrap_or(number).trim_end();
	ensure!(
		!number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit()),
		"{text:?} is not an amount of energy: write it in whole {ENERGY_UNIT} like 1500"
	);
	number.parse().map_err(|_| {
		anyhow!(
			"{text:?} is more energy than the pool can hold: at most {} {ENERGY_UNIT}",
			u64::MAX
		)
	})
}
