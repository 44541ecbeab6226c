//! What `frame-benchmarking-cli` takes from polkadot-sdk's storage-access test runtime, and no
//! more.
//!
//! That runtime exists for `benchmark storage --mode validate-block`, which measures a
//! parachain's proof of validity inside a parachain validation function. The crate always builds
//! its natively-unused parachain dependencies (cumulus's parachain system, XCM, the relay
//! chain's parachains and staking pallets: 22 crates, among the largest of the graph) although
//! only its WebAssembly build uses them. This chain is a solochain: the node refuses that mode,
//! and the workspace patches the crate with this one, which keeps the parameter types the CLI
//! encodes and has no WebAssembly blob.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_core::storage::ChildInfo;
use sp_runtime::traits::Block;
use sp_trie::StorageProof;

/// No validation-function blob: the node refuses the one benchmark mode that would run it.
pub const WASM_BINARY: Option<&[u8]> = None;

/// What the storage benchmark hands a validation function: a state root, the proof of the
/// storage accessed, the reads or writes to perform, and whether to skip them (a dry run that
/// measures the call alone).
#[derive(Clone, Encode, Decode)]
pub struct StorageAccessParams<B: Block> {
	/// The state the proof is of.
	pub state_root: B::Hash,
	/// The storage the accesses touch.
	pub storage_proof: StorageProof,
	/// The accesses.
	pub payload: StorageAccessPayload,
	/// Whether to skip the accesses.
	pub is_dry_run: bool,
}

/// The accesses of a storage benchmark run.
#[derive(Clone, Debug, Encode, Decode)]
pub enum StorageAccessPayload {
	/// Keys to read, each with its child trie if any.
	Read(Vec<(Vec<u8>, Option<ChildInfo>)>),
	/// Key-value pairs to write, in the child trie if any.
	Write((Vec<(Vec<u8>, Vec<u8>)>, Option<ChildInfo>)),
}

impl<B: Block> StorageAccessParams<B> {
	/// Reads of `keys` against `state_root`.
	pub fn new_read(
		state_root: B::Hash,
		storage_proof: StorageProof,
		keys: Vec<(Vec<u8>, Option<ChildInfo>)>,
	) -> Self {
		StorageAccessParams {
			state_root,
			storage_proof,
			payload: StorageAccessPayload::Read(keys),
			is_dry_run: false,
		}
	}

	/// Writes of `changes` against `state_root`.
	pub fn new_write(
		state_root: B::Hash,
		storage_proof: StorageProof,
		changes: (Vec<(Vec<u8>, Vec<u8>)>, Option<ChildInfo>),
	) -> Self {
		StorageAccessParams {
			state_root,
			storage_proof,
			payload: StorageAccessPayload::Write(changes),
			is_dry_run: false,
		}
	}

	/// The same run without the accesses.
	pub fn as_dry_run(&self) -> Self {
		StorageAccessParams { is_dry_run: true, ..self.clone() }
	}
}
