//! The prices an agent proposes and accepts over the negotiation window.
//!
//! Prices lie in [floor, cap]: the seller's floor is its production cost (its reservation
//! price), the cap the slot's grid import price (the buyer's, since it can always import at
//! it). A seller starts at the cap and concedes towards the floor, a buyer the other way.
//!
//! - [`TimeDependent`]: the time-dependent tactics of Faratin, Sierra & Jennings, "Negotiation
//!   decision functions for autonomous agents" (Robotics and Autonomous Systems 24, 1998): the
//!   share conceded at time t of T is f(t) = k + (1 - k)(t/T)^(1/beta). Boulware (beta < 1)
//!   holds its price until late, linear (beta = 1) concedes evenly, Conceder (beta > 1) early.
//! - [`RelativeTitForTat`]: the same paper's behaviour-dependent tactic: concede in proportion
//!   to what the counterpart conceded `delta` rounds before.
//! - The paper's closing rule (Mezquita et al., 2022, section 4.1): in the last minutes of the
//!   window a seller accepts the highest bids until sold out and a buyer takes the lowest asks,
//!   and an offer that does not answer in time is dropped for the next best. It ranks bids
//!   across sessions, so the agents apply it (`Plan::closing_share`); its price tactic is linear.
//!
//! Every tactic is a pure function of the [`Situation`]: the same inputs give the same price on
//! every machine and in every run, with no randomness to seed.

use codec::{Decode, Encode};
use core::str::FromStr;
use energy_primitives::Balance;

/// Which side of an offer an agent negotiates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
	/// The offer's seller: starts at the cap, concedes down to the floor.
	Seller,
	/// A buyer: starts at the floor, concedes up to the cap.
	Buyer,
}

/// What a tactic knows when it picks a price.
#[derive(Clone, Copy, Debug)]
pub struct Situation<'a> {
	/// Whose price.
	pub side: Side,
	/// The offer's floor: the lowest price of a trade.
	pub floor: Balance,
	/// The slot's grid import price: the highest.
	pub cap: Balance,
	/// The share of the negotiation window elapsed, from 0 to 1.
	pub progress: f64,
	/// This side's prices so far in the session, oldest first.
	pub own: &'a [Balance],
	/// The counterpart's prices so far, oldest first.
	pub theirs: &'a [Balance],
}

impl Situation<'_> {
	/// Where this side starts: the price best for it.
	pub fn initial(&self) -> Balance {
		match self.side {
			Side::Seller => self.cap,
			Side::Buyer => self.floor,
		}
	}

	/// Where it would end: the price worst for it that it still takes.
	pub fn reservation(&self) -> Balance {
		match self.side {
			Side::Seller => self.floor,
			Side::Buyer => self.cap,
		}
	}

	/// `price` moved into [floor, cap].
	pub fn clamp(&self, price: Balance) -> Balance {
		price.clamp(self.floor, self.cap.max(self.floor))
	}

	/// Whether `a` is at least as good as `b` for this side.
	pub fn at_least_as_good(&self, a: Balance, b: Balance) -> bool {
		match self.side {
			Side::Seller => a >= b,
			Side::Buyer => a <= b,
		}
	}

	/// The price `share` (0 to 1) of the way from this side's initial price to its reservation.
	pub fn conceded(&self, share: f64) -> Balance {
		let (initial, reservation) = (self.initial(), self.reservation());
		let span = initial.abs_diff(reservation) as f64 * share.clamp(0.0, 1.0);
		// The span is at most cap - floor, so the rounded conceded amount fits.
		let step = libm::round(span) as Balance;
		self.clamp(match self.side {
			Side::Seller => initial.saturating_sub(step),
			Side::Buyer => initial.saturating_add(step),
		})
	}
}

/// A negotiation tactic.
pub trait Strategy {
	/// The price to propose in this situation, within [floor, cap].
	fn propose(&self, situation: &Situation) -> Balance;

	/// Whether to take the counterpart's `price` rather than propose again: when it is at
	/// least as good as what this side would propose now.
	fn accepts(&self, situation: &Situation, price: Balance) -> bool {
		situation.at_least_as_good(price, self.propose(situation))
	}

	/// Whether the paper's closing rule is on at `progress` through the window: then an agent
	/// takes bids (a seller) or asks (a buyer) best first across its sessions while they fit,
	/// whatever the price tactic says.
	fn closing(&self, _progress: f64) -> bool {
		false
	}
}

/// Faratin, Sierra & Jennings' time-dependent tactic.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct TimeDependent {
	/// The concession curve's exponent is 1/beta: below 1 Boulware, 1 linear, above 1 Conceder.
	pub beta: f64,
	/// The share conceded at once, from 0 to 1.
	pub k: f64,
}

impl TimeDependent {
	/// Boulware, beta = 0.2: holds out until near the deadline.
	pub const BOULWARE: TimeDependent = TimeDependent { beta: 0.2, k: 0.0 };
	/// Linear, beta = 1.
	pub const LINEAR: TimeDependent = TimeDependent { beta: 1.0, k: 0.0 };
	/// Conceder, beta = 5: concedes most of the way early.
	pub const CONCEDER: TimeDependent = TimeDependent { beta: 5.0, k: 0.0 };

	/// The share conceded at `progress`: k + (1 - k) progress^(1/beta).
	pub fn concession(&self, progress: f64) -> f64 {
		let k = self.k.clamp(0.0, 1.0);
		let t = progress.clamp(0.0, 1.0);
		let beta = if self.beta > 0.0 { self.beta } else { f64::MIN_POSITIVE };
		(k + (1.0 - k) * libm::pow(t, 1.0 / beta)).clamp(0.0, 1.0)
	}
}

impl Strategy for TimeDependent {
	fn propose(&self, situation: &Situation) -> Balance {
		situation.conceded(self.concession(situation.progress))
	}
}

/// Faratin, Sierra & Jennings' relative tit-for-tat: the next price is this side's last one
/// times the ratio of the counterpart's price `delta` of its turns ago to its latest
/// (`theirs[n - 1 - delta] / theirs[n - 1]`), so it concedes in the proportion the counterpart
/// conceded. It never goes back on a concession and never leaves [floor, cap].
///
/// Two imitators each wait for the other to move, so the tactic is backed by a Boulware
/// deadline: it proposes whichever concedes more, the imitation or Boulware at this time (the
/// paper combines tactics the same way). Until the counterpart has made `delta + 1` prices, only
/// the deadline moves it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct RelativeTitForTat {
	/// How many of the counterpart's prices back it compares (1 in the paper's examples).
	pub delta: u32,
}

impl Strategy for RelativeTitForTat {
	fn propose(&self, s: &Situation) -> Balance {
		let deadline = TimeDependent::BOULWARE.propose(s);
		let delta = self.delta.max(1) as usize;
		let Some(&last_own) = s.own.last() else { return deadline };
		let n = s.theirs.len();
		let imitated = if n > delta && s.theirs[n - 1] != 0 {
			let ratio = s.theirs[n - 1 - delta] as f64 / s.theirs[n - 1] as f64;
			// An `as` cast saturates at the type's bounds; clamp then keeps it in [floor, cap].
			s.clamp(libm::round(last_own as f64 * ratio) as Balance)
		} else {
			last_own
		};
		// The more conceding of the imitation and the deadline, never back on a concession.
		s.clamp(match s.side {
			Side::Seller => imitated.min(last_own).min(deadline),
			Side::Buyer => imitated.max(last_own).max(deadline),
		})
	}
}

/// A tactic, as configured.
#[derive(Clone, Copy, PartialEq, Debug, Encode, Decode)]
pub enum Tactic {
	/// [`TimeDependent`].
	TimeDependent(TimeDependent),
	/// [`RelativeTitForTat`].
	TitForTat(RelativeTitForTat),
}

impl Strategy for Tactic {
	fn propose(&self, situation: &Situation) -> Balance {
		match self {
			Tactic::TimeDependent(t) => t.propose(situation),
			Tactic::TitForTat(t) => t.propose(situation),
		}
	}
}

/// An agent's strategy: a price tactic, and whether the paper's closing rule applies in the
/// last part of the window. Parsed from `boulware`, `linear`, `conceder`, `tit-for-tat` or
/// `paper`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Plan {
	/// The prices proposed and accepted.
	pub tactic: Tactic,
	/// The last share of the negotiation window in which bids (for a seller) or asks (for a
	/// buyer) are taken best first across sessions, whatever the tactic says; 0 for none.
	pub closing_share: f64,
}

impl Plan {
	/// The share of the window the paper's closing rule takes: its "last minutes".
	pub const PAPER_CLOSING_SHARE: f64 = 0.2;

	/// The paper's strategy: linear concession, and its closing rule in the last minutes.
	pub const PAPER: Plan = Plan {
		tactic: Tactic::TimeDependent(TimeDependent::LINEAR),
		closing_share: Plan::PAPER_CLOSING_SHARE,
	};

	/// The names `FromStr` takes.
	pub const NAMES: [&'static str; 5] = ["boulware", "linear", "conceder", "tit-for-tat", "paper"];
}

impl Strategy for Plan {
	fn propose(&self, situation: &Situation) -> Balance {
		self.tactic.propose(situation)
	}

	fn closing(&self, progress: f64) -> bool {
		self.closing_share > 0.0 && progress >= 1.0 - self.closing_share
	}
}

impl FromStr for Plan {
	type Err = &'static str;

	fn from_str(name: &str) -> Result<Plan, Self::Err> {
		let plain = |tactic| Plan { tactic, closing_share: 0.0 };
		Ok(match name {
			"boulware" => plain(Tactic::TimeDependent(TimeDependent::BOULWARE)),
			"linear" => plain(Tactic::TimeDependent(TimeDependent::LINEAR)),
			"conceder" => plain(Tactic::TimeDependent(TimeDependent::CONCEDER)),
			"tit-for-tat" => plain(Tactic::TitForTat(RelativeTitForTat { delta: 1 })),
			"paper" => Plan::PAPER,
			_ => {
				return Err(
					"unknown strategy: expected boulware, linear, conceder, tit-for-tat or paper",
				)
			}
		})
	}
}

// Strategies travel in SCALE: an offchain worker keeps its agents in the node's storage between
// blocks. SCALE has no floating point, so a tactic's parameters travel as their IEEE 754 bits,
// and only finite numbers decode: stored bytes that were tampered with cannot make a tactic
// compute with NaN.

fn encode_f64<W: codec::Output + ?Sized>(value: f64, dest: &mut W) {
	value.to_bits().encode_to(dest)
}

fn decode_f64<I: codec::Input>(input: &mut I) -> Result<f64, codec::Error> {
	let value = f64::from_bits(u64::decode(input)?);
	if value.is_finite() {
		Ok(value)
	} else {
		Err("a strategy's parameter is not a finite number".into())
	}
}

impl Encode for TimeDependent {
	fn size_hint(&self) -> usize {
		16
	}

	fn encode_to<W: codec::Output + ?Sized>(&self, dest: &mut W) {
		encode_f64(self.beta, dest);
		encode_f64(self.k, dest);
	}
}

impl Decode for TimeDependent {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		Ok(TimeDependent { beta: decode_f64(input)?, k: decode_f64(input)? })
	}
}

impl Encode for Plan {
	fn size_hint(&self) -> usize {
		self.tactic.size_hint() + 8
	}

	fn encode_to<W: codec::Output + ?Sized>(&self, dest: &mut W) {
		self.tactic.encode_to(dest);
		encode_f64(self.closing_share, dest);
	}
}

impl Decode for Plan {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		Ok(Plan { tactic: Tactic::decode(input)?, closing_share: decode_f64(input)? })
	}
}
