//! The two pools: each asset's pallet, and its amounts as the user writes and reads them.

use super::EUR;
use crate::asset::Asset;

#[test]
fn each_asset_has_its_pool() {
	assert_eq!(Asset::Money.pallet(), "ShieldedPool");
	assert_eq!(Asset::Energy.pallet(), "EnergyPool");
	assert_eq!(Asset::default(), Asset::Money);
}

#[test]
fn energy_is_written_in_whole_watt_hours_and_parses_back() {
	assert_eq!(Asset::Energy.format(1_500), "1500 Wh");
	assert_eq!(Asset::Energy.number(1_500), "1500");
	assert_eq!(Asset::Energy.format_wide(u128::from(u64::MAX) + 1), "18446744073709551616 Wh");
	for amount in [0, 1, 1_500, u64::MAX] {
		assert_eq!(Asset::Energy.parse(&Asset::Energy.format(amount)).unwrap(), amount);
	}
	assert_eq!(Asset::Energy.parse(" 42 ").unwrap(), 42);
}

#[test]
fn energy_refuses_what_is_not_an_amount() {
	let error = |text: &str| format!("{:#}", Asset::Energy.parse(text).unwrap_err());
	for text in ["", "Wh", "-1", "1.5", "1,5", "1e3", "12 EUR"] {
		assert!(error(text).contains("is not an amount of energy"), "{text:?}: {}", error(text));
	}
	assert!(error("18446744073709551616").contains("more energy than the pool can hold"));
}

#[test]
fn money_is_written_as_before() {
	assert_eq!(Asset::Money.format(12 * EUR + EUR / 2), "12.50 EUR");
	assert_eq!(Asset::Money.number(12 * EUR + EUR / 2), "12.50");
	assert_eq!(Asset::Money.parse("12.5 EUR").unwrap(), 12 * EUR + EUR / 2);
}
