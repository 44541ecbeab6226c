//! What a private transaction must pay, by its shape. The shielded pool requires it and wallets
//! pay it, so the rule is written once, here; the amounts are the pool's constants (the runtime
//! chooses them, wallets read them from the chain's metadata).
//!
//! The fee grows with everything a transaction costs the chain: the verification of each input
//! and of each ring member, and each new note, which the pool stores forever. A flat fee let a
//! transfer of one input into sixteen zero-value notes pay as little as the smallest payment.

/// The amounts a private transaction's fee is made of, in the money token's smallest unit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct FeeSchedule {
	/// What every private transaction pays.
	pub base: u64,
	/// For each note spent.
	pub per_input: u64,
	/// For each note created: a note stays in the pool for good.
	pub per_output: u64,
	/// For each member of each ring, which verification reads and checks.
	pub per_ring_member: u64,
}

impl FeeSchedule {
	/// The least fee of a transfer that spends `inputs` notes into `outputs` new ones, with
	/// `ring_members` members in all its rings together. Saturates rather than overflow: a
	/// shape too large for any fee is refused anyway.
	pub fn transfer(&self, inputs: u32, outputs: u32, ring_members: u32) -> u64 {
		self.base
			.saturating_add(self.per_input.saturating_mul(inputs.into()))
			.saturating_add(self.per_output.saturating_mul(outputs.into()))
			.saturating_add(self.per_ring_member.saturating_mul(ring_members.into()))
	}

	/// The least fee of a lock (`pallet_shielded_pool::NoteLocks::required_lock_fee`): a
	/// transfer of `inputs` notes with `ring_members` ring members in all into one commitment.
	pub fn lock(&self, inputs: u32, ring_members: u32) -> u64 {
		self.transfer(inputs, 1, ring_members)
	}

	/// The least fee of an unshield: one note spent with a ring of `ring_size`, and no new note.
	pub fn unshield(&self, ring_size: u32) -> u64 {
		self.transfer(1, 0, ring_size)
	}

	/// What a shield pays besides its transaction fee (which pays for its weight): the note it
	/// adds to the pool.
	pub fn shield(&self) -> u64 {
		self.per_output
	}
}
