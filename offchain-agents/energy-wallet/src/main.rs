//! The wallet of the energy marketplace's shielded pools, money and energy: keys in a file, notes
//! found by scanning the chain, and private payments.

use anyhow::Result;
use clap::{error::ErrorKind, CommandFactory, Parser, Subcommand};
use energy_client::keypair;
use energy_privacy::{builder, PublicAddress};
use energy_wallet::{
	asset::Asset,
	calls,
	money::{format_address, parse_account, parse_address, Amount},
	pool::{Pool, Snapshot},
	select::Limits,
	transactions,
	wallet_file::{NoteIndex, Wallet},
};
use rand_core::OsRng;
use std::{
	collections::BTreeSet,
	path::{Path, PathBuf},
	process::ExitCode,
};
use subxt::utils::AccountId32;

/// A wallet for the shielded pools: money or energy moved into hidden notes, paid privately
/// (ring signatures hide which note pays, commitments hide how much, stealth addresses hide to
/// whom), and moved back out. Money amounts are in EUR, with up to 12 decimals (`12`, `0.25`);
/// energy amounts in whole Wh (`1500`). A wallet file holds the notes of one pool: use one file
/// for money and another for energy (`new` makes either).
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
	/// Which pool: the money pool (`ShieldedPool`) or the energy pool (`EnergyPool`).
	#[arg(long, global = true, value_enum, default_value_t = Asset::Money)]
	asset: Asset,
	#[command(subcommand)]
	command: Command,
}

/// The wallet file every command works on.
#[derive(clap::Args, Debug)]
struct WalletArg {
	/// The wallet file (JSON, holding the secret keys: keep it private).
	#[arg(long, value_name = "FILE")]
	wallet: PathBuf,
}

/// The node to talk to.
#[derive(clap::Args, Debug)]
struct NodeArg {
	/// WebSocket URL of a node of the chain.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Create a wallet with fresh keys in a new file (mode 0600); never overwrites a file.
	/// Prints the wallet's address.
	New {
		#[command(flatten)]
		wallet: WalletArg,
	},
	/// Print the wallet's public address (0x and 128 hex digits: the view key, then the spend
	/// key), which others pay to.
	Address {
		#[command(flatten)]
		wallet: WalletArg,
	},
	/// Read every note of the pool, find the wallet's own, check which are spent, save them in
	/// the wallet file, and print them and the balance.
	Scan {
		#[command(flatten)]
		wallet: WalletArg,
		#[command(flatten)]
		node: NodeArg,
	},
	/// Print the balance and notes as of the last scan (no node needed).
	Balance {
		#[command(flatten)]
		wallet: WalletArg,
	},
	/// Move public money of an account into a new note of the wallet (a signed transaction: the
	/// account and the amount are public). Besides its transaction fee the account pays the
	/// pool's fee for a note, `FeePerOutput`. A shield's amount stays public, so its note cannot
	/// be unshielded before a `transfer` (to yourself, say) hides it.
	Shield {
		#[command(flatten)]
		wallet: WalletArg,
		#[command(flatten)]
		node: NodeArg,
		/// Secret URI of the paying account's sr25519 key: a dev name like `//Alice`, a
		/// mnemonic with optional derivations, or `0x` and a 32-byte seed.
		#[arg(long)]
		suri: String,
		/// How much to shield, in EUR (or Wh with `--asset energy`).
		#[arg(long, value_name = "AMOUNT")]
		amount: String,
	},
	/// Pay an address privately: spends notes of the wallet, hidden among other notes of the
	/// pool, and returns the change to the wallet. Sent unsigned; nobody learns who paid.
	Transfer {
		#[command(flatten)]
		wallet: WalletArg,
		#[command(flatten)]
		node: NodeArg,
		/// The recipient's wallet address (what `energy-wallet address` prints).
		#[arg(long, value_name = "ADDRESS", value_parser = parse_address)]
		to: PublicAddress,
		/// How much to pay, in EUR (or Wh with `--asset energy`).
		#[arg(long, value_name = "AMOUNT")]
		amount: String,
		/// Pay the amount as this many notes of equal value (the last takes what does not
		/// divide): to make notes of your own for later payments and unshields.
		#[arg(long, value_name = "N", default_value_t = 1)]
		notes: u32,
		/// The fee, in the pool's asset [default: what the transfer's shape requires; paying
		/// more raises its priority].
		#[arg(long, value_name = "AMOUNT")]
		fee: Option<String>,
	},
	/// Move a note back out of the pool to a public account. Spends one note whole, so one
	/// note must hold exactly the amount plus the fee, and a transfer must have made it (a
	/// shield's amount is public): `transfer` to yourself makes one.
	Unshield {
		#[command(flatten)]
		wallet: WalletArg,
		#[command(flatten)]
		node: NodeArg,
		/// The account paid, as an SS58 address.
		#[arg(long, value_name = "SS58", value_parser = parse_account)]
		dest: AccountId32,
		/// How much it receives, in EUR (or Wh with `--asset energy`).
		#[arg(long, value_name = "AMOUNT")]
		amount: String,
		/// The fee, in the pool's asset [default: what an unshield with a full ring requires;
		/// paying more raises its priority].
		#[arg(long, value_name = "AMOUNT")]
		fee: Option<String>,
	},
}

#[tokio::main]
async fn main() -> ExitCode {
	energy_client::init_logging();
	let cli = Cli::parse();
	// Amounts are written in the unit of `--asset`, so the argument parser cannot check them on
	// its own: they are checked here, before anything else, and refused as the parser refuses
	// a malformed argument (exit code 2).
	for (flag, text) in amounts(&cli.command) {
		if let Err(error) = cli.asset.parse(text) {
			Cli::command()
				.error(
					ErrorKind::ValueValidation,
					format!("invalid value '{text}' for '--{flag} <AMOUNT>': {error}"),
				)
				.exit();
		}
	}
	match run(cli.asset, cli.command).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			// `{:#}` puts the whole chain of causes on one line.
			eprintln!("error: {error:#}");
			ExitCode::FAILURE
		}
	}
}

/// The amounts `command` was given, with their flags: `--amount` and `--fee`.
fn amounts(command: &Command) -> Vec<(&'static str, &str)> {
	match command {
		Command::Shield { amount, .. } => vec![("amount", amount)],
		Command::Transfer { amount, fee, .. } | Command::Unshield { amount, fee, .. } => {
			let mut amounts = vec![("amount", amount.as_str())];
			amounts.extend(fee.as_deref().map(|fee| ("fee", fee)));
			amounts
		}
		_ => Vec::new(),
	}
}

/// `fee` as the user wrote it, in `asset`.
fn parse_fee(asset: Asset, fee: Option<String>) -> Result<Option<Amount>> {
	fee.map(|fee| asset.parse(&fee)).transpose()
}

async fn run(asset: Asset, command: Command) -> Result<()> {
	match command {
		Command::New { wallet: WalletArg { wallet: path } } => {
			let wallet = Wallet::generate(&mut OsRng);
			wallet.create(&path)?;
			println!("{}", format_address(&wallet.address()));
		}
		Command::Address { wallet: WalletArg { wallet: path } } => {
			println!("{}", format_address(&Wallet::load(&path)?.address()));
		}
		Command::Balance { wallet: WalletArg { wallet: path } } => {
			let mut wallet = Wallet::load(&path)?;
			check_pool(&mut wallet, asset)?;
			print_notes(&wallet, asset);
		}
		Command::Scan { wallet: WalletArg { wallet: path }, node: NodeArg { url } } => {
			let mut wallet = Wallet::load(&path)?;
			let pool = Pool::connect(&url, asset).await?;
			scan(&mut wallet, &path, &pool).await?;
			print_notes(&wallet, asset);
		}
		Command::Shield {
			wallet: WalletArg { wallet: path },
			node: NodeArg { url },
			suri,
			amount,
		} => {
			let amount = asset.parse(&amount)?;
			anyhow::ensure!(amount > 0, "the amount to shield must be more than zero");
			let signer = keypair(&suri)?;
			let mut wallet = Wallet::load(&path)?;
			check_pool(&mut wallet, asset)?;
			// The pool is recorded before the shield is sent, whatever comes back.
			wallet.save(&path)?;
			let pool = Pool::connect(&url, asset).await?;
			let shield = builder::build_shield(&wallet.address(), amount, &mut OsRng)
				.map_err(|error| anyhow::anyhow!("cannot build the shield: {error}"))?;
			let included =
				pool.submit_signed(&calls::shield_call(asset, amount, &shield), &signer).await?;
			match included.shielded_note_index() {
				Some(index) => {
					wallet.add_notes(wallet.find_owned(&[(index, shield.note)]));
					wallet.save(&path)?;
					println!(
						"shielded {} into note {index} in block 0x{}",
						asset.format(amount),
						hex::encode(included.block_hash)
					);
				}
				None => println!(
					"shielded {} in block 0x{}; run `scan` to see the note",
					asset.format(amount),
					hex::encode(included.block_hash)
				),
			}
		}
		Command::Transfer {
			wallet: WalletArg { wallet: path },
			node: NodeArg { url },
			to,
			amount,
			notes,
			fee,
		} => {
			let (amount, fee) = (asset.parse(&amount)?, parse_fee(asset, fee)?);
			let Spend { mut wallet, pool, limits, pool_notes, .. } =
				Spend::prepare(&path, &url, asset).await?;
			let transfer = transactions::build_transfer(
				&wallet,
				&pool.spend_domain().await?,
				&pool_notes,
				&to,
				amount,
				notes,
				fee,
				&limits,
				&mut OsRng,
			)?;
			let fee = transfer.fee;
			let included = pool.submit_unsigned(&calls::transfer_call(asset, &transfer)).await?;
			let spent: Vec<_> = transfer.inputs.iter().map(|input| input.key_image).collect();
			wallet.mark_spent(&spent);
			let mut change = None;
			if let Some(first) = included.first_transferred_note_index() {
				let outputs: Vec<_> = (first..).zip(transfer.outputs.iter().copied()).collect();
				let own = wallet.find_owned(&outputs);
				// Paying oneself makes both outputs one's own: the change is the other one.
				change = Some(
					own.iter().map(|note| note.amount).sum::<Amount>()
						- if to == wallet.address() { amount } else { 0 },
				);
				wallet.add_notes(own);
			}
			wallet.save(&path)?;
			println!(
				"paid {} (fee {}) in block 0x{}{}",
				asset.format(amount),
				asset.format(fee),
				hex::encode(included.block_hash),
				match change {
					Some(change) => format!("; change {}", asset.format(change)),
					None => "; run `scan` to see the change".to_string(),
				}
			);
		}
		Command::Unshield {
			wallet: WalletArg { wallet: path },
			node: NodeArg { url },
			dest,
			amount,
			fee,
		} => {
			let (amount, fee) = (asset.parse(&amount)?, parse_fee(asset, fee)?);
			let Spend { mut wallet, pool, limits, pool_notes, public } =
				Spend::prepare(&path, &url, asset).await?;
			let unshield = transactions::build_unshield(
				&wallet,
				&pool.spend_domain().await?,
				&pool_notes,
				&public,
				&dest,
				amount,
				fee,
				&limits,
				&mut OsRng,
			)?;
			let fee = unshield.fee;
			let included =
				pool.submit_unsigned(&calls::unshield_call(asset, &unshield, &dest)).await?;
			wallet.mark_spent(&[unshield.input.key_image]);
			wallet.save(&path)?;
			println!(
				"unshielded {} to {dest} (fee {}) in block 0x{}",
				asset.format(amount),
				asset.format(fee),
				hex::encode(included.block_hash)
			);
		}
	}
	Ok(())
}

/// Read the pool, replace the wallet's notes with what it owns there (spent ones marked), save
/// the wallet, and return the pool's notes (the decoys of a spend) and which of them shields
/// made.
async fn scan(wallet: &mut Wallet, path: &Path, pool: &Pool) -> Result<Snapshot> {
	check_pool(wallet, pool.asset())?;
	let snapshot = pool.snapshot().await?;
	if let Some(previous) = &wallet.scanned {
		anyhow::ensure!(
			previous.genesis_hash == snapshot.mark.genesis_hash,
			"the wallet was scanned on another chain (genesis {}), not this one (genesis {})",
			previous.genesis_hash,
			snapshot.mark.genesis_hash
		);
	}
	let mut owned = wallet.find_owned(&snapshot.notes);
	let images: Vec<_> = owned.iter().map(|note| note.key_image).collect();
	for (note, spent) in owned.iter_mut().zip(pool.spent(&images).await?) {
		note.spent = spent;
	}
	tracing::info!(
		"read {} notes at block #{}, {} of them the wallet's",
		snapshot.notes.len(),
		snapshot.mark.block_number,
		owned.len()
	);
	wallet.notes = owned;
	wallet.scanned = Some(snapshot.mark.clone());
	wallet.save(path)?;
	Ok(snapshot)
}

/// What a transfer or an unshield starts from: the wallet, freshly scanned and saved; the
/// connection to its node; the pool's limits; and the pool's notes, the rings are drawn from,
/// with the indices of those shields made.
struct Spend {
	wallet: Wallet,
	pool: Pool,
	limits: Limits,
	pool_notes: Vec<(NoteIndex, energy_privacy::Note)>,
	public: BTreeSet<NoteIndex>,
}

impl Spend {
	async fn prepare(path: &Path, url: &str, asset: Asset) -> Result<Self> {
		let mut wallet = Wallet::load(path)?;
		let pool = Pool::connect(url, asset).await?;
		let limits = pool.limits().await?;
		let Snapshot { notes: pool_notes, public, .. } = scan(&mut wallet, path, &pool).await?;
		Ok(Spend { wallet, pool, limits, pool_notes, public })
	}
}

/// Refuses a wallet that holds the other asset's notes, and records the pool in a wallet that
/// held none yet (the caller saves it with what it does next).
fn check_pool(wallet: &mut Wallet, asset: Asset) -> Result<()> {
	match &wallet.pool {
		Some(pool) => anyhow::ensure!(
			pool == asset.pallet(),
			"the wallet holds notes of the {pool} pool, not the {} pool of `--asset {}`: use \
			 another wallet file (`energy-wallet new`) for each asset",
			asset.pallet(),
			format!("{asset:?}").to_lowercase()
		),
		None => wallet.pool = Some(asset.pallet().to_string()),
	}
	Ok(())
}

/// The balance, then one line per note: index, amount, spent or not.
fn print_notes(wallet: &Wallet, asset: Asset) {
	println!("balance {}", asset.format_wide(wallet.balance()));
	match &wallet.scanned {
		Some(mark) => println!(
			"as of block #{} ({}), {} notes in the pool",
			mark.block_number, mark.block_hash, mark.note_count
		),
		None => println!("never scanned: run `energy-wallet scan`"),
	}
	for note in &wallet.notes {
		println!(
			"note {:>6}  {:>24}  {}",
			note.index,
			asset.format(note.amount),
			if note.spent { "spent" } else { "unspent" }
		);
	}
}
