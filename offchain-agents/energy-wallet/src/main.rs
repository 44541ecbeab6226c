//! The wallet of the energy marketplace's shielded pools, money and energy: keys in a file, notes
//! found by scanning the chain, and private payments.

use anyhow::Result;
use clap::{error::ErrorKind, CommandFactory, Parser, Subcommand};
use energy_client::keypair;
use energy_privacy::{builder, PublicAddress};
use energy_wallet::{
	asset::Asset,
	calls, market_commands, market_file,
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
	/// Trade energy on the private market: nobody reading the chain learns which household
	/// offered, sold or bought, nor how much or at what price. A market file (`--market`)
	/// holds the household's market secret and what it must remember to settle its trades:
	/// keep it private and do not lose it.
	Market {
		#[command(subcommand)]
		command: MarketCommand,
	},
}

/// The household's market file.
#[derive(clap::Args, Debug)]
struct MarketArg {
	/// The market file (JSON, holding the market secret and one-time keys: keep it private).
	#[arg(long, value_name = "FILE")]
	market: PathBuf,
}

#[derive(Subcommand, Debug)]
enum MarketCommand {
	/// Register the household's market key, which puts it in the rings private trades hide
	/// in (a signed transaction of the household's account; makes the market file if it does
	/// not exist).
	Register {
		#[command(flatten)]
		market: MarketArg,
		#[command(flatten)]
		node: NodeArg,
		/// Secret URI of the household's account.
		#[arg(long)]
		suri: String,
	},
	/// Make a one-time key for a purchase and print it: the seller's consent names it.
	BuyerKey {
		#[command(flatten)]
		market: MarketArg,
	},
	/// Offer energy for the slot trading now: locks notes of the energy wallet that hold
	/// exactly the energy and the lock's fee (a lock has no change).
	Offer {
		#[command(flatten)]
		market: MarketArg,
		/// The energy wallet the notes come from and the lock returns to.
		#[arg(long, value_name = "FILE")]
		wallet: PathBuf,
		#[command(flatten)]
		node: NodeArg,
		/// The energy offered, in Wh.
		#[arg(long, value_name = "WH")]
		energy: u64,
		/// What buyers read of the offer (its asking price, say).
		#[arg(long, default_value = "")]
		details: String,
	},
	/// As the seller, agree to sell part of an offer to a buyer: proves the agreement within
	/// the slot's grid prices, consents with the offer's one-time key, and writes the terms the
	/// buyer's `buy` needs (hand them over privately).
	Agree {
		#[command(flatten)]
		market: MarketArg,
		/// The money wallet the payment goes to.
		#[arg(long, value_name = "FILE")]
		wallet: PathBuf,
		#[command(flatten)]
		node: NodeArg,
		/// The offer sold from.
		#[arg(long)]
		offer: u64,
		/// The energy sold, in Wh.
		#[arg(long, value_name = "WH")]
		energy: u64,
		/// The payment, in EUR.
		#[arg(long, value_name = "AMOUNT")]
		payment: String,
		/// The buyer's one-time key (what its `market buyer-key` printed).
		#[arg(long, value_name = "HEX")]
		buyer_key: String,
		/// Where to write the terms for the buyer.
		#[arg(long, value_name = "FILE")]
		terms: PathBuf,
	},
	/// As the buyer, buy what the seller's terms say: locks notes of the money wallet that
	/// hold exactly the payment and the lock's fee.
	Buy {
		#[command(flatten)]
		market: MarketArg,
		/// The money wallet that pays.
		#[arg(long, value_name = "FILE")]
		wallet: PathBuf,
		#[command(flatten)]
		node: NodeArg,
		/// The seller's terms (what its `market agree` wrote).
		#[arg(long, value_name = "FILE")]
		terms: PathBuf,
	},
	/// As the buyer, pay the seller: releases the payment of each purchase whose slot is over.
	Release {
		#[command(flatten)]
		market: MarketArg,
		#[command(flatten)]
		node: NodeArg,
	},
	/// As the seller, claim each payment a buyer did not release, against the household's
	/// meter (a signed transaction: it names the household and the energy).
	Claim {
		#[command(flatten)]
		market: MarketArg,
		#[command(flatten)]
		node: NodeArg,
		/// Secret URI of the household's account, whose meter delivered.
		#[arg(long)]
		suri: String,
	},
	/// As the buyer, take back each payment the seller did not claim within the claim window,
	/// to the money wallet; the seller's energy goes to the grid operator as its penalty.
	Refund {
		#[command(flatten)]
		market: MarketArg,
		/// The money wallet the payment returns to.
		#[arg(long, value_name = "FILE")]
		wallet: PathBuf,
		#[command(flatten)]
		node: NodeArg,
	},
	/// As the seller, take back what each offer whose slot is over still locks, to the energy
	/// wallet (once its agreements are paid or refunded).
	Close {
		#[command(flatten)]
		market: MarketArg,
		/// The energy wallet the lock returns to.
		#[arg(long, value_name = "FILE")]
		wallet: PathBuf,
		#[command(flatten)]
		node: NodeArg,
	},
	/// Make an auditor's secret in a new file and print its key, which the consortium names by
	/// ballot (`PrivateMarket.set_auditor_key`).
	AuditorKey {
		/// The auditor's file (it is never overwritten).
		#[arg(long, value_name = "FILE")]
		auditor: PathBuf,
	},
	/// As the auditor, open the amounts of the private offers and agreements of a finalized
	/// block.
	Audit {
		/// The auditor's file.
		#[arg(long, value_name = "FILE")]
		auditor: PathBuf,
		#[command(flatten)]
		node: NodeArg,
		/// The block's number.
		#[arg(long)]
		block: u64,
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
		// A market payment is money whatever `--asset` says.
		let asset = if flag == "payment" { Asset::Money } else { cli.asset };
		if let Err(error) = asset.parse(text) {
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
		Command::Market { command: MarketCommand::Agree { payment, .. } } => {
			vec![("payment", payment)]
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
			wallet.check_pool(asset)?;
			print_notes(&wallet, asset);
		}
		Command::Scan { wallet: WalletArg { wallet: path }, node: NodeArg { url } } => {
			let mut wallet = Wallet::load(&path)?;
			let pool = Pool::connect(&url, asset).await?;
			pool.rescan(&mut wallet, &path).await?;
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
			wallet.check_pool(asset)?;
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
		Command::Market { command } => market(command).await?,
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
		let Snapshot { notes: pool_notes, public, .. } = pool.rescan(&mut wallet, path).await?;
		Ok(Spend { wallet, pool, limits, pool_notes, public })
	}
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

/// `energy-wallet market ...`.
async fn market(command: MarketCommand) -> Result<()> {
	match command {
		MarketCommand::Register { market: MarketArg { market }, node: NodeArg { url }, suri } => {
			market_commands::register(&market, &url, &keypair(&suri)?).await
		}
		MarketCommand::BuyerKey { market: MarketArg { market } } => {
			market_commands::buyer_key(&market)
		}
		MarketCommand::Offer {
			market: MarketArg { market },
			wallet,
			node: NodeArg { url },
			energy,
			details,
		} => market_commands::offer(&market, &wallet, &url, energy, &details).await,
		MarketCommand::Agree {
			market: MarketArg { market },
			wallet,
			node: NodeArg { url },
			offer,
			energy,
			payment,
			buyer_key,
			terms,
		} => {
			let payment = Asset::Money.parse(&payment)?;
			let buyer_key = market_file::bytes32(&buyer_key, "the buyer's key")?;
			let sale = market_commands::Sale { offer, energy, payment, buyer_key };
			market_commands::agree(&market, &wallet, &url, &sale, &terms).await
		}
		MarketCommand::Buy {
			market: MarketArg { market },
			wallet,
			node: NodeArg { url },
			terms,
		} => market_commands::buy(&market, &wallet, &url, &terms).await,
		MarketCommand::Release { market: MarketArg { market }, node: NodeArg { url } } => {
			market_commands::release(&market, &url).await
		}
		MarketCommand::Claim { market: MarketArg { market }, node: NodeArg { url }, suri } => {
			market_commands::claim(&market, &url, &keypair(&suri)?).await
		}
		MarketCommand::Refund { market: MarketArg { market }, wallet, node: NodeArg { url } } => {
			market_commands::refund(&market, &wallet, &url).await
		}
		MarketCommand::Close { market: MarketArg { market }, wallet, node: NodeArg { url } } => {
			market_commands::close(&market, &wallet, &url).await
		}
		MarketCommand::AuditorKey { auditor } => market_commands::auditor_key(&auditor),
		MarketCommand::Audit { auditor, node: NodeArg { url }, block } => {
			market_commands::audit(&auditor, &url, block).await
		}
	}
}
