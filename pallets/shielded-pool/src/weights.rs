//! Weights for `pallet_shielded_pool`. PLACEHOLDERS, not measured: conservative estimates written
//! by hand, in the generated format, until `energy-node benchmark pallet` replaces this file.
//! Run `scripts/benchmark.sh` to measure them.
//!
//! The estimates assume verification runs inside the WebAssembly runtime, several times slower
//! than native code. `shield` and `transfer` verify a range proof, whose 2048 Bulletproofs
//! generators a runtime instance derives on first use: the estimates include that (about 250 ms
//! in WebAssembly), which a benchmark measures only in its first run.

// Command:
// (none yet: to be generated with `energy-node benchmark pallet --pallet pallet_shielded_pool`)

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_shielded_pool`.
pub trait WeightInfo {
	fn shield() -> Weight;
	fn transfer(i: u32, o: u32, r: u32, ) -> Weight;
	fn unshield(r: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:0 w:1)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	fn shield() -> Weight {
		// Proof size: measured `0`, estimated `6196` bytes.
		// Fastest run: not measured.
		Weight::from_parts(320_000_000_000, 6196)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::SpentKeyImages` (r:4 w:4)
	/// Proof: `ShieldedPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:64 w:16)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `i` is `[1, 4]`.
	/// The range of component `o` is `[1, 16]`.
	/// The range of component `r` is `[11, 16]`.
	fn transfer(i: u32, o: u32, r: u32, ) -> Weight {
		// Proof size: measured `0`, estimated `3593 + i * 2523 + i * r * 2587` bytes.
		// Fastest run: not measured.
		Weight::from_parts(300_000_000_000, 3593)
			.saturating_add(Weight::from_parts(10_000_000_000, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(12_000_000_000, 0).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(3_000_000_000, 0).saturating_mul(i.saturating_mul(r).into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(i.saturating_mul(r).into())))
			.saturating_add(T::DbWeight::get().writes(3))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2523).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2587).saturating_mul(i.saturating_mul(r).into()))
	}
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:0)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::SpentKeyImages` (r:1 w:1)
	/// Proof: `ShieldedPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:16 w:0)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[11, 16]`.
	fn unshield(r: u32, ) -> Weight {
		// Proof size: measured `0`, estimated `6196 + r * 2587` bytes.
		// Fastest run: not measured.
		Weight::from_parts(60_000_000_000, 6196)
			.saturating_add(Weight::from_parts(3_000_000_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 2587).saturating_mul(r.into()))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn shield() -> Weight {
		Weight::from_parts(320_000_000_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn transfer(i: u32, o: u32, r: u32, ) -> Weight {
		Weight::from_parts(300_000_000_000, 3593)
			.saturating_add(Weight::from_parts(10_000_000_000, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(12_000_000_000, 0).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(3_000_000_000, 0).saturating_mul(i.saturating_mul(r).into()))
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(i.saturating_mul(r).into())))
			.saturating_add(RocksDbWeight::get().writes(3))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 2523).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2587).saturating_mul(i.saturating_mul(r).into()))
	}
	fn unshield(r: u32, ) -> Weight {
		Weight::from_parts(60_000_000_000, 6196)
			.saturating_add(Weight::from_parts(3_000_000_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(6))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 2587).saturating_mul(r.into()))
	}
}
