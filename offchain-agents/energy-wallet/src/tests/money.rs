//! Money and addresses.

use super::{wallet, EUR};
use crate::money::{format_address, format_money, parse_account, parse_address, parse_money};

#[test]
fn money_prints_every_significant_decimal_and_parses_back() {
	assert_eq!(format_money(0), "0.00 EUR");
	assert_eq!(format_money(12 * EUR + EUR / 2), "12.50 EUR");
	assert_eq!(format_money(1), "0.000000000001 EUR");
	assert_eq!(format_money(u64::MAX), "18446744.073709551615 EUR");
	for amount in [0, 1, EUR, 12 * EUR + EUR / 2, 123_456_789, u64::MAX] {
		assert_eq!(parse_money(&format_money(amount)).unwrap(), amount);
	}
	assert_eq!(parse_money("12").unwrap(), 12 * EUR);
	assert_eq!(parse_money("0.25").unwrap(), EUR / 4);
	assert_eq!(parse_money(".5").unwrap(), EUR / 2);
	assert_eq!(parse_money("3.").unwrap(), 3 * EUR);
}

#[test]
fn money_refuses_what_is_not_an_amount() {
	let error = |text: &str| format!("{:#}", parse_money(text).unwrap_err());
	assert!(error("").contains("is not an amount of money"));
	assert!(error("-1").contains("is not an amount of money"));
	assert!(error("1,5").contains("is not an amount of money"));
	assert!(error("1e3").contains("is not an amount of money"));
	assert!(error("0.0000000000001").contains("more than 12 decimals"));
	assert!(error("18446744.073709551616").contains("more money than the pool can hold"));
	assert!(error("99999999999999999999999").contains("more money than the pool can hold"));
}

#[test]
fn an_address_round_trips_and_a_bad_one_is_refused() {
	let address = wallet(1).address();
	let text = format_address(&address);
	assert_eq!(text.len(), 2 + 128);
	assert_eq!(parse_address(&text).unwrap(), address);
	assert_eq!(parse_address(&text[2..]).unwrap(), address);

	let error = |text: &str| format!("{:#}", parse_address(text).unwrap_err());
	assert!(error("0x1234").contains("0x and 128 hex digits"));
	assert!(error(&format!("{}zz", &text[..128])).contains("0x and 128 hex digits"));
	// Right length, but 0xff.. is not a canonical point encoding.
	assert!(error(&format!("0x{}", "ff".repeat(64))).contains("not curve points"));
	assert!(format!("{:#}", parse_account("alice").unwrap_err()).contains("not an SS58"));
}
