//! Notes and memos: SCALE-decoded and raw notes scanned by a fixed household. A random note is
//! almost never addressed to it; when scanning says it is, its memo must open its commitment.

#![no_main]

use codec::Decode;
use energy_privacy::{
	commit, scan_note, AccountKeys, Commitment, EncryptedMemo, Note, OneTimeAddress, Scalar,
	TxPublicKey,
};
use libfuzzer_sys::fuzz_target;

fn check(keys: &AccountKeys, note: &Note, index: u32) {
	if let Ok(Some(owned)) = scan_note(keys, note, index) {
		assert_eq!(commit(owned.amount, &owned.blinding), note.commitment);
	}
}

fuzz_target!(|data: &[u8]| {
	let keys = AccountKeys::from_secrets(Scalar::from(3u64), Scalar::from(5u64));
	let index = data.first().copied().map(u32::from).unwrap_or_default();
	if let Ok(note) = Note::decode(&mut &data[..]) {
		check(&keys, &note, index);
	}
	if let Some((words, memo)) = data.split_first_chunk::<96>() {
		let word = |i: usize| {
			let mut bytes = [0u8; 32];
			bytes.copy_from_slice(&words[32 * i..32 * (i + 1)]);
			bytes
		};
		let memo = memo.first_chunk::<8>().copied().unwrap_or_default();
		let note = Note {
			address: OneTimeAddress(word(0)),
			tx_public_key: TxPublicKey(word(1)),
			commitment: Commitment(word(2)),
			memo: EncryptedMemo(memo),
		};
		check(&keys, &note, index);
	}
	let _ = EncryptedMemo::decode(&mut &data[..]);
});
