//! End-to-end: the real node binary runs the four-validator consortium on 127.0.0.1, produces
//! and finalises blocks on every validator, and a restarted node keeps its finalized head; a
//! member's node that does not validate still refuses peers the consortium did not authorize.
//! Its tests are named `end_to_end_*`: scripts/e2e.sh runs them beside the other end-to-end
//! tests, and scripts/test.sh's `cargo test` run skips them.

mod common;

use std::time::Duration;

use common::{eventually, Node, NodeConfig, STARTUP_TIMEOUT};

const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// Start the consortium: Alice first, the others with Alice as bootnode.
async fn start_consortium(root: &std::path::Path) -> Vec<Node> {
	let configs: Vec<NodeConfig> = VALIDATORS
		.iter()
		.enumerate()
		.map(|(index, name)| NodeConfig::validator("consortium", name, root, index as u8))
		.collect();
	start_all(configs).await
}

/// Start the nodes one after the other, each with every node started before it as a bootnode,
/// so every pair of nodes dials each other and the full mesh does not wait for the DHT's
/// discovery (which, on a loaded machine, once left two nodes apart for over a minute).
async fn start_all(configs: Vec<NodeConfig>) -> Vec<Node> {
	let mut nodes: Vec<Node> = Vec::new();
	let mut bootnodes = Vec::new();
	for mut config in configs {
		config.bootnodes = bootnodes.clone();
		let mut node = Node::start(config);
		node.wait_for_rpc(STARTUP_TIMEOUT).await;
		bootnodes.push(node.multiaddr().await);
		nodes.push(node);
	}
	nodes
}

/// Wait until every node has finalized at least block `number`, and all agree on its hash.
async fn wait_all_finalized(nodes: &[Node], number: u64) -> String {
	let refs: Vec<&Node> = nodes.iter().collect();
	eventually(
		&format!("all nodes to finalize block #{number}"),
		Duration::from_secs(180),
		&refs,
		|| async {
			let mut hashes = Vec::new();
			for node in nodes {
				let (finalized, _) = node.finalized().await?;
				if finalized < number {
					return None;
				}
				hashes.push(node.block_hash(number).await?);
			}
			hashes.windows(2).all(|pair| pair[0] == pair[1]).then(|| hashes[0].clone())
		},
	)
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn end_to_end_consortium_produces_and_finalizes_blocks_and_survives_a_restart() {
	let root = tempfile::tempdir().expect("temporary directory");
	let mut nodes = start_consortium(root.path()).await;

	// Every validator sees the chain grow and finalised by GRANDPA.
	let refs: Vec<&Node> = nodes.iter().collect();
	for node in &nodes {
		eventually("four peers connected", Duration::from_secs(60), &refs, || async {
			let health = node.call("system_health", vec![]).await?;
			(health["peers"].as_u64()? >= 3).then_some(())
		})
		.await;
	}
	wait_all_finalized(&nodes, 3).await;

	// Aura hands slots round robin, so blocks from slots of all four residues modulo four
	// mean all four validators authored.
	let alice = &nodes[0];
	eventually(
		"blocks authored by all four validators",
		Duration::from_secs(120),
		&refs,
		|| async {
			let (best, _) = alice.best().await?;
			let mut authors = std::collections::BTreeSet::new();
			for number in 1..=best {
				let hash = alice.block_hash(number).await?;
				let header = alice.call("chain_getHeader", vec![hash.into()]).await?;
				authors.insert(common::aura_slot(&header)? % VALIDATORS.len() as u64);
			}
			(authors.len() == VALIDATORS.len()).then_some(())
		},
	)
	.await;

	// Stop three validators: GRANDPA needs more than two thirds, so finality halts on Alice.
	for node in nodes.iter_mut().skip(1) {
		node.stop();
	}
	let (number, hash) = nodes[0].finalized().await.expect("alice answers");
	assert!(number >= 3);
	nodes[0].stop();

	// Alice comes back on her base path with the finalized head she had.
	let mut alice = Node::start(nodes[0].config.clone());
	alice.wait_for_rpc(STARTUP_TIMEOUT).await;
	assert_eq!(alice.finalized().await, Some((number, hash.clone())));
	alice.stop();

	// The whole consortium restarts on its base paths and finality moves on from there.
	let configs: Vec<NodeConfig> = nodes.iter().map(|node| node.config.clone()).collect();
	drop(nodes);
	let nodes = start_all(configs).await;
	let next = wait_all_finalized(&nodes, number + 2).await;
	assert_ne!(next, hash);
	for node in &nodes {
		assert_eq!(
			node.block_hash(number).await,
			Some(hash.clone()),
			"{} kept block #{number}",
			node.name()
		);
	}
	let alice_base = nodes[0].config.base_path.clone();
	for mut node in nodes {
		node.stop();
	}

	// The maintenance subcommands work on a stopped validator's database.
	let base = alice_base.to_str().expect("utf-8 path");
	let exported = alice_base.join("blocks.json");
	let (_, stderr, ok) = common::run_node_command(&[
		"export-blocks",
		"--chain",
		"consortium",
		"--base-path",
		base,
		"--from",
		"1",
		"--to",
		"3",
		exported.to_str().expect("utf-8 path"),
	]);
	assert!(ok, "export-blocks failed: {stderr}");
	let blocks = std::fs::read_to_string(&exported).expect("exported blocks");
	// JSON blocks, one after the other.
	assert_eq!(blocks.matches("\"header\"").count(), 3);
	let database = alice_base.join("chains/consortium/paritydb");
	assert!(database.exists());
	let (_, stderr, ok) = common::run_node_command(&[
		"purge-chain",
		"--chain",
		"consortium",
		"--base-path",
		base,
		"-y",
	]);
	assert!(ok, "purge-chain failed: {stderr}");
	assert!(!database.exists(), "purge-chain removed the database");
}

/// Node authorization holds on every node of the consortium, not only on validators. A member's
/// RPC node (a well-known node that does not validate) must refuse an outsider, which then
/// cannot sync from it. Before, only nodes that ran an offchain worker, validators by default,
/// told the network which peers are authorized: the member's node took any peer.
#[tokio::test(flavor = "multi_thread")]
async fn end_to_end_an_outsider_cannot_sync_from_a_members_rpc_node() {
	let root = tempfile::tempdir().expect("temporary directory");
	// `local` has two well-known nodes, of network keys 1 (Alice) and 2; Bob does not run, so
	// Alice authors every other slot.
	let nodes = start_all(vec![
		NodeConfig::validator("local", "alice", root.path(), 0),
		NodeConfig::follower("local", "member", root.path(), 1),
	])
	.await;
	let member = &nodes[1];
	let refs: Vec<&Node> = nodes.iter().collect();
	eventually("the member's node to import block #2", Duration::from_secs(120), &refs, || async {
		(member.best().await?.0 >= 2).then_some(())
	})
	.await;

	// The outsider (network key 10, in no list) knows only the member's node.
	let mut config = NodeConfig::follower("local", "outsider", root.path(), 9);
	config.bootnodes = vec![member.multiaddr().await];
	let mut outsider = Node::start(config);
	outsider.wait_for_rpc(STARTUP_TIMEOUT).await;
	let (from, _) = member.best().await.expect("the member answers");
	eventually(
		"the member's node to import three more blocks",
		Duration::from_secs(120),
		&refs,
		|| async { (member.best().await?.0 >= from + 3).then_some(()) },
	)
	.await;
	let health = outsider.call("system_health", vec![]).await.expect("the outsider answers");
	assert_eq!(health["peers"].as_u64(), Some(0), "the outsider found a peer: {health}");
	assert_eq!(outsider.best().await.map(|(number, _)| number), Some(0), "the outsider synced");
	outsider.stop();
}
