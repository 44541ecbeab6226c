//! The shielded pools' fees and limits as the runtime sets them: every shape of private
//! transaction pays at least what a signed transaction of its weight pays (the energy pool's at
//! its reference price), filling the money pool costs more than 20,000 EUR, private transactions
//! rank with signed ones that pay as much, and both pools together leave signed ones half of
//! each block.

use energy_runtime::{
	configs::{EnergyMaxBlockShare, RuntimeBlockWeights, ShieldedMaxBlockShare, ENERGY_FEE_PRICE},
	Runtime, UNIT,
};
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, Pays},
	traits::Get,
	weights::{Weight, WeightToFee},
};
use pallet_shielded_pool::WeightInfo;
use sp_runtime::Perbill;

type Pool = pallet_shielded_pool::Pallet<Runtime>;
type EnergyPool = pallet_shielded_pool::Pallet<Runtime, frame_support::instances::Instance1>;
type Weights = <Runtime as pallet_shielded_pool::Config>::WeightInfo;

fn min_ring() -> u32 {
	<Runtime as pallet_shielded_pool::Config>::MinRingSize::get()
}

fn max_ring() -> u32 {
	<Runtime as pallet_shielded_pool::Config>::MaxRingSize::get()
}

fn max_inputs() -> u32 {
	<Runtime as pallet_shielded_pool::Config>::MaxInputs::get()
}

fn max_outputs() -> u32 {
	<Runtime as pallet_shielded_pool::Config>::MaxOutputs::get()
}

/// What a signed transaction of `weight` pays for its weight: `WeightToFee` of the weight and of
/// an extrinsic's base weight (its length fee comes on top). A private transaction's weight is
/// its call's and the admission's (`pre_dispatch` counting it against the block's share).
fn signed_fee(weight: Weight) -> u128 {
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	<Runtime as pallet_transaction_payment::Config>::WeightToFee::weight_to_fee(
		&weight.saturating_add(base),
	)
}

#[test]
fn every_shape_of_private_transaction_pays_at_least_a_signed_transaction_of_its_weight() {
	for inputs in 1..=max_inputs() {
		for outputs in 1..=max_outputs() {
			for widest in min_ring()..=max_ring() {
				// The weight is charged for the widest ring; the fee counts every ring's members,
				// fewest when the other rings are as small as allowed.
				let members = widest + (inputs - 1) * min_ring();
				let fee = u128::from(Pool::required_transfer_fee(inputs, outputs, members));
				let weight = Weights::transfer(inputs, outputs, widest);
				let due = signed_fee(weight.saturating_add(Pool::admission_weight()));
				assert!(
					fee >= due,
					"transfer({inputs}, {outputs}, {widest}) pays {fee}, a signed transaction of \
					 its weight {due}"
				);
			}
		}
	}
	for ring in min_ring()..=max_ring() {
		let fee = u128::from(Pool::required_unshield_fee(ring));
		let due = signed_fee(Weights::unshield(ring).saturating_add(Pool::admission_weight()));
		assert!(
			fee >= due,
			"unshield({ring}) pays {fee}, a signed transaction of its weight {due}"
		);
	}
}

/// The energy pool runs the money pool's code with the money pool's limits and weights (its
/// configuration names them); its fees, in Wh, are worth at least a signed transaction of the
/// weight at the reference price.
#[test]
fn every_shape_of_private_energy_transaction_pays_at_least_a_signed_transaction_of_its_weight() {
	let worth = |wh: u64| u128::from(wh) * ENERGY_FEE_PRICE;
	for inputs in 1..=max_inputs() {
		for outputs in 1..=max_outputs() {
			for widest in min_ring()..=max_ring() {
				let members = widest + (inputs - 1) * min_ring();
				let fee = worth(EnergyPool::required_transfer_fee(inputs, outputs, members));
				let weight = Weights::transfer(inputs, outputs, widest);
				let due = signed_fee(weight.saturating_add(EnergyPool::admission_weight()));
				assert!(
					fee >= due,
					"energy transfer({inputs}, {outputs}, {widest}): {fee} < {due}"
				);
			}
		}
	}
	for ring in min_ring()..=max_ring() {
		let fee = worth(EnergyPool::required_unshield_fee(ring));
		let due =
			signed_fee(Weights::unshield(ring).saturating_add(EnergyPool::admission_weight()));
		assert!(fee >= due, "energy unshield({ring}): {fee} < {due}");
	}
	// A payment with its change and rings of 16: 40 + 8 + 2 * 80 + 16 Wh.
	assert_eq!(EnergyPool::required_transfer_fee(1, 2, 16), 224);
	assert_eq!(EnergyPool::required_shield_fee(), 80);
}

#[test]
fn the_fees_of_common_shapes_are_the_documented_ones() {
	let cent = UNIT / 100;
	// A payment with its change, rings of 16.
	assert_eq!(u128::from(Pool::required_transfer_fee(1, 2, 16)), 552 * cent / 100);
	assert_eq!(u128::from(Pool::required_unshield_fee(16)), 152 * cent / 100);
	// A shield pays for its note besides its transaction fee.
	assert_eq!(u128::from(Pool::required_shield_fee()), 2 * cent);
}

#[test]
fn filling_the_pool_costs_more_than_twenty_thousand_euros() {
	// The attack: notes stay for good, so whoever fills the pool's `MaxNotes` stops every
	// private payment after it. Every note pays `FeePerOutput`, whichever call makes it.
	let max_notes =
		u128::from(<<Runtime as pallet_shielded_pool::Config>::MaxNotes as Get<u64>>::get());
	let per_note = u128::from(<Runtime as pallet_shielded_pool::Config>::FeePerOutput::get());
	assert!(max_notes * per_note > 20_000 * UNIT);
	// The cheapest way from an empty pool: `MinRingSize` shields (a ring needs that many
	// notes), transfers of one input into the most outputs with the smallest ring (2.09 cents
	// a note, against a shield's 2 cents and its transaction fee), and shields for the rest
	// (cheaper than a transfer's base for a few notes). Without the shields' transaction fees:
	let transfer = u128::from(Pool::required_transfer_fee(1, max_outputs(), min_ring()));
	let shield = u128::from(Pool::required_shield_fee());
	let (first, outputs) = (u128::from(min_ring()), u128::from(max_outputs()));
	let transfers = (max_notes - first) / outputs;
	let rest = (max_notes - first) % outputs;
	let cost = (first + rest) * shield + transfers * transfer;
	assert_eq!((transfers, rest), (65_535, 5));
	assert_eq!(cost, 21_902_117 * UNIT / 1_000);
}

#[test]
fn private_transactions_rank_with_signed_ones_that_pay_as_much() {
	let weight = Weights::transfer(1, 2, max_ring());
	let info = DispatchInfo {
		call_weight: weight,
		extension_weight: Weight::zero(),
		class: DispatchClass::Normal,
		pays_fee: Pays::Yes,
	};
	// About the length of a payment with rings of 16 (it does not limit the count per block).
	let signed = |tip: u128| {
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::get_priority(
			&info, 2_000, tip, 0,
		)
	};
	assert_eq!(Pool::priority(0, weight), signed(0));
	assert_eq!(Pool::priority((UNIT / 100) as u64, weight), signed(UNIT / 100));
	assert!(Pool::priority(0, weight) < Pool::priority(1, weight));
}

#[test]
fn private_transactions_leave_signed_ones_half_of_each_block() {
	let normal = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.unwrap();
	let (money, energy) = (ShieldedMaxBlockShare::get(), EnergyMaxBlockShare::get());
	assert!(money.deconstruct() + energy.deconstruct() <= Perbill::from_percent(50).deconstruct());
	assert_eq!(Pool::block_share(), money * normal);
	assert_eq!(EnergyPool::block_share(), energy * normal);
	// The largest private transaction fits each pool's share several times over.
	let largest = Weights::transfer(max_inputs(), max_outputs(), max_ring());
	assert!(largest.saturating_mul(10).all_lte(Pool::block_share()));
	assert!(largest.saturating_mul(4).all_lte(EnergyPool::block_share()));
}
