//! Configures privacy: the shielded pools of private payments, one of money and one of energy,
//! and the private market that trades through them.

use crate::{
	AccountId, Balance, Balances, Consortium, EnergyPool, EnergyToken, Market, MeterReadings,
	Runtime, ShieldedPool, UNIT,
};
use energy_primitives::MINUTES;
use frame_support::{
	instances::Instance1,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstU32, ConstU64, OnUnbalanced,
	},
};
use sp_runtime::Perbill;

use super::money::{fee_collector, ToBlockAuthor};

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
	/// Private money transactions may take 35% of what a block gives transactions, private
	/// energy transactions 15% (`EnergyMaxBlockShare`): signed ones always keep the other half.
	pub const ShieldedMaxBlockShare: Perbill = Perbill::from_percent(35);
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

/// The reference price the energy pool's fees are set at: 0.25 EUR a kWh, in money units a Wh
/// (about a household tariff in the EU in 2024, Eurostat's `nrg_pc_204`).
pub const ENERGY_FEE_PRICE: Balance = UNIT / 4_000;

/// A money fee of the money pool as the Wh that are worth at least as much at the reference price.
const fn energy_fee(money: u64) -> u64 {
	(money as Balance).div_ceil(ENERGY_FEE_PRICE) as u64
}

// The energy pool's fees are paid in energy, inside the balance of its notes (a private energy
// transfer has no money to pay with), and are the money pool's fees at the reference price:
// 40 Wh a transaction, 8 Wh an input, 80 Wh a note, 1 Wh a ring member (0.8 rounded up). Its
// calls are the money pool's code over a cheaper ledger (no existential deposit, no providers),
// so the money pool's benchmarked weights bound theirs, and the runtime's tests check every
// shape against a signed transaction of its weight at that price.
parameter_types! {
	/// The energy pool's account: `modl` + `enr/enpl`.
	pub const EnergyPoolId: frame_support::PalletId = frame_support::PalletId(*b"enr/enpl");
	pub const EnergyMinFee: u64 = energy_fee(ShieldedMinFee::get());
	pub const EnergyFeePerInput: u64 = energy_fee(ShieldedFeePerInput::get());
	pub const EnergyFeePerOutput: u64 = energy_fee(ShieldedFeePerOutput::get());
	pub const EnergyFeePerRingMember: u64 = energy_fee(ShieldedFeePerRingMember::get());
	/// See `ShieldedMaxBlockShare`.
	pub const EnergyMaxBlockShare: Perbill = Perbill::from_percent(15);
}

/// The energy pool's fees go to the fee collector, whose energy a ballot pays out: energy is a
/// household's battery charge, which the block's author has no use for.
pub struct EnergyFeesToCollector;
impl OnUnbalanced<Credit<AccountId, EnergyToken>> for EnergyFeesToCollector {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, EnergyToken>) {
		// The energy ledger has no minimum balance: only an overflow of the collector's
		// account could refuse it, and the dropped credit is then counted as burned.
		if <EnergyToken as Balanced<AccountId>>::resolve(&fee_collector(), amount).is_err() {
			frame_support::defensive!("the fee collector could not take the energy pool's fees");
		}
	}
}

/// The shielded energy pool: energy moved into hidden notes, given privately, moved back out;
/// the same code, limits, stamp and weights as the money pool's, over the energy token. Its notes are apart
/// from money notes, so a ring of energy notes never holds money and the assets never mix.
impl pallet_shielded_pool::Config<Instance1> for Runtime {
	type Currency = EnergyToken;
	type OnFee = EnergyFeesToCollector;
	type PalletId = EnergyPoolId;
	type MaxNotes = <Runtime as pallet_shielded_pool::Config>::MaxNotes;
	type MinRingSize = <Runtime as pallet_shielded_pool::Config>::MinRingSize;
	type MaxRingSize = <Runtime as pallet_shielded_pool::Config>::MaxRingSize;
	type MaxInputs = <Runtime as pallet_shielded_pool::Config>::MaxInputs;
	type MaxOutputs = <Runtime as pallet_shielded_pool::Config>::MaxOutputs;
	type MinFee = EnergyMinFee;
	type FeePerInput = EnergyFeePerInput;
	type FeePerOutput = EnergyFeePerOutput;
	type FeePerRingMember = EnergyFeePerRingMember;
	type MaxBlockShare = EnergyMaxBlockShare;
	type StampBits = <Runtime as pallet_shielded_pool::Config>::StampBits;
	type UnsignedLongevity = <Runtime as pallet_shielded_pool::Config>::UnsignedLongevity;
	type WeightInfo = <Runtime as pallet_shielded_pool::Config>::WeightInfo;
}

/// The private market: households offer and buy energy under ring signatures, with hidden
/// amounts locked in the two pools, and settle by release, meter claim or refund.
impl pallet_private_market::Config for Runtime {
	type Roles = Consortium;
	type Market = Market;
	type Meters = MeterReadings;
	type EnergyNotes = EnergyPool;
	type MoneyNotes = ShieldedPool;
	/// The consortium names the auditor, as it names the grid operator.
	type AuditorOrigin = super::governance::ConsortiumMajority;
	/// One key per household; the consortium has at most `MAX_MEMBERS` members.
	type MaxMarketKeys = ConstU32<{ super::governance::MAX_MEMBERS }>;
	/// A ring hides its household among at least two others: a micro-grid of three can trade.
	type MinRingSize = ConstU32<3>;
	/// `energy_privacy::MAX_MARKET_RING_SIZE`, the most its ring signatures take.
	type MaxRingSize = ConstU32<64>;
	/// As many notes as a pool's transfer spends.
	type MaxLockInputs = <Runtime as pallet_shielded_pool::Config>::MaxInputs;
	type MaxOffersPerSlot = ConstU32<64>;
	type MaxPurchasesPerSlot = ConstU32<128>;
	type MaxOfferDetails = ConstU32<256>;
	/// A day of hourly slots for a seller to claim what a silent buyer owes.
	type DefaultClaimSlots = ConstU64<24>;
	type StampBits = <Runtime as pallet_shielded_pool::Config>::StampBits;
	type UnsignedLongevity = <Runtime as pallet_shielded_pool::Config>::UnsignedLongevity;
	type WeightInfo = pallet_private_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::BenchmarkMembers;
}
