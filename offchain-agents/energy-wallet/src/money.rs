//! Money and addresses as the user types them and the wallet prints them: amounts of the money
//! token, the wallet's public addresses, and the chain's accounts.

use anyhow::{anyhow, ensure, Context, Result};
use energy_primitives::{DECIMALS, TOKEN_SYMBOL};
use energy_privacy::{OneTimeAddress, PublicAddress};
use subxt::utils::AccountId32;

// ---------------------------------------------------------------------------------------------
// Money amounts

/// An amount inside the pool, in the money token's smallest unit (`pallet_shielded_pool::Amount`).
pub type Amount = u64;

/// `amount` of the money token's smallest unit as money, e.g. `12.50 EUR`: every significant
/// decimal (so an amount can be copied back into `--amount` exactly), and at least two.
pub fn format_money(amount: Amount) -> String {
	let scale = 10u64.pow(u32::from(DECIMALS));
	let fraction = format!("{:0width$}", amount % scale, width = usize::from(DECIMALS));
	let fraction = fraction.trim_end_matches('0');
	format!("{}.{fraction:0<2} {TOKEN_SYMBOL}", amount / scale)
}

/// An amount of money written as a decimal number of units (`12`, `12.5`, `0.000001`; an
/// optional ` EUR` after it), in the money token's smallest unit.
pub fn parse_money(text: &str) -> Result<Amount> {
	let number = text.trim();
	let number = number.strip_suffix(TOKEN_SYMBOL).unwrap_or(number).trim_end();
	let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
	let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
	ensure!(
		!(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction),
		"{text:?} is not an amount of money: write it in {TOKEN_SYMBOL} like 12 or 0.25"
	);
	ensure!(
		fraction.len() <= usize::from(DECIMALS),
		"{text:?} has more than {DECIMALS} decimals, the money token's smallest unit"
	);
	let too_large = || {
		anyhow!("{text:?} is more money than the pool can hold: at most {}", format_money(u64::MAX))
	};
	let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
	let fraction: u64 = format!("{fraction:0<width$}", width = usize::from(DECIMALS))
		.parse()
		.expect("at most DECIMALS digits fit in a u64");
	whole
		.checked_mul(10u64.pow(u32::from(DECIMALS)))
		.and_then(|units| units.checked_add(fraction))
		.ok_or_else(too_large)
}

/// Like [`format_money`], for sums of notes (which may exceed what one amount can hold).
pub(crate) fn format_money_wide(amount: u128) -> String {
	match Amount::try_from(amount) {
		Ok(amount) => format_money(amount),
		Err(_) => format!("{amount} units of {TOKEN_SYMBOL}"),
	}
}

// ---------------------------------------------------------------------------------------------
// Addresses

/// A public address as the wallet prints it: `0x` and the hex of the view key `A` then the spend
/// key `B`, 64 bytes.
pub fn format_address(address: &PublicAddress) -> String {
	format!("0x{}{}", hex::encode(address.view), hex::encode(address.spend))
}

/// A public address printed by [`format_address`]; both keys must be curve points.
pub fn parse_address(text: &str) -> Result<PublicAddress> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(digits)
		.ok()
		.filter(|bytes| bytes.len() == 64)
		.with_context(|| format!("{text:?} is not a wallet address: 0x and 128 hex digits"))?;
	let mut address = PublicAddress { view: [0; 32], spend: [0; 32] };
	address.view.copy_from_slice(&bytes[..32]);
	address.spend.copy_from_slice(&bytes[32..]);
	// Every 32-byte type of energy-privacy checks that its bytes encode a point the same way.
	ensure!(
		OneTimeAddress(address.view).check().is_ok()
			&& OneTimeAddress(address.spend).check().is_ok(),
		"{text:?} is not a wallet address: its keys are not curve points"
	);
	Ok(address)
}

/// An account of the chain as an SS58 address, for `unshield --dest`.
pub fn parse_account(text: &str) -> Result<AccountId32> {
	text.parse().map_err(|error| anyhow!("{text:?} is not an SS58 account address: {error}"))
}
