//! `energy-pool-flood`: the private transactions `scripts/shielded-flood.sh` floods a node with,
//! prepared beforehand so that building and stamping them takes no CPU while it measures what
//! the flood does to block production and to the market:
//!
//! - **valid** transfers, each spending one note of a fresh wallet into two, paying the fee their
//!   shape costs and carrying their proof-of-work stamp;
//! - **invalid** transfers: one valid transfer into `MaxOutputs` notes (the largest range proof)
//!   whose ring signature is forged anew for each copy, and each copy stamped for its forgery.
//!   Every cheap check passes, so a node verifies the range proof and the ring signature in full
//!   before it refuses one: the costliest garbage there is, for what it costs to make.
//!
//! The notes come from shields of the `--suri` account, sent at once with consecutive nonces.
//! The output is JSON: the extrinsics as hex, and what one stamp and one transfer took to make.

use anyhow::{ensure, Context, Result};
use clap::Parser;
use energy_client::{init_logging, keypair, to_hex};
use energy_privacy::{
	builder::{self, Payment, Spendable},
	find_stamp, stamp_subject, transfer_message, Scalar,
};
use energy_wallet::{
	asset::Asset,
	calls::{shield_call, transfer_call},
	pool::Pool,
	wallet_file::Wallet,
};
use rand_core::OsRng;
use std::{
	path::PathBuf,
	time::{Duration, Instant},
};

/// Prepare private transactions to flood a node's shielded pool with.
#[derive(Parser)]
#[command(name = "energy-pool-flood", version)]
struct Cli {
	/// The node, `ws://` or `wss://`.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The account whose money the notes are shielded from.
	#[arg(long)]
	suri: String,
	/// How many valid transfers to prepare.
	#[arg(long, default_value_t = 100)]
	valid: usize,
	/// How many transfers with forged ring signatures to prepare.
	#[arg(long, default_value_t = 500)]
	invalid: usize,
	/// Where to write them, as JSON.
	#[arg(long)]
	out: PathBuf,
}

/// How long the shields may take to land.
const SHIELDS_TIMEOUT: Duration = Duration::from_secs(300);

#[tokio::main]
async fn main() -> std::process::ExitCode {
	init_logging();
	match prepare(Cli::parse()).await {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("energy-pool-flood: {error:#}");
			std::process::ExitCode::FAILURE
		}
	}
}

async fn prepare(cli: Cli) -> Result<()> {
	let pool = Pool::connect(&cli.url, Asset::Money).await?;
	let limits = pool.limits().await?;
	let signer = keypair(&cli.suri)?;
	let domain = pool.spend_domain().await?;
	let wallet = Wallet::generate(&mut OsRng);
	let ring = limits.ring_size;
	let widest = limits.max_outputs;

	// One note per valid transfer, paying its fee and two outputs; one for the forgeries'
	// template, paying the widest transfer's fee; and shields enough for full rings.
	let valid_fee = limits.fees.transfer(1, 2, ring);
	let valid_note = valid_fee + 2;
	let template_fee = limits.fees.transfer(1, widest, ring);
	let template_note = template_fee + u64::from(widest);
	let before = pool.note_count().await?;
	let shields = (cli.valid + 1).max((ring as usize).saturating_sub(before as usize));
	let mut nonce = pool.next_nonce(&signer).await?;
	for k in 0..shields {
		let amount = if k == 0 { template_note } else { valid_note };
		let shield = builder::build_shield(&wallet.address(), amount, &mut OsRng)
			.context("cannot build a shield")?;
		pool.send_signed(&shield_call(Asset::Money, amount, &shield), &signer, nonce).await?;
		nonce += 1;
	}
	let wanted = before + shields as u64;
	let deadline = Instant::now() + SHIELDS_TIMEOUT;
	while pool.note_count().await? < wanted {
		ensure!(
			Instant::now() < deadline,
			"the pool holds {} notes {} s after the {shields} shields were sent, not {wanted}",
			pool.note_count().await?,
			SHIELDS_TIMEOUT.as_secs()
		);
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	let snapshot = pool.snapshot().await?;
	let mut mine: Vec<Spendable> = builder::scan_notes(wallet.keys(), &snapshot.notes);
	ensure!(mine.len() >= shields, "the pool holds {} of the {shields} notes shielded", mine.len());
	mine.sort_by_key(|spend| spend.owned.amount);
	let template_spend = mine.pop().context("no note for the template")?;
	let to = wallet.address();

	let started = Instant::now();
	let mut valid = Vec::with_capacity(cli.valid);
	for spend in mine.iter().take(cli.valid) {
		let half = (spend.owned.amount - valid_fee) / 2;
		let payments = [
			Payment { to, amount: half },
			Payment { to, amount: spend.owned.amount - valid_fee - half },
		];
		let transfer = builder::build_transfer(
			&domain,
			std::slice::from_ref(spend),
			&snapshot.notes,
			ring as usize,
			&payments,
			valid_fee,
			limits.stamp_bits,
			&mut OsRng,
		)
		.context("cannot build a transfer")?;
		valid.push(transfer_call(Asset::Money, &transfer));
	}
	let build_millis = millis_each(started, cli.valid);

	let payments: Vec<Payment> = (0..widest).map(|_| Payment { to, amount: 1 }).collect();
	let template = builder::build_transfer(
		&domain,
		&[template_spend],
		&snapshot.notes,
		ring as usize,
		&payments,
		template_fee,
		0,
		&mut OsRng,
	)
	.context("cannot build the forgeries' template")?;
	let message = transfer_message(
		&domain,
		&template.inputs,
		&template.outputs,
		&template.range_proof,
		template.fee,
	);
	let started = Instant::now();
	let mut invalid = Vec::with_capacity(cli.invalid);
	for _ in 0..cli.invalid {
		// A forged signature that decodes: its challenge is any canonical scalar, so the node
		// walks the whole ring before the signature fails to close.
		let mut forged = template.clone();
		forged.inputs[0].signature.c1 = Scalar::random(&mut OsRng).to_bytes();
		let subject = stamp_subject(&message, forged.inputs.iter().map(|input| &input.signature));
		forged.stamp = find_stamp(&subject, limits.stamp_bits)
			.context("the chain asks for a stamp no sender can find")?;
		invalid.push(transfer_call(Asset::Money, &forged));
	}
	let stamp_millis = millis_each(started, cli.invalid);
	let hex = |bytes: Vec<Vec<u8>>| bytes.iter().map(|bytes| to_hex(bytes)).collect::<Vec<_>>();
	let valid = hex(pool.unsigned_bytes(&valid).await?);
	let invalid = hex(pool.unsigned_bytes(&invalid).await?);

	let json = serde_json::json!({
		"stampBits": limits.stamp_bits,
		"stampMillis": stamp_millis,
		"buildMillis": build_millis,
		"valid": valid,
		"invalid": invalid,
	});
	std::fs::write(&cli.out, serde_json::to_vec_pretty(&json)?)
		.with_context(|| format!("cannot write {}", cli.out.display()))?;
	println!(
		"{} valid and {} invalid private transfers in {} ({:.1} ms a stamp of {} bits, {:.1} ms a \
		 valid transfer)",
		cli.valid,
		cli.invalid,
		cli.out.display(),
		stamp_millis,
		limits.stamp_bits,
		build_millis
	);
	Ok(())
}

/// Milliseconds each of `count` things took since `started`.
fn millis_each(started: Instant, count: usize) -> f64 {
	if count == 0 {
		return 0.0;
	}
	started.elapsed().as_secs_f64() * 1000.0 / count as f64
}
