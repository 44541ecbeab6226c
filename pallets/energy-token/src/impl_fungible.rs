//! The `fungible` traits over the energy ledger, so other pallets mint, burn, move and hold energy
//! through the standard interface. There is no existential deposit and no freeze: every watt-hour
//! an account has is its to spend, and an account is forgotten only when it holds nothing.

use crate::{pallet::*, EnergyAccount};
use energy_primitives::Energy;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, hold, Dust, HandleImbalanceDrop},
		tokens::{DepositConsequence, Fortitude, Preservation, Provenance, WithdrawConsequence},
	},
};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// Writes an account, forgetting it once it holds nothing.
	fn write_account(who: &T::AccountId, account: EnergyAccount) {
		if account.total() == 0 {
			Accounts::<T>::remove(who);
		} else {
			Accounts::<T>::insert(who, account);
		}
	}
}

impl<T: Config> fungible::Inspect<T::AccountId> for Pallet<T> {
	type Balance = Energy;

	fn total_issuance() -> Energy {
		TotalSupply::<T>::get()
	}

	fn minimum_balance() -> Energy {
		0
	}

	fn total_balance(who: &T::AccountId) -> Energy {
		Accounts::<T>::get(who).total()
	}

	fn balance(who: &T::AccountId) -> Energy {
		Accounts::<T>::get(who).free
	}

	fn reducible_balance(who: &T::AccountId, _: Preservation, _: Fortitude) -> Energy {
		Accounts::<T>::get(who).free
	}

	fn can_deposit(
		who: &T::AccountId,
		amount: Energy,
		provenance: Provenance,
	) -> DepositConsequence {
		if amount == 0 {
			return DepositConsequence::Success;
		}
		if provenance == Provenance::Minted && TotalSupply::<T>::get().checked_add(amount).is_none()
		{
			return DepositConsequence::Overflow;
		}
		match Accounts::<T>::get(who).total().checked_add(amount) {
			Some(_) => DepositConsequence::Success,
			None => DepositConsequence::Overflow,
		}
	}

	fn can_withdraw(who: &T::AccountId, amount: Energy) -> WithdrawConsequence<Energy> {
		if amount == 0 {
			return WithdrawConsequence::Success;
		}
		if TotalSupply::<T>::get() < amount {
			return WithdrawConsequence::Underflow;
		}
		let account = Accounts::<T>::get(who);
		match account.free.checked_sub(amount) {
			None => WithdrawConsequence::BalanceLow,
			Some(0) if account.held == 0 => WithdrawConsequence::ReducedToZero(0),
			Some(_) => WithdrawConsequence::Success,
		}
	}
}

impl<T: Config> fungible::Unbalanced<T::AccountId> for Pallet<T> {
	fn handle_dust(_: Dust<T::AccountId, Self>) {
		// With no minimum balance, `write_balance` never leaves dust.
	}

	fn write_balance(who: &T::AccountId, amount: Energy) -> Result<Option<Energy>, DispatchError> {
		let mut account = Accounts::<T>::get(who);
		account.free = amount;
		account.held.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		Self::write_account(who, account);
		Ok(None)
	}

	fn set_total_issuance(amount: Energy) {
		TotalSupply::<T>::put(amount);
	}
}

impl<T: Config> fungible::Mutate<T::AccountId> for Pallet<T> {
	fn done_mint_into(who: &T::AccountId, amount: Energy) {
		TotalMinted::<T>::mutate(|minted| *minted = minted.saturating_add(amount));
		Self::deposit_event(Event::Minted { who: who.clone(), amount });
	}

	fn done_burn_from(who: &T::AccountId, amount: Energy) {
		TotalBurned::<T>::mutate(|burned| *burned = burned.saturating_add(amount));
		Self::deposit_event(Event::Burned { who: who.clone(), amount });
	}

	// Shelving takes energy out of existence for a while; restoring brings it back. The ledger
	// counts them as burning and minting so that minted - burned stays the supply.
	fn done_shelve(who: &T::AccountId, amount: Energy) {
		Self::done_burn_from(who, amount);
	}

	fn done_restore(who: &T::AccountId, amount: Energy) {
		Self::done_mint_into(who, amount);
	}

	fn done_transfer(source: &T::AccountId, dest: &T::AccountId, amount: Energy) {
		Self::deposit_event(Event::Transfer { from: source.clone(), to: dest.clone(), amount });
	}
}

/// Imbalances, for pallets that take energy out of one account and put it into another (the
/// energy pool's fees, which go to the fee collector). They never create or destroy energy
/// unless an imbalance is dropped unplaced, or a pallet issues or rescinds: then the ledger counts
/// it as minted or burned, so that minted - burned stays the supply.
impl<T: Config> fungible::Balanced<T::AccountId> for Pallet<T> {
	type OnDropDebt = MintDropped<T>;
	type OnDropCredit = BurnDropped<T>;

	fn done_rescind(amount: Energy) {
		TotalBurned::<T>::mutate(|burned| *burned = burned.saturating_add(amount));
	}

	fn done_issue(amount: Energy) {
		TotalMinted::<T>::mutate(|minted| *minted = minted.saturating_add(amount));
	}
}

/// Energy withdrawn from an account and dropped unplaced leaves the supply, as a burn.
pub struct BurnDropped<T>(PhantomData<T>);
impl<T: Config> HandleImbalanceDrop<Energy> for BurnDropped<T> {
	fn handle(amount: Energy) {
		let amount = amount.min(TotalSupply::<T>::get());
		TotalSupply::<T>::mutate(|supply| *supply -= amount);
		TotalBurned::<T>::mutate(|burned| *burned = burned.saturating_add(amount));
	}
}

/// Energy deposited into an account with nothing withdrawn for it joins the supply, as a mint.
pub struct MintDropped<T>(PhantomData<T>);
impl<T: Config> HandleImbalanceDrop<Energy> for MintDropped<T> {
	fn handle(amount: Energy) {
		TotalSupply::<T>::mutate(|supply| *supply = supply.saturating_add(amount));
		TotalMinted::<T>::mutate(|minted| *minted = minted.saturating_add(amount));
	}
}

impl<T: Config> hold::Inspect<T::AccountId> for Pallet<T> {
	type Reason = T::RuntimeHoldReason;

	fn total_balance_on_hold(who: &T::AccountId) -> Energy {
		Accounts::<T>::get(who).held
	}

	fn balance_on_hold(reason: &Self::Reason, who: &T::AccountId) -> Energy {
		Holds::<T>::get(who, reason)
	}
}

impl<T: Config> hold::Unbalanced<T::AccountId> for Pallet<T> {
	fn set_balance_on_hold(
		reason: &Self::Reason,
		who: &T::AccountId,
		amount: Energy,
	) -> DispatchResult {
		let mut account = Accounts::<T>::get(who);
		let old = Holds::<T>::get(who, reason);
		account.held = account
			.held
			.checked_sub(old)
			.and_then(|others| others.checked_add(amount))
			.ok_or(ArithmeticError::Overflow)?;
		account.free.checked_add(account.held).ok_or(ArithmeticError::Overflow)?;
		if amount == 0 {
			Holds::<T>::remove(who, reason);
		} else {
			Holds::<T>::insert(who, reason, amount);
		}
		Self::write_account(who, account);
		Ok(())
	}
}

impl<T: Config> hold::Mutate<T::AccountId> for Pallet<T> {
	fn done_hold(reason: &Self::Reason, who: &T::AccountId, amount: Energy) {
		Self::deposit_event(Event::Held { reason: *reason, who: who.clone(), amount });
	}

	fn done_release(reason: &Self::Reason, who: &T::AccountId, amount: Energy) {
		Self::deposit_event(Event::Released { reason: *reason, who: who.clone(), amount });
	}

	fn done_burn_held(_reason: &Self::Reason, who: &T::AccountId, amount: Energy) {
		<Self as fungible::Mutate<T::AccountId>>::done_burn_from(who, amount);
	}

	fn done_transfer_on_hold(
		reason: &Self::Reason,
		source: &T::AccountId,
		dest: &T::AccountId,
		amount: Energy,
	) {
		Self::deposit_event(Event::TransferredOnHold {
			reason: *reason,
			source: source.clone(),
			dest: dest.clone(),
			amount,
		});
	}

	fn done_transfer_and_hold(
		reason: &Self::Reason,
		source: &T::AccountId,
		dest: &T::AccountId,
		amount: Energy,
	) {
		Self::done_transfer_on_hold(reason, source, dest, amount);
	}
}
