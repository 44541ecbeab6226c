//! The ERC20 views of the energy token, for wallets and agents (`state_call`, or polkadot.js
//! `api.call.energyTokenApi.*`): the runtime API of `pallet-energy-token`, which the runtime
//! implements.

#![cfg_attr(not(feature = "std"), no_std)]

pub use energy_primitives::Energy;
pub use pallet_energy_token::EnergyAccount;

sp_api::decl_runtime_apis! {
	/// Reads the energy token's ledger.
	pub trait EnergyTokenApi<AccountId> where AccountId: codec::Codec {
		/// Watt-hours in existence: free plus held.
		fn total_supply() -> Energy;
		/// The account's watt-hours: what it can spend (`free`) and what is held.
		fn balance_of(who: AccountId) -> EnergyAccount;
		/// How many of `owner`'s watt-hours `spender` may still transfer.
		fn allowance(owner: AccountId, spender: AccountId) -> Energy;
	}
}
