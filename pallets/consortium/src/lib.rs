//! # Consortium
//!
//! Who belongs to the consortium and in which role, how a candidate applies, and what a passed
//! ballot of the members may do. The ballots themselves are `pallet-collective` motions over
//! the voting members, which this pallet keeps in `pallet-membership`.
//!
//! A candidate applies for itself with a refundable deposit. A ballot then admits or rejects
//! it; others remove a member, change its role, or dispatch any Root-only call (a runtime
//! upgrade through `system.authorize_upgrade`). Admitting a validator puts it in the validator
//! set; removing it takes it out, never below the set's minimum.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod weights;
pub use weights::WeightInfo;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

use core::marker::PhantomData;
use sp_runtime::{traits::StaticLookup, DispatchResult};

/// What benchmarks need from the runtime to set up their worst case.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Give `who` session keys, so that it can be admitted as a validator.
	fn register_session_keys(who: &AccountId);
	/// Open as many ballots as the chain allows, each with a vote of member `who`, so that
	/// taking `who`'s vote away costs the most.
	fn open_ballots(who: &AccountId);
}

/// The members who vote in ballots. The registry adds and removes them as members join, leave
/// or change role; nothing else may change them.
pub trait VotingMembers<AccountId> {
	/// Give `who` a vote.
	fn add(who: &AccountId) -> DispatchResult;
	/// Take `who`'s vote away.
	fn remove(who: &AccountId) -> DispatchResult;
	/// Whether `who` votes.
	fn contains(who: &AccountId) -> bool;
	/// How many members vote.
	fn count() -> u32;
}

/// Voting members kept by an instance of `pallet-membership`, whose add and remove origins
/// must be [`EnsureRegistry`]: only this pallet can make that origin.
pub struct MembershipAdapter<T, I>(PhantomData<(T, I)>);

impl<T, I> VotingMembers<T::AccountId> for MembershipAdapter<T, I>
where
	T: pallet_membership::Config<I>,
	I: 'static,
	<T as frame_system::Config>::RuntimeOrigin: From<Origin>,
{
	fn add(who: &T::AccountId) -> DispatchResult {
		pallet_membership::Pallet::<T, I>::add_member(
			Origin::Registry.into(),
			T::Lookup::unlookup(who.clone()),
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}

	fn remove(who: &T::AccountId) -> DispatchResult {
		pallet_membership::Pallet::<T, I>::remove_member(
			Origin::Registry.into(),
			T::Lookup::unlookup(who.clone()),
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}

	fn contains(who: &T::AccountId) -> bool {
		<pallet_membership::Pallet<T, I> as frame_support::traits::Contains<T::AccountId>>::contains(
			who,
		)
	}

	fn count() -> u32 {
		pallet_membership::Members::<T, I>::decode_len().unwrap_or(0) as u32
	}
}

/// The origin of the registry's own changes to the voting members. No call produces it, so a
/// `pallet-membership` instance guarded by it changes only when the registry changes.
pub struct EnsureRegistry;

impl<O: Into<Result<Origin, O>> + From<Origin>> frame_support::traits::EnsureOrigin<O>
	for EnsureRegistry
{
	type Success = ();

	fn try_origin(o: O) -> Result<Self::Success, O> {
		o.into().map(|Origin::Registry| ())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(Origin::Registry))
	}
}

/// The micro-grid operator's signed origin: what the grid operator does on its own authority,
/// such as registering the installations it audited. Succeeds with the operator's account.
pub struct EnsureGridOperator<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::EnsureOrigin<T::RuntimeOrigin> for EnsureGridOperator<T> {
	type Success = T::AccountId;

	fn try_origin(o: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		match o.clone().into() {
			Ok(frame_system::RawOrigin::Signed(who))
				if pallet::GridOperator::<T>::get().as_ref() == Some(&who) =>
			{
				Ok(who)
			}
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		pallet::GridOperator::<T>::get()
			.map(|who| frame_system::RawOrigin::Signed(who).into())
			.ok_or(())
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::{VotingMembers, WeightInfo};
	use alloc::{boxed::Box, vec::Vec};
	use energy_primitives::{Role, RoleProvider, ValidatorSetManager};
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			BuildGenesisConfig, UnfilteredDispatchable,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

	/// An amount of the currency that deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A role of one of the chain's accounts.
	pub type RoleOf<T> = Role<<T as frame_system::Config>::AccountId>;

	/// An open application to join the consortium.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub struct Application<AccountId, Balance, BlockNumber> {
		/// The role the candidate asks for.
		pub role: Role<AccountId>,
		/// The deposit held until the application is decided or withdrawn.
		pub deposit: Balance,
		/// When the candidate applied.
		pub applied_at: BlockNumber,
	}

	/// An application as this runtime stores it.
	pub type ApplicationOf<T> =
		Application<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// The in-code storage version: the starting point of this pallet's future migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The consortium's decision: the origin of a passed ballot (by default, more than half
		/// of the voting members). Every call that changes the consortium takes it.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A call that a passed ballot may dispatch as Root.
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// The currency that application deposits are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, of which this pallet's are part.
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held from a candidate while its application is open: released when the
		/// application is admitted, rejected or withdrawn, and paid to `SpamDepositsTo` when a
		/// ballot rejects it as spam.
		#[pallet::constant]
		type ApplicationDeposit: Get<BalanceOf<Self>>;

		/// How long an application stays before its candidate may withdraw it: as long as a
		/// ballot on it may take, so a spammer cannot take its deposit back before the
		/// consortium has judged it.
		type MinApplicationPeriod: Get<BlockNumberFor<Self>>;

		/// Where the deposits of applications rejected as spam go (money is never destroyed).
		type SpamDepositsTo: Get<Self::AccountId>;

		/// The most members the consortium can have, in every role.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// The most applications that can be open at once.
		#[pallet::constant]
		type MaxApplications: Get<u32>;

		/// The members who vote: every member but meter oracles.
		type VotingMembers: VotingMembers<Self::AccountId>;

		/// The validator set that admitted validators join.
		type Validators: ValidatorSetManager<Self::AccountId>;

		/// Weights of this pallet's calls, generated by `energy-node benchmark pallet`.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks' worst case.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Every member of the consortium and its role.
	#[pallet::storage]
	pub type Members<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, RoleOf<T>, OptionQuery>;

	/// Open applications, by candidate.
	#[pallet::storage]
	pub type Applications<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, ApplicationOf<T>, OptionQuery>;

	/// The meter oracle of each household that has one.
	#[pallet::storage]
	pub type MeterOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The micro-grid operator (MGOS), if the consortium has one.
	#[pallet::storage]
	pub type GridOperator<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A candidate's deposit while its application is open.
		Application,
	}

	/// The origin the registry changes the voting members with (see [`crate::EnsureRegistry`]).
	#[pallet::origin]
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub enum Origin {
		/// The registry, acting on a passed ballot or at genesis.
		Registry,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The founding members and their roles. Households come before their meters;
		/// validators are also in the validator set's genesis.
		pub members: Vec<(T::AccountId, RoleOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				self.members.len() <= T::MaxMembers::get() as usize,
				"genesis has more members than MaxMembers"
			);
			for (who, role) in &self.members {
				assert!(!Members::<T>::contains_key(who), "genesis member listed twice");
				if let Err(e) = Pallet::<T>::check_role(who, role, false)
					.and_then(|()| Pallet::<T>::take_role(who, role, false))
				{
					panic!("genesis member cannot take its role: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A candidate applied to join in `role`, and `deposit` is held until the ballot.
		Applied { candidate: T::AccountId, role: RoleOf<T>, deposit: BalanceOf<T> },
		/// A candidate withdrew its application; its deposit was released.
		ApplicationWithdrawn { candidate: T::AccountId, deposit: BalanceOf<T> },
		/// A ballot turned an application down; the deposit was released.
		ApplicationRejected { candidate: T::AccountId, deposit: BalanceOf<T> },
		/// A ballot turned an application down as spam; the deposit went to `to`.
		ApplicationRejectedAsSpam {
			candidate: T::AccountId,
			deposit: BalanceOf<T>,
			to: T::AccountId,
		},
		/// A ballot admitted a candidate in `role`; its deposit was released.
		MemberAdmitted { who: T::AccountId, role: RoleOf<T>, deposit: BalanceOf<T> },
		/// A ballot removed a member.
		MemberRemoved { who: T::AccountId, role: RoleOf<T> },
		/// A ballot gave a member a new role.
		RoleChanged { who: T::AccountId, old: RoleOf<T>, new: RoleOf<T> },
		/// A ballot dispatched a call as Root, with this result.
		RootDispatched { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a member.
		NotMember,
		/// The account is already a member.
		AlreadyMember,
		/// The candidate already has an open application.
		AlreadyApplied,
		/// The account has no open application.
		NoApplication,
		/// The consortium already has `MaxMembers` members.
		TooManyMembers,
		/// `MaxApplications` applications are already open.
		TooManyApplications,
		/// The candidate cannot pay the application deposit.
		InsufficientFunds,
		/// A meter oracle must be bound to a member that is a household (and not to itself).
		NotAHousehold,
		/// The household already has a meter oracle, or still has one and so cannot leave.
		HouseholdHasMeter,
		/// A validator needs session keys (`session.set_keys`) before it applies or joins.
		NoSessionKeys,
		/// The consortium already has a grid operator.
		GridOperatorExists,
		/// The member already has this role.
		SameRole,
		/// An application stays `MinApplicationPeriod` before its candidate may withdraw it.
		TooEarlyToWithdraw,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Apply to join the consortium in `role`. `ApplicationDeposit` is held until a ballot
		/// admits or rejects the application, or the candidate withdraws it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>, role: RoleOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Members::<T>::contains_key(&who), Error::<T>::AlreadyMember);
			ensure!(!Applications::<T>::contains_key(&who), Error::<T>::AlreadyApplied);
			ensure!(
				Applications::<T>::count() < T::MaxApplications::get(),
				Error::<T>::TooManyApplications
			);
			Self::check_role(&who, &role, true)?;
			let deposit = T::ApplicationDeposit::get();
			T::Currency::hold(&HoldReason::Application.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			let applied_at = frame_system::Pallet::<T>::block_number();
			Applications::<T>::insert(
				&who,
				Application { role: role.clone(), deposit, applied_at },
			);
			Self::deposit_event(Event::Applied { candidate: who, role, deposit });
			Ok(())
		}

		/// Withdraw the caller's open application, once it has been open `MinApplicationPeriod`;
		/// its deposit is released.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_application())]
		pub fn withdraw_application(origin: OriginFor<T>) -> DispatchResult {
			let candidate = ensure_signed(origin)?;
			let application =
				Applications::<T>::get(&candidate).ok_or(Error::<T>::NoApplication)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= application.applied_at.saturating_add(T::MinApplicationPeriod::get()),
				Error::<T>::TooEarlyToWithdraw
			);
			let deposit = Self::close_application(&candidate)?;
			Self::deposit_event(Event::ApplicationWithdrawn { candidate, deposit });
			Ok(())
		}

		/// Admit `candidate` in the role it applied for; its deposit is released. A validator
		/// joins the validator set from the session after next.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::admit(T::MaxMembers::get()))]
		pub fn admit(origin: OriginFor<T>, candidate: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let application =
				Applications::<T>::get(&candidate).ok_or(Error::<T>::NoApplication)?;
			ensure!(Members::<T>::count() < T::MaxMembers::get(), Error::<T>::TooManyMembers);
			Self::check_role(&candidate, &application.role, true)?;
			Self::take_role(&candidate, &application.role, true)?;
			let deposit = Self::close_application(&candidate)?;
			Self::deposit_event(Event::MemberAdmitted {
				who: candidate,
				role: application.role,
				deposit,
			});
			Ok(())
		}

		/// Turn down `candidate`'s application; its deposit is released.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject())]
		pub fn reject(origin: OriginFor<T>, candidate: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let deposit = Self::close_application(&candidate)?;
			Self::deposit_event(Event::ApplicationRejected { candidate, deposit });
			Ok(())
		}

		/// Turn down `candidate`'s application as spam: its deposit goes to `SpamDepositsTo`
		/// instead of back to the candidate, so filling the open applications costs the
		/// deposits of every place taken.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reject_as_spam())]
		pub fn reject_as_spam(origin: OriginFor<T>, candidate: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let application =
				Applications::<T>::take(&candidate).ok_or(Error::<T>::NoApplication)?;
			let to = T::SpamDepositsTo::get();
			let deposit = T::Currency::transfer_on_hold(
				&HoldReason::Application.into(),
				&candidate,
				&to,
				application.deposit,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Self::deposit_event(Event::ApplicationRejectedAsSpam { candidate, deposit, to });
			Ok(())
		}

		/// Remove member `who`. A household must lose its meter first; a validator leaves the
		/// validator set, which refuses to shrink below its minimum.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_member(T::MaxMembers::get()))]
		pub fn remove_member(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let role = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			Self::leave_role(&who, &role)?;
			Self::deposit_event(Event::MemberRemoved { who, role });
			Ok(())
		}

		/// Give member `who` the role `new`, with the same rules as admitting it in that role.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::change_role(T::MaxMembers::get()))]
		pub fn change_role(
			origin: OriginFor<T>,
			who: T::AccountId,
			new: RoleOf<T>,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let old = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			ensure!(old != new, Error::<T>::SameRole);
			Self::leave_role(&who, &old)?;
			Self::check_role(&who, &new, true)?;
			Self::take_role(&who, &new, true)?;
			Self::deposit_event(Event::RoleChanged { who, old, new });
			Ok(())
		}

		/// Dispatch `call` as Root: what a passed ballot uses for Root-only calls such as
		/// `system.authorize_upgrade` (a runtime upgrade) or `system.set_storage` (parameters).
		#[pallet::call_index(6)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let result = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
			let actual = match &result {
				Ok(info) => info.actual_weight,
				Err(e) => e.post_info.actual_weight,
			};
			Self::deposit_event(Event::RootDispatched {
				result: result.map(|_| ()).map_err(|e| e.error),
			});
			Ok(PostDispatchInfo {
				actual_weight: actual
					.map(|weight| T::WeightInfo::dispatch_as_root().saturating_add(weight)),
				pays_fee: Pays::Yes,
			})
		}
	}

	impl<T: Config> Pallet<T> {
		/// Refuse a role that `who` cannot take in the consortium as it stands. Session keys
		/// are checked only for a running chain: at genesis the validator set brings its own.
		pub(crate) fn check_role(
			who: &T::AccountId,
			role: &RoleOf<T>,
			running: bool,
		) -> DispatchResult {
			match role {
				Role::MeterOracle { household } => {
					ensure!(
						household != who
							&& matches!(Members::<T>::get(household), Some(Role::Household)),
						Error::<T>::NotAHousehold
					);
					ensure!(!MeterOf::<T>::contains_key(household), Error::<T>::HouseholdHasMeter);
				}
				Role::Validator if running => {
					ensure!(T::Validators::has_session_keys(who), Error::<T>::NoSessionKeys)
				}
				Role::GridOperator => {
					ensure!(GridOperator::<T>::get().is_none(), Error::<T>::GridOperatorExists)
				}
				_ => {}
			}
			Ok(())
		}

		/// Make `who` a member in `role`, with everything the role brings: a vote, a meter
		/// binding, the grid operator's seat, a place in the validator set (on a running chain;
		/// the validator set's genesis lists the founding validators).
		pub(crate) fn take_role(
			who: &T::AccountId,
			role: &RoleOf<T>,
			running: bool,
		) -> DispatchResult {
			match role {
				Role::MeterOracle { household } => MeterOf::<T>::insert(household, who),
				Role::Validator if running && !T::Validators::is_validator(who) => {
					T::Validators::add_validator(who)?
				}
				Role::GridOperator => GridOperator::<T>::put(who),
				_ => {}
			}
			if role.votes() {
				T::VotingMembers::add(who)?;
			}
			Members::<T>::insert(who, role);
			Ok(())
		}

		/// Undo `take_role`.
		fn leave_role(who: &T::AccountId, role: &RoleOf<T>) -> DispatchResult {
			match role {
				Role::Household => {
					ensure!(!MeterOf::<T>::contains_key(who), Error::<T>::HouseholdHasMeter)
				}
				Role::MeterOracle { household } => MeterOf::<T>::remove(household),
				Role::Validator if T::Validators::is_validator(who) => {
					T::Validators::remove_validator(who)?
				}
				Role::GridOperator => GridOperator::<T>::kill(),
				_ => {}
			}
			if role.votes() {
				T::VotingMembers::remove(who)?;
			}
			Members::<T>::remove(who);
			Ok(())
		}

		/// Make `who` a member in `role` without a ballot, for the benchmarks of pallets that
		/// act on members. No call reaches it: real members join by ballot.
		#[cfg(feature = "runtime-benchmarks")]
		pub fn benchmark_member(who: &T::AccountId, role: &RoleOf<T>) -> DispatchResult {
			Self::check_role(who, role, true)?;
			Self::take_role(who, role, true)
		}

		/// Remove `candidate`'s application and release its deposit.
		fn close_application(candidate: &T::AccountId) -> Result<BalanceOf<T>, DispatchError> {
			let application =
				Applications::<T>::take(candidate).ok_or(Error::<T>::NoApplication)?;
			T::Currency::release(
				&HoldReason::Application.into(),
				candidate,
				application.deposit,
				Precision::BestEffort,
			)
		}

		/// The registry's invariants: counts within bounds, exactly the non-meter members vote,
		/// meters and households bound both ways, one grid operator at most, and each open
		/// application's deposit held in full from a candidate that is not a member.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let members: Vec<(T::AccountId, RoleOf<T>)> = Members::<T>::iter().collect();
			ensure!(members.len() as u32 == Members::<T>::count(), "member count is off");
			ensure!(members.len() as u32 <= T::MaxMembers::get(), "too many members");
			let mut voters = 0u32;
			let mut grid_operators = Vec::new();
			for (who, role) in &members {
				ensure!(
					role.votes() == T::VotingMembers::contains(who),
					"vote does not match role"
				);
				voters += u32::from(role.votes());
				match role {
					Role::MeterOracle { household } => ensure!(
						MeterOf::<T>::get(household).as_ref() == Some(who),
						"meter not bound to its household"
					),
					Role::GridOperator => grid_operators.push(who.clone()),
					_ => {}
				}
			}
			ensure!(voters == T::VotingMembers::count(), "a voter is not a member");
			ensure!(grid_operators.len() <= 1, "more than one grid operator");
			ensure!(
				GridOperator::<T>::get() == grid_operators.pop(),
				"grid operator seat does not match the roles"
			);
			for (household, meter) in MeterOf::<T>::iter() {
				ensure!(
					Members::<T>::get(&household) == Some(Role::Household),
					"a meter is bound to a non-household"
				);
				ensure!(
					Members::<T>::get(&meter) == Some(Role::MeterOracle { household }),
					"a household's meter is not its meter oracle"
				);
			}
			let applications: Vec<(T::AccountId, ApplicationOf<T>)> =
				Applications::<T>::iter().collect();
			ensure!(
				applications.len() as u32 == Applications::<T>::count(),
				"application count is off"
			);
			ensure!(
				applications.len() as u32 <= T::MaxApplications::get(),
				"too many applications"
			);
			for (candidate, application) in &applications {
				ensure!(!Members::<T>::contains_key(candidate), "a member has an application");
				ensure!(
					T::Currency::balance_on_hold(&HoldReason::Application.into(), candidate)
						== application.deposit,
					"an application's deposit is not held"
				);
			}
			Ok(())
		}
	}

	impl<T: Config> RoleProvider<T::AccountId> for Pallet<T> {
		fn role(who: &T::AccountId) -> Option<RoleOf<T>> {
			Members::<T>::get(who)
		}

		fn grid_operator() -> Option<T::AccountId> {
			GridOperator::<T>::get()
		}
	}
}
