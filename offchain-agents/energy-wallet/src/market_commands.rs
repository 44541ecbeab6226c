//! What `energy-wallet market` does: a household registers its market key, offers energy from
//! its energy wallet, agrees with a buyer (handing it the terms), buys with its money wallet,
//! and settles: the buyer releases or takes back its payment, the seller claims it against its
//! meter and takes its lock back. The auditor opens the amounts of a block's private trades.
//! Each command reads the chain, builds with [`crate::market_trades`], records what it must
//! remember in the market file before it sends, and prints what happened.

use crate::{
	asset::Asset,
	market_admission::{admit, Admission},
	market_file::{bytes32, new_seed, one_time_key, scalar, to_hex32, MarketFile},
	market_node::{ChainAgreement, MarketNode},
	market_trades::{self, choose_ring, AgreedTerms, MarketView, PoolView},
	money::format_money,
	pool::Pool,
	wallet_file::Wallet,
};
use anyhow::{anyhow, bail, ensure, Context, Result};
use codec::{Decode, Encode};
use energy_primitives::{AgreementId, OfferId, Phase, SlotIndex};
use energy_privacy::{
	market_sign, registration_message, AgreementCommitments, AuditHandle, AuditorKey,
	AuditorSecret, Commitment, MarketRole, MarketScope, PriceBounds,
};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use std::path::Path;
use subxt_signer::sr25519::Keypair;

/// Register the household's market key (making the market file if there is none yet),
/// signed by the household's account `signer`.
pub async fn register(path: &Path, url: &str, signer: &Keypair) -> Result<()> {
	let mut file = match path.exists() {
		true => MarketFile::load(path)?,
		false => {
			let file = MarketFile::generate(&mut OsRng);
			file.create(path)?;
			file
		}
	};
	let node = MarketNode::connect(url).await?;
	file.check_chain(&node.genesis())?;
	file.save(path)?;
	let account = signer.public_key().0;
	if let Some(index) = node.key_of(&account).await? {
		bail!("the household has market key {index} already");
	}
	let secret = file.secret()?;
	let key = secret.public_key();
	let scope = MarketScope { genesis: node.genesis(), slot: 0, role: MarketRole::Registration };
	let (proof, image) = market_sign(
		&registration_message(&account.encode()),
		&scope,
		&[key],
		0,
		&secret,
		&mut OsRng,
	)
	.map_err(|error| anyhow!("cannot prove the market key: {error}"))?;
	let call = crate::market_node::market_call(
		"register_market_key",
		vec![key.encode(), proof.encode(), image.encode()],
	);
	let included = node.submit_signed(&call, signer).await?;
	let index = included
		.event::<([u8; 32], u32)>("MarketKeyRegistered")
		.map(|(_, index)| index)
		.context("the registration deposited no MarketKeyRegistered event")?;
	println!("registered market key {index} in block 0x{}", hex::encode(included.block_hash));
	Ok(())
}

/// Make a one-time buyer key, kept in the market file; print it for the seller.
pub fn buyer_key(path: &Path) -> Result<()> {
	let (_, key) = new_buyer_key(path)?;
	println!("{}", to_hex32(&key));
	Ok(())
}

/// [`buyer_key`]'s work: the new key's seed (in hex) and public key, the seed saved first.
pub fn new_buyer_key(path: &Path) -> Result<(String, [u8; 32])> {
	let mut file = MarketFile::load(path)?;
	let seed = new_seed(&mut OsRng);
	let key = one_time_key(&seed)?.public_key().0;
	file.buyer_keys.push(seed.clone());
	file.save(path)?;
	Ok((seed, key))
}

/// Makes sure the wallet at `wallet_path` (of `asset`) holds notes of exactly `amount` and a
/// lock's fee: if it does not, it pays itself that much as one hidden note (a private transfer,
/// one block) and scans. A lock has no change, so an agent that learns what it pays only when
/// it agrees makes the note then.
pub async fn prepare_exact_note(
	wallet_path: &Path,
	url: &str,
	asset: Asset,
	amount: u64,
) -> Result<()> {
	let mut spending = Spending::prepare(wallet_path, url, asset).await?;
	if market_trades::exact_notes(&spending.wallet, amount, spending.ring, &spending.limits).is_ok()
	{
		return Ok(());
	}
	// The transfer adds two notes (the payment to itself and the change), which the lock's
	// rings may then draw from.
	let ring = spending.limits.ring_among(spending.notes.len() + 2, "notes")?;
	let note = amount + spending.limits.fees.lock(1, ring);
	let transfer = crate::transactions::build_transfer(
		&spending.wallet,
		&spending.domain,
		&spending.notes,
		&spending.wallet.address(),
		note,
		1,
		None,
		&spending.limits,
		&mut OsRng,
	)?;
	let pool = Pool::connect(url, asset).await?;
	pool.submit_unsigned(&crate::calls::transfer_call(asset, &transfer)).await?;
	let spent: Vec<_> = transfer.inputs.iter().map(|input| input.key_image).collect();
	spending.spent(wallet_path, &spent)?;
	pool.rescan(&mut spending.wallet, wallet_path).await?;
	Ok(())
}

/// The market as a household trades in it now: the chain, the slot trading now (it must be in
/// its negotiation phase), the household's seat, the auditor, and the limits.
struct Trading {
	node: MarketNode,
	genesis: [u8; 32],
	slot: SlotIndex,
	ring: market_trades::Ring,
	auditor: AuditorKey,
	stamp_bits: u32,
}

impl Trading {
	async fn start(url: &str, file: &mut MarketFile, path: &Path) -> Result<Self> {
		let node = MarketNode::connect(url).await?;
		let genesis = node.genesis();
		file.check_chain(&genesis)?;
		file.save(path)?;
		let status = node.status().await?;
		ensure!(
			status.phase == Phase::Negotiation,
			"slot {} is recording its agreements: private offers and purchases wait for the \
			 next slot's negotiation",
			status.slot
		);
		let secret = file.secret()?;
		let own_key = secret.public_key();
		let registered = node.market_keys().await?;
		let own =
			registered.iter().find(|(_, key)| *key == own_key).map(|(index, _)| *index).context(
				"the market file's key is not registered: run `energy-wallet market register`",
			)?;
		let limits = node.limits().await?;
		let ring = choose_ring(&registered, own, &limits, &mut OsRng)?;
		let auditor = node.auditor().await?.context(
			"the consortium has named no auditor yet: nothing private can be traded that nobody \
			 could audit",
		)?;
		Ok(Trading {
			node,
			genesis,
			slot: status.slot + 1,
			ring,
			auditor,
			stamp_bits: limits.stamp_bits,
		})
	}

	fn view<'a>(&'a self, secret: &'a energy_privacy::MarketSecret) -> MarketView<'a> {
		MarketView {
			genesis: self.genesis,
			slot: self.slot,
			ring: &self.ring,
			secret,
			auditor: &self.auditor,
			stamp_bits: self.stamp_bits,
		}
	}
}

/// A wallet of `asset`, freshly scanned, and the pool it spends in.
struct Spending {
	wallet: Wallet,
	domain: Vec<u8>,
	notes: Vec<(u64, energy_privacy::Note)>,
	limits: crate::select::Limits,
	ring: u32,
}

impl Spending {
	async fn prepare(path: &Path, url: &str, asset: Asset) -> Result<Self> {
		let mut wallet = Wallet::load(path)?;
		let pool = Pool::connect(url, asset).await?;
		let limits = pool.limits().await?;
		let snapshot = pool.rescan(&mut wallet, path).await?;
		let ring = limits.ring_among(snapshot.notes.len(), "notes")?;
		let domain = pool.spend_domain().await?;
		Ok(Spending { wallet, domain, notes: snapshot.notes, limits, ring })
	}

	fn view(&self) -> PoolView<'_> {
		PoolView { domain: &self.domain, notes: &self.notes, limits: &self.limits, ring: self.ring }
	}

	/// Marks `spent` spent in the wallet and saves it.
	fn spent(&mut self, path: &Path, spent: &[energy_privacy::KeyImage]) -> Result<()> {
		self.wallet.mark_spent(spent);
		self.wallet.save(path)
	}
}

/// Offer exactly `energy` Wh of the energy wallet's notes for the slot trading now.
pub async fn offer(
	path: &Path,
	wallet_path: &Path,
	url: &str,
	energy: u64,
	details: &str,
) -> Result<()> {
	let made = make_offer(path, wallet_path, url, energy, details.as_bytes()).await?;
	println!(
		"offer {} locks {energy} Wh for slot {} in block 0x{}",
		made.offer,
		made.slot,
		hex::encode(made.block_hash)
	);
	Ok(())
}

/// A private offer on the chain.
pub struct OfferMade {
	/// Its identifier, and its delivery slot.
	pub offer: OfferId,
	pub slot: SlotIndex,
	/// The seed of its one-time key, which negotiates for it and consents.
	pub key_seed: String,
	/// The block that includes it.
	pub block_hash: [u8; 32],
}

/// [`offer`]'s work, with `details` for buyers: the offer made.
pub async fn make_offer(
	path: &Path,
	wallet_path: &Path,
	url: &str,
	energy: u64,
	details: &[u8],
) -> Result<OfferMade> {
	let mut file = MarketFile::load(path)?;
	let trading = Trading::start(url, &mut file, path).await?;
	ensure!(
		trading.node.grid_prices(trading.slot).await?.is_some(),
		"the grid operator has not priced slot {} yet",
		trading.slot
	);
	let mut energy_pool = Spending::prepare(wallet_path, url, Asset::Energy).await?;
	let secret = file.secret()?;
	let (call, record, spent) = market_trades::build_offer(
		&trading.view(&secret),
		&energy_pool.wallet,
		&energy_pool.view(),
		energy,
		details.to_vec(),
		&mut OsRng,
	)?;
	// The offer's secrets are recorded before it is sent: what its lock holds is lost without
	// them. A refusal drops the record; a crash, or a transaction whose fate is unknown, leaves
	// it, and the next command finds its offer or drops it once its slot has come.
	let key_seed = record.key_seed.clone();
	file.offers.push(record);
	file.save(path)?;
	let included = match trading.node.submit_unsigned(&call).await {
		Ok(included) => included,
		Err(error) => {
			if never_sent(&error) {
				file.offers.retain(|record| record.key_seed != key_seed);
				file.save(path)?;
			}
			return Err(error);
		}
	};
	energy_pool.spent(wallet_path, &spent)?;
	let offer = included
		.event::<(u64,)>("PrivateOfferMade")
		.map(|(offer,)| offer)
		.context("the offer deposited no PrivateOfferMade event")?;
	if let Some(record) = file.offers.iter_mut().find(|record| record.key_seed == key_seed) {
		record.offer = Some(offer);
	}
	file.save(path)?;
	Ok(OfferMade { offer, slot: trading.slot, key_seed, block_hash: included.block_hash })
}

/// What a seller agrees to: `energy` Wh of its offer `offer` for `payment`, to the buyer whose
/// one-time key is `buyer_key`.
pub struct Sale {
	pub offer: OfferId,
	pub energy: u64,
	pub payment: u64,
	pub buyer_key: [u8; 32],
}

/// The seller agrees to `sale`; the terms for the buyer go to `terms_path`.
pub async fn agree(
	path: &Path,
	money_wallet: &Path,
	url: &str,
	sale: &Sale,
	terms_path: &Path,
) -> Result<()> {
	let terms = agree_terms(path, money_wallet, url, sale).await?;
	let text = serde_json::to_string_pretty(&terms).context("cannot encode the terms")?;
	std::fs::write(terms_path, text + "\n")
		.with_context(|| format!("cannot write {}", terms_path.display()))?;
	println!(
		"agreed to sell {} Wh of offer {} for {}: terms in {}",
		sale.energy,
		sale.offer,
		format_money(sale.payment),
		terms_path.display()
	);
	Ok(())
}

/// [`agree`]'s work: the terms for the buyer, the sale recorded in the market file.
pub async fn agree_terms(
	path: &Path,
	money_wallet: &Path,
	url: &str,
	&Sale { offer, energy, payment, buyer_key }: &Sale,
) -> Result<AgreedTerms> {
	let mut file = MarketFile::load(path)?;
	let Settling { node, agreements, .. } = settling(url, &mut file, path).await?;
	let genesis = node.genesis();
	let position = file
		.offers
		.iter()
		.position(|record| record.offer == Some(offer) && !record.closed)
		.with_context(|| format!("the market file made no open offer {offer}"))?;
	let chain =
		node.offer(offer).await?.with_context(|| format!("the chain has no offer {offer}"))?;
	let record = &file.offers[position];
	let prices = node
		.grid_prices(record.slot)
		.await?
		.with_context(|| format!("slot {} has no grid prices", record.slot))?;
	let bounds = PriceBounds::per_wh(prices.import_price, prices.feed_in_price)
		.context("the slot's import price does not fit a private amount")?;
	let wallet = Wallet::load(money_wallet)?;
	let (terms, sale) = market_trades::agree(
		genesis,
		record,
		&chain,
		&agreements,
		&bounds,
		&wallet,
		energy,
		payment,
		buyer_key,
		&mut OsRng,
	)?;
	file.offers[position].sales.push(sale);
	file.save(path)?;
	Ok(terms)
}

/// The buyer buys what the terms at `terms_path` say, with its money wallet's notes.
pub async fn buy(path: &Path, money_wallet: &Path, url: &str, terms_path: &Path) -> Result<()> {
	let text = std::fs::read_to_string(terms_path)
		.with_context(|| format!("cannot read {}", terms_path.display()))?;
	let terms: AgreedTerms = serde_json::from_str(&text)
		.with_context(|| format!("{} is not an agreement's terms", terms_path.display()))?;
	let bought = buy_terms(path, money_wallet, url, &terms).await?;
	println!(
		"bought {} Wh of offer {} for {} as agreement {} in block 0x{}",
		terms.energy,
		terms.offer,
		format_money(terms.payment),
		record_id(bought.agreement),
		hex::encode(bought.block_hash)
	);
	Ok(())
}

/// A private purchase on the chain.
pub struct Bought {
	/// The agreement's identifier.
	pub agreement: Option<AgreementId>,
	/// The block that includes it.
	pub block_hash: [u8; 32],
}

/// A buyer's admissions to negotiate each of `offers` of the slot trading now under
/// `buyer_key`: its market key signs each in a ring drawn as a purchase's is
/// ([`crate::market_admission`]).
pub async fn admissions(
	path: &Path,
	url: &str,
	offers: &[OfferId],
	buyer_key: &[u8; 32],
) -> Result<Vec<Admission>> {
	let mut file = MarketFile::load(path)?;
	let trading = Trading::start(url, &mut file, path).await?;
	let secret = file.secret()?;
	offers
		.iter()
		.map(|offer| {
			admit(
				&trading.genesis,
				*offer,
				trading.slot,
				&trading.ring,
				&secret,
				buyer_key,
				&mut OsRng,
			)
		})
		.collect()
}

/// [`buy`]'s work.
pub async fn buy_terms(
	path: &Path,
	money_wallet: &Path,
	url: &str,
	terms: &AgreedTerms,
) -> Result<Bought> {
	let mut file = MarketFile::load(path)?;
	let key_seed = file
		.buyer_keys
		.iter()
		.find(|seed| {
			one_time_key(seed).is_ok_and(|key| to_hex32(&key.public_key().0) == terms.buyer_key)
		})
		.cloned()
		.context("the terms name a buyer key the market file did not make (`market buyer-key`)")?;
	let trading = Trading::start(url, &mut file, path).await?;
	ensure!(
		terms.slot == trading.slot,
		"the terms deliver in slot {}, but slot {} is trading now",
		terms.slot,
		trading.slot
	);
	let mut money_pool = Spending::prepare(money_wallet, url, Asset::Money).await?;
	let secret = file.secret()?;
	let (call, record, spent) = market_trades::build_purchase(
		&trading.view(&secret),
		terms,
		&key_seed,
		&money_pool.wallet,
		&money_pool.view(),
		&mut OsRng,
	)?;
	// The purchase's secrets are recorded before it is sent (as an offer's).
	file.purchases.push(record);
	file.save(path)?;
	let submitted = trading.node.submit_unsigned(&call).await.map_err(|error| {
		// The transaction pool's word for a second purchase of one offer sent beside the first:
		// both take the offer's remaining energy, which each consent binds.
		if format!("{error:#}").contains("Priority is too low") {
			error.context(
				"another purchase of this offer waits for a block, and these terms were proven \
				 against what the offer had left before it: ask the seller for new terms once it \
				 is in",
			)
		} else {
			error
		}
	});
	let included = match submitted {
		Ok(included) => included,
		Err(error) => {
			if never_sent(&error) {
				file.purchases.retain(|record| record.key_seed != key_seed);
				file.save(path)?;
			}
			return Err(error);
		}
	};
	money_pool.spent(money_wallet, &spent)?;
	let agreement = included.event::<(u64,)>("PrivateAgreementMade").map(|(id,)| id);
	if let Some(record) = file.purchases.iter_mut().find(|record| record.key_seed == key_seed) {
		record.agreement = agreement;
	}
	file.buyer_keys.retain(|seed| *seed != key_seed);
	file.save(path)?;
	Ok(Bought { agreement, block_hash: included.block_hash })
}

/// Whether `error` (of [`crate::pool::submit_transaction`]) says the transaction never entered
/// the node's transaction pool: refused on validation or on submission. Any later error (the
/// connection lost while waiting for a block, say) leaves its fate unknown.
fn never_sent(error: &anyhow::Error) -> bool {
	error.chain().any(|cause| {
		let text = cause.to_string();
		["the chain refuses", "the chain cannot check", "cannot ask the node", "the node refused"]
			.iter()
			.any(|refusal| text.starts_with(refusal))
	})
}

fn record_id(agreement: Option<AgreementId>) -> String {
	agreement.map_or_else(|| "?".to_string(), |id| id.to_string())
}

/// What settling starts from: the node, the chain's slot now and the agreements it holds.
struct Settling {
	node: MarketNode,
	now: SlotIndex,
	agreements: Vec<(AgreementId, ChainAgreement)>,
}

/// The chain's slot now and its agreements, with the market file's offers and purchases whose
/// identifiers a crash left unknown found on the chain (by their one-time keys), or dropped once
/// their slot has passed without them: they never reached the chain, or (a purchase) its seller
/// has claimed it.
async fn settling(url: &str, file: &mut MarketFile, path: &Path) -> Result<Settling> {
	let node = MarketNode::connect(url).await?;
	file.check_chain(&node.genesis())?;
	let now = node.status().await?.slot;
	let offers = match file.offers.iter().any(|record| record.offer.is_none()) {
		true => node.offers().await?,
		false => Vec::new(),
	};
	let agreements = node.agreements().await?;
	market_trades::resolve_pending(file, &offers, &agreements, now)?;
	file.save(path)?;
	Ok(Settling { node, now, agreements })
}

/// Runs `settle` on each item, prints what it did or why it could not, and fails if any could
/// not.
fn report(results: Vec<(String, Result<String>)>) -> Result<()> {
	let mut failed = 0;
	for (what, result) in &results {
		match result {
			Ok(done) => println!("{what}: {done}"),
			Err(error) => {
				failed += 1;
				eprintln!("{what}: {error:#}");
			}
		}
	}
	if results.is_empty() {
		println!("nothing to settle");
	}
	ensure!(failed == 0, "{failed} of {} could not be settled", results.len());
	Ok(())
}

/// The buyer releases the payment of each purchase whose slot is over.
pub async fn release(path: &Path, url: &str) -> Result<()> {
	let mut file = MarketFile::load(path)?;
	let Settling { node, now, .. } = settling(url, &mut file, path).await?;
	let mut results = Vec::new();
	for index in 0..file.purchases.len() {
		let purchase = file.purchases[index].clone();
		let Some(agreement) = purchase.agreement.filter(|_| !purchase.settled) else { continue };
		if purchase.slot >= now {
			continue;
		}
		let result = async {
			let call = market_trades::release(node.genesis(), agreement, &purchase)?;
			let included = node.submit_unsigned(&call).await?;
			Ok(format!(
				"released {} to the seller in block 0x{}",
				format_money(purchase.payment),
				hex::encode(included.block_hash)
			))
		}
		.await;
		if result.is_ok() {
			file.purchases[index].settled = true;
			file.save(path)?;
		}
		results.push((format!("agreement {agreement}"), result));
	}
	report(results)
}

/// The buyer takes back the payment of each purchase the seller did not claim within the claim
/// window, to a new note of its money wallet.
pub async fn refund(path: &Path, money_wallet: &Path, url: &str) -> Result<()> {
	let mut file = MarketFile::load(path)?;
	let Settling { node, now, agreements: kept } = settling(url, &mut file, path).await?;
	let window = node.claim_slots().await?;
	let wallet = Wallet::load(money_wallet)?;
	let mut results = Vec::new();
	for index in 0..file.purchases.len() {
		let purchase = file.purchases[index].clone();
		let Some(agreement) = purchase.agreement.filter(|_| !purchase.settled) else { continue };
		if !kept.iter().any(|(id, _)| *id == agreement) {
			// Released or claimed: the seller has the payment.
			file.purchases[index].settled = true;
			file.save(path)?;
			continue;
		}
		let result = async {
			ensure!(
				now > purchase.slot + window,
				"the seller may claim it until slot {} is over",
				purchase.slot + window
			);
			let call =
				market_trades::refund(node.genesis(), agreement, &purchase, &wallet, &mut OsRng)?;
			let included = node.submit_unsigned(&call).await?;
			let penalty = included
				.event::<(u64, u64, u64)>("PaymentRefunded")
				.map_or(0, |(_, _, penalty)| penalty);
			Ok(format!(
				"took {} back in block 0x{}; the seller paid {penalty} Wh to the grid operator",
				format_money(purchase.payment),
				hex::encode(included.block_hash)
			))
		}
		.await;
		if result.is_ok() {
			file.purchases[index].settled = true;
			file.save(path)?;
		}
		results.push((format!("agreement {agreement}"), result));
	}
	report(results)
}

/// The seller `seller` claims, against its meter, the payment of each sale whose buyer has not
/// released it; the claim names the seller.
pub async fn claim(path: &Path, url: &str, seller: &Keypair) -> Result<()> {
	let mut file = MarketFile::load(path)?;
	let Settling { node, now, agreements: kept } = settling(url, &mut file, path).await?;
	let account = seller.public_key().0;
	let mut results = Vec::new();
	for offer_index in 0..file.offers.len() {
		let offer = file.offers[offer_index].clone();
		let Some(offer_id) = offer.offer.filter(|_| offer.slot < now) else { continue };
		for (sale_index, sale) in offer.sales.iter().enumerate() {
			if sale.settled {
				continue;
			}
			let key = bytes32(&sale.buyer_key, "a buyer's key")?;
			let found = kept.iter().find(|(_, agreement): &&(u64, ChainAgreement)| {
				agreement.offer == offer_id && agreement.buyer_key == key
			});
			let Some((agreement, _)) = found else {
				// Never bought, or already paid or refunded.
				file.offers[offer_index].sales[sale_index].settled = true;
				file.save(path)?;
				continue;
			};
			let result = async {
				let call =
					market_trades::claim(node.genesis(), *agreement, &offer, sale, &account)?;
				let included = node.submit_signed(&call, seller).await?;
				Ok(format!(
					"claimed {} for {} Wh in block 0x{}",
					format_money(sale.payment),
					sale.energy,
					hex::encode(included.block_hash)
				))
			}
			.await;
			if result.is_ok() {
				file.offers[offer_index].sales[sale_index].settled = true;
				file.save(path)?;
			}
			results.push((format!("agreement {agreement}"), result));
		}
	}
	report(results)
}

/// The seller takes back what each of its offers whose slot is over returns, to its energy
/// wallet.
pub async fn close(path: &Path, energy_wallet: &Path, url: &str) -> Result<()> {
	let mut file = MarketFile::load(path)?;
	let Settling { node, now, .. } = settling(url, &mut file, path).await?;
	let wallet = Wallet::load(energy_wallet)?;
	let mut results = Vec::new();
	for index in 0..file.offers.len() {
		let offer = file.offers[index].clone();
		let Some(offer_id) = offer.offer.filter(|_| !offer.closed && offer.slot < now) else {
			continue;
		};
		let result = async {
			let chain = node
				.offer(offer_id)
				.await?
				.with_context(|| format!("the chain no longer holds offer {offer_id}"))?;
			ensure!(
				chain.open == 0,
				"{} of its agreements are neither paid nor refunded yet",
				chain.open
			);
			let (call, returned) =
				market_trades::close(node.genesis(), &offer, &chain, &wallet, &mut OsRng)?;
			let included = node.submit_unsigned(&call).await?;
			Ok(format!("took {returned} Wh back in block 0x{}", hex::encode(included.block_hash)))
		}
		.await;
		if result.is_ok() {
			file.offers[index].closed = true;
			file.save(path)?;
		}
		results.push((format!("offer {offer_id}"), result));
	}
	report(results)
}

/// The auditor's file: its secret.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AuditorFile {
	auditor_secret: String,
}

/// Make an auditor's secret in a new file at `path`; print its public key, which the
/// consortium sets by ballot (`PrivateMarket.set_auditor_key`).
pub fn auditor_key(path: &Path) -> Result<()> {
	use std::{fs::OpenOptions, io::Write, os::unix::fs::OpenOptionsExt};
	let secret = energy_privacy::Scalar::random(&mut OsRng);
	let text = serde_json::to_string_pretty(&AuditorFile {
		auditor_secret: to_hex32(&secret.to_bytes()),
	})?;
	OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)
		.and_then(|mut file| file.write_all((text + "\n").as_bytes()))
		.with_context(|| {
			format!("cannot create the auditor's file {} (it is never overwritten)", path.display())
		})?;
	println!("{}", to_hex32(&AuditorSecret::from_secret(secret).public_key().0));
	Ok(())
}

/// Open, with the auditor's secret at `path`, the amounts of every private offer and
/// agreement made in the finalized block `block`.
pub async fn audit(path: &Path, url: &str, block: u64) -> Result<()> {
	let text = std::fs::read_to_string(path)
		.with_context(|| format!("cannot read the auditor's file {}", path.display()))?;
	let file: AuditorFile = serde_json::from_str(&text)
		.with_context(|| format!("{} is not an auditor's file", path.display()))?;
	let auditor = AuditorSecret::from_secret(scalar(&file.auditor_secret, "the auditor's secret")?);
	let node = MarketNode::connect(url).await?;
	let open = |commitment: &Commitment, handle: &AuditHandle| {
		auditor.open(commitment, handle).map_err(|error| {
			anyhow!("does not open with this auditor's key ({error}): was it sealed for another?")
		})
	};
	let mut found = 0;
	for event in node.events_of_block(block).await? {
		if event.is(crate::market_node::PALLET, "PrivateOfferMade") {
			let (offer, slot, locked, handle) =
				<(u64, SlotIndex, Commitment, AuditHandle)>::decode(&mut &event.fields[..])
					.context("cannot decode a PrivateOfferMade event")?;
			println!("offer {offer} (slot {slot}): {} Wh", open(&locked, &handle)?);
			found += 1;
		} else if event.is(crate::market_node::PALLET, "PrivateAgreementMade") {
			let (agreement, offer, slot, agreed, handles) =
				<(u64, u64, SlotIndex, AgreementCommitments, [AuditHandle; 2])>::decode(
					&mut &event.fields[..],
				)
				.context("cannot decode a PrivateAgreementMade event")?;
			println!(
				"agreement {agreement} (offer {offer}, slot {slot}): {} Wh for {}",
				open(&agreed.energy, &handles[0])?,
				format_money(open(&agreed.payment, &handles[1])?)
			);
			found += 1;
		}
	}
	if found == 0 {
		println!("block {block} holds no private offer or agreement");
	}
	Ok(())
}
