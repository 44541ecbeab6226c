//! Weights for `pallet_shielded_pool`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-12-04; steps 20, repeat 10;
//! machine `vm` (AMD EPYC); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_shielded_pool
// --extrinsic
// shield,transfer,unshield
// --steps
// 20
// --repeat
// 10
// --wasm-execution
// compiled
// --template
// /tmp/cold/repo/scripts/pallet-weights.hbs
// --output
// /tmp/cold/repo/pallets/shielded-pool/src/weights.rs

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
	/// Storage: `ShieldedPool::NoteAddresses` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PublicNotes` (r:0 w:1)
	/// Proof: `ShieldedPool::PublicNotes` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:0 w:1)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	fn shield() -> Weight {
		// Proof size: measured `180`, estimated `6196` bytes.
		// Fastest run: 1_625_562_000 picoseconds.
		Weight::from_parts(1_687_624_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::SpentKeyImages` (r:4 w:4)
	/// Proof: `ShieldedPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteAddresses` (r:16 w:16)
	/// Proof: `ShieldedPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:19 w:16)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `i` is `[1, 4]`.
	/// The range of component `o` is `[1, 16]`.
	/// The range of component `r` is `[11, 16]`.
	fn transfer(i: u32, o: u32, r: u32, ) -> Weight {
		// Proof size: measured `735 + i * 142 + o * 14 + r * 136`, estimated `6196 + i * 3023 + o * 2531 + r * 2480` bytes.
		// Fastest run: 8_232_977_000 picoseconds.
		Weight::from_parts(8_272_225_000, 6196)
			.saturating_add(Weight::from_parts(1_517_492_906, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(389_782_668, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(o.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 3023).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(0, 2480).saturating_mul(r.into()))
	}
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:0)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PublicNotes` (r:16 w:0)
	/// Proof: `ShieldedPool::PublicNotes` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::SpentKeyImages` (r:1 w:1)
	/// Proof: `ShieldedPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:16 w:0)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[11, 16]`.
	fn unshield(r: u32, ) -> Weight {
		// Proof size: measured `512 + r * 126`, estimated `8799 + r * 2595` bytes.
		// Fastest run: 1_580_786_000 picoseconds.
		Weight::from_parts(439_749_074, 8799)
			.saturating_add(Weight::from_parts(108_892_813, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(5))
			.saturating_add(Weight::from_parts(0, 2595).saturating_mul(r.into()))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn shield() -> Weight {
		Weight::from_parts(1_687_624_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn transfer(i: u32, o: u32, r: u32, ) -> Weight {
		Weight::from_parts(8_272_225_000, 6196)
			.saturating_add(Weight::from_parts(1_517_492_906, 0).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(389_782_668, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(o.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(4))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(o.into())))
			.saturating_add(Weight::from_parts(0, 3023).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2531).saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(0, 2480).saturating_mul(r.into()))
	}
	fn unshield(r: u32, ) -> Weight {
		Weight::from_parts(439_749_074, 8799)
			.saturating_add(Weight::from_parts(108_892_813, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(5))
			.saturating_add(Weight::from_parts(0, 2595).saturating_mul(r.into()))
	}
}
