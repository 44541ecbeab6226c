//! Weights for `pallet_private_market`.

use frame_support::weights::Weight;

/// The weight of each call of `pallet_private_market`.
pub trait WeightInfo {
	fn set_auditor_key() -> Weight;
	fn register_market_key() -> Weight;
	fn private_offer(r: u32, i: u32, m: u32) -> Weight;
	fn private_purchase(r: u32, i: u32, m: u32) -> Weight;
	fn release_payment() -> Weight;
	fn close_offer() -> Weight;
	fn claim_payment() -> Weight;
	fn refund_payment() -> Weight;
}

impl WeightInfo for () {
	fn set_auditor_key() -> Weight {
		Weight::zero()
	}
	fn register_market_key() -> Weight {
		Weight::zero()
	}
	fn private_offer(_r: u32, _i: u32, _m: u32) -> Weight {
		Weight::zero()
	}
	fn private_purchase(_r: u32, _i: u32, _m: u32) -> Weight {
		Weight::zero()
	}
	fn release_payment() -> Weight {
		Weight::zero()
	}
	fn close_offer() -> Weight {
		Weight::zero()
	}
	fn claim_payment() -> Weight {
		Weight::zero()
	}
	fn refund_payment() -> Weight {
		Weight::zero()
	}
}
