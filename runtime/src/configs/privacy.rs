//! Configures privacy: the shielded money pool of private payments.

use crate::{Balances, Runtime, UNIT};
use energy_primitives::MINUTES;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};
use sp_runtime::Perbill;

use super::money::ToBlockAuthor;

// What a private transaction pays, by its shape. Signed transactions pay `WeightToFee` of their
// weight, which is `IdentityFee` here (one unit, 10^-12 EUR, per picosecond); unsigned private
// transactions pay the pool's fee instead, so each part of that fee covers the part of the
// weight it stands for (`pallet_shielded_pool::weights`, with ParityDB's 8 µs a read and 50 µs
// a write):
// - `transfer(i, o, r)` = 8.65 ms + 4 reads + 3 writes (8.83 ms) as its base, 1.23 ms + 2 reads
//   + 1 write (1.29 ms) per input, 0.42 ms + 1 write (0.47 ms) per output and one read (8 µs)
//   per member of its widest ring;
// - `unshield(r)` = 0.46 ms + 6 reads + 4 writes (0.71 ms), and 0.11 ms + 1 read (0.12 ms) per
//   ring member.
// So the base of 1 cent (10 ms) covers either call's base, 0.2 cent (2 ms) an input, 0.02 cent
// (0.2 ms) a ring member, and 2 cents an output many times over: a note stays in the pool for
// good, and that price, not its weight, is what keeps the pool from being filled. A transfer
// pays for the members of all its rings, its weight only for the widest. The runtime's tests
// (`runtime/tests/runtime/privacy.rs`) check every shape against `WeightToFee` of its weight
// and the base weight of an extrinsic, with the weights of `weights.rs` as they are measured.
//
// Figures: a payment (1 input, 2 outputs, a ring of 16) pays 5.52 cents, an unshield with a
// ring of 16 1.52 cents, a shield 2 cents besides its transaction fee. Every note costs at
// least 2 cents, so the 2^20 notes of the pool cost at least 20,971.52 EUR to fill. The
// cheapest way, from an empty pool: 11 shields (a ring needs 11 notes), 65,535 transfers of one
// input into 16 outputs with rings of 11 (33.42 cents each, 2.09 cents a note) and 5 shields
// for the last notes (2.18 cents each with their transaction fee): 21,902.15 EUR.
parameter_types! {
	/// The shielded pool's account: `modl` + `enr/pool`.
	pub const ShieldedPoolId: frame_support::PalletId = frame_support::PalletId(*b"enr/pool");
	/// The base of every private transaction's fee: a cent.
	pub const ShieldedMinFee: u64 = (UNIT / 100) as u64;
	/// A fifth of a cent for each note spent.
	pub const ShieldedFeePerInput: u64 = (UNIT / 500) as u64;
	/// Two cents for each note created, a shield's too.
	pub const ShieldedFeePerOutput: u64 = (UNIT / 50) as u64;
	/// A fiftieth of a cent for each ring member.
	pub const ShieldedFeePerRingMember: u64 = (UNIT / 5_000) as u64;
	/// Private transactions may take half of what a block gives transactions: signed ones
	/// always keep the other half.
	pub const ShieldedMaxBlockShare: Perbill = Perbill::from_percent(50);
}

/// The shielded money pool: money moved into hidden notes, paid privately, moved back out.
/// Rings of 11 to 16 notes (as Monero's 16) hide the spent note; fees go to the block author,
/// as transaction fees do.
impl pallet_shielded_pool::Config for Runtime {
	type Currency = Balances;
	type OnFee = ToBlockAuthor;
	type PalletId = ShieldedPoolId;
	/// 2^20 notes: six years of ten households each paying privately once an hour (a payment
	/// makes two notes, the payee's and the change).
	type MaxNotes = ConstU64<{ 1 << 20 }>;
	type MinRingSize = ConstU32<11>;
	type MaxRingSize = ConstU32<16>;
	type MaxInputs = ConstU32<4>;
	type MaxOutputs = ConstU32<16>;
	type MinFee = ShieldedMinFee;
	type FeePerInput = ShieldedFeePerInput;
	type FeePerOutput = ShieldedFeePerOutput;
	type FeePerRingMember = ShieldedFeePerRingMember;
	type MaxBlockShare = ShieldedMaxBlockShare;
	/// 2^18 hashes: a wallet finds a stamp in about 40 ms on one core (blake2b, about 150 ns a
	/// hash natively), four times what verifying the costliest invalid transaction costs a node
	/// (a 16-output range proof, 10.5 ms, then a ring signature of 16, 1.5 ms) and ten times an
	/// ordinary payment's (2.9 ms).
	type StampBits = ConstU32<18>;
	/// Ten minutes of blocks: a private transaction the pool cannot include by then is
	/// validated again.
	type UnsignedLongevity = ConstU64<{ 10 * MINUTES as u64 }>;
	type WeightInfo = pallet_shielded_pool::weights::SubstrateWeight<Runtime>;
}
