//! Weights for `pallet_money_gateway`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-12-04; steps 50, repeat 20;
//! machine `vm` (AMD EPYC); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_money_gateway
// --extrinsic
// *
// --steps
// 50
// --repeat
// 20
// --wasm-execution
// compiled
// --template
// /tmp/cold/repo/scripts/pallet-weights.hbs
// --output
// /tmp/cold/repo/pallets/money-gateway/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_money_gateway`.
pub trait WeightInfo {
	fn deposit() -> Weight;
	fn request_withdrawal() -> Weight;
	fn cancel_withdrawal() -> Weight;
	fn pay_withdrawal() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::Deposits` (r:1 w:1)
	/// Proof: `MoneyGateway::Deposits` (`max_values`: None, `max_size`: Some(166), added: 2641, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::TotalDeposited` (r:1 w:1)
	/// Proof: `MoneyGateway::TotalDeposited` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size: measured `372`, estimated `3631` bytes.
		// Fastest run: 45_207_000 picoseconds.
		Weight::from_parts(50_735_000, 3631)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	/// Storage: `MoneyGateway::OpenWithdrawalsOf` (r:1 w:1)
	/// Proof: `MoneyGateway::OpenWithdrawalsOf` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::CounterForWithdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::CounterForWithdrawals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::NextWithdrawalId` (r:1 w:1)
	/// Proof: `MoneyGateway::NextWithdrawalId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::Withdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::Withdrawals` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn request_withdrawal() -> Weight {
		// Proof size: measured `43`, estimated `3640` bytes.
		// Fastest run: 62_693_000 picoseconds.
		Weight::from_parts(71_797_000, 3640)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `MoneyGateway::Withdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::Withdrawals` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::CounterForWithdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::CounterForWithdrawals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::OpenWithdrawalsOf` (r:1 w:1)
	/// Proof: `MoneyGateway::OpenWithdrawalsOf` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn cancel_withdrawal() -> Weight {
		// Proof size: measured `316`, estimated `3640` bytes.
		// Fastest run: 57_676_000 picoseconds.
		Weight::from_parts(99_798_000, 3640)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::Payouts` (r:1 w:1)
	/// Proof: `MoneyGateway::Payouts` (`max_values`: None, `max_size`: Some(90), added: 2565, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::Withdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::Withdrawals` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::TotalWithdrawn` (r:1 w:1)
	/// Proof: `MoneyGateway::TotalWithdrawn` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::CounterForWithdrawals` (r:1 w:1)
	/// Proof: `MoneyGateway::CounterForWithdrawals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `MoneyGateway::OpenWithdrawalsOf` (r:1 w:1)
	/// Proof: `MoneyGateway::OpenWithdrawalsOf` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn pay_withdrawal() -> Weight {
		// Proof size: measured `593`, estimated `3640` bytes.
		// Fastest run: 58_346_000 picoseconds.
		Weight::from_parts(66_328_000, 3640)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(6))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn deposit() -> Weight {
		Weight::from_parts(50_735_000, 3631)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
	fn request_withdrawal() -> Weight {
		Weight::from_parts(71_797_000, 3640)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn cancel_withdrawal() -> Weight {
		Weight::from_parts(99_798_000, 3640)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn pay_withdrawal() -> Weight {
		Weight::from_parts(66_328_000, 3640)
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().writes(6))
	}
}
