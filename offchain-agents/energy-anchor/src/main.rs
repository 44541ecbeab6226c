//! Anchors the hash of a data batch on the energy marketplace chain, and checks batches against
//! their anchors.

use anyhow::Result;
use clap::{Parser, Subcommand};
use energy_anchor::{hash_file, Chain, Verdict};
use energy_client::{keypair, to_hex};
use energy_primitives::SlotIndex;
use std::{path::PathBuf, process::ExitCode};
use subxt::utils::AccountId32;

/// Anchor the BLAKE2b-256 hash of a data batch on the energy marketplace chain, and verify
/// batches against the chain. Every member anchors at most one batch per market slot (on the
/// chain's market clock: an hour on a production chain, a minute on the compressed presets).
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Print the BLAKE2b-256 hash of FILE as 0x-prefixed hex.
	Hash {
		/// The data batch.
		file: PathBuf,
	},
	/// Anchor the hash of FILE for a slot, signed by a member's account; prints
	/// `anchored 0x<hash> for slot <n> in block 0x<block hash>`.
	Anchor {
		/// The data batch.
		file: PathBuf,
		/// The market slot the batch belongs to [default: the chain's current slot].
		#[arg(long)]
		slot: Option<SlotIndex>,
		/// Where the batch can be fetched (at most 256 bytes).
		#[arg(long)]
		uri: Option<String>,
		/// Secret URI of the member's sr25519 key: a dev name like `//Alice`, a mnemonic with
		/// optional derivations, or `0x` and a 32-byte seed.
		#[arg(long)]
		suri: String,
		/// WebSocket URL of a node of the chain.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
	},
	/// Check FILE against the anchor of an account for a slot; prints `match` (exit 0), or
	/// `mismatch: chain holds 0x<hash>` or `no anchor for <account> at slot <n>` (exit 1).
	Verify {
		/// The data batch.
		file: PathBuf,
		/// The member who anchored it, as an SS58 address.
		#[arg(long)]
		account: String,
		/// The market slot it was anchored for.
		#[arg(long)]
		slot: SlotIndex,
		/// WebSocket URL of a node of the chain.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		url: String,
	},
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli.command).await {
		Ok(code) => code,
		Err(error) => {
			// `{:#}` puts the whole chain of causes on one line.
			eprintln!("error: {error:#}");
			ExitCode::FAILURE
		}
	}
}

/// Carry out `command`; a failed verification is an answer (exit 1), not an error.
async fn run(command: Command) -> Result<ExitCode> {
	match command {
		Command::Hash { file } => {
			println!("{}", to_hex(&hash_file(&file)?));
			Ok(ExitCode::SUCCESS)
		}
		Command::Anchor { file, slot, uri, suri, url } => {
			let hash = hash_file(&file)?;
			let signer = keypair(&suri)?;
			let chain = Chain::connect(&url).await?;
			let slot = match slot {
				Some(slot) => slot,
				None => chain.current_slot().await?,
			};
			let anchored = chain.anchor(&signer, slot, hash, uri.as_deref()).await?;
			println!(
				"anchored {} for slot {} in block {}",
				to_hex(&anchored.hash),
				anchored.slot,
				to_hex(&anchored.block_hash)
			);
			Ok(ExitCode::SUCCESS)
		}
		Command::Verify { file, account, slot, url } => {
			let who: AccountId32 = account.parse().map_err(|e| {
				anyhow::anyhow!("--account {account:?} is not an SS58 address: {e}")
			})?;
			let hash = hash_file(&file)?;
			let chain = Chain::connect(&url).await?;
			Ok(match chain.verify(&who, slot, hash).await? {
				Verdict::Match => {
					println!("match");
					ExitCode::SUCCESS
				}
				Verdict::Mismatch { chain } => {
					println!("mismatch: chain holds {}", to_hex(&chain));
					ExitCode::FAILURE
				}
				Verdict::NoAnchor => {
					println!("no anchor for {account} at slot {slot}");
					ExitCode::FAILURE
				}
			})
		}
	}
}
